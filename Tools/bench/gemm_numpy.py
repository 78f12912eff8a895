#!/usr/bin/env python3
"""numpy's sgemm (OpenBLAS, usually) timed on the shapes `nabla bench gemm` measures.

The thread count comes from the environment: OPENBLAS_NUM_THREADS (and OMP_NUM_THREADS,
MKL_NUM_THREADS) must be set before numpy is imported, so the caller sets it for each process:

    OPENBLAS_NUM_THREADS=1 python3 Tools/bench/gemm_numpy.py --shapes 1024x1024x1024:nn,128x512x784:nt

A shape is MxNxK:V, V one of nn (A·B), tn (Aᵀ·B), nt (A·Bᵀ); C = op(A)·op(B) is written into a
preallocated float32 array with np.matmul(..., out=C), as `gemm` writes into its C. Each of
--repeat repetitions times a loop of calls lasting at least --seconds; the best one counts.
Prints JSON on stdout; exits 2 with a message on stderr when numpy cannot be imported.
"""
import argparse
import json
import os
import sys
import time


def parse_shape(text):
    dims, variant = text.split(":")
    m, n, k = (int(x) for x in dims.split("x"))
    if variant not in ("nn", "tn", "nt"):
        raise ValueError(f"unknown variant {variant!r} in {text!r}")
    return m, n, k, variant


def time_product(np, m, n, k, variant, repeat, seconds):
    rng = np.random.default_rng(0)
    a = rng.standard_normal((k, m) if variant == "tn" else (m, k), dtype=np.float32)
    b = rng.standard_normal((n, k) if variant == "nt" else (k, n), dtype=np.float32)
    # Transposed views, not copies: OpenBLAS reads them with its transpose flags.
    op_a = a.T if variant == "tn" else a
    op_b = b.T if variant == "nt" else b
    c = np.empty((m, n), dtype=np.float32)
    np.matmul(op_a, op_b, out=c)
    start = time.perf_counter()
    np.matmul(op_a, op_b, out=c)
    once = max(time.perf_counter() - start, 1e-7)
    calls = max(1, int(seconds / once))
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        for _ in range(calls):
            np.matmul(op_a, op_b, out=c)
        best = min(best, (time.perf_counter() - start) / calls)
    return best


def blas_name(np):
    try:
        config = np.show_config(mode="dicts")
        blas = config["Build Dependencies"]["blas"]
        return f'{blas.get("name", "?")} {blas.get("version", "")}'.strip()
    except Exception:
        return "unknown"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shapes", required=True, help="comma-separated MxNxK:V")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--seconds", type=float, default=0.05, help="least duration of one repetition")
    args = parser.parse_args()
    shapes = [parse_shape(s) for s in args.shapes.split(",") if s]
    try:
        import numpy as np
    except ImportError as error:
        print(f"cannot import numpy ({error})", file=sys.stderr)
        sys.exit(2)
    results = []
    for m, n, k, variant in shapes:
        seconds = time_product(np, m, n, k, variant, args.repeat, args.seconds)
        results.append({"m": m, "n": n, "k": k, "variant": variant, "seconds": seconds,
                        "gflops": 2.0 * m * n * k / seconds / 1e9})
    print(json.dumps({"numpy": np.__version__, "blas": blas_name(np),
                      "threads": os.environ.get("OPENBLAS_NUM_THREADS", "default"),
                      "results": results}, indent=1))


if __name__ == "__main__":
    main()
