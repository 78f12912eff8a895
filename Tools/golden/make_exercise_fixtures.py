#!/usr/bin/env python3
"""Make the PyTorch fixtures of Nabla's exercises (GoldenData/exercises, format golden-v1).

Developer-only, like make_golden.py, whose helpers it uses: same seeding (a stable hash of each
fixture's name), float64, one thread, byte-identical output on every run. `nabla exercises check
NAME` runs the fixtures whose file name starts with NAME_ on a learner's implementation.

    .venv-golden/bin/python Tools/golden/make_exercise_fixtures.py            # write them all
    .venv-golden/bin/python Tools/golden/make_exercise_fixtures.py --check    # up to date?
"""
import argparse
import sys
from pathlib import Path

import torch
import torch.nn as nn
import torch.nn.functional as F

sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_golden import (REPO_ROOT, T, Ts, dumps, header, layer_fixture, loss_fixture, module_fixture,  # noqa: E402
                         seed, validate)

OUT = REPO_ROOT / "GoldenData" / "exercises"


def spread(*shape, scale=2.0):
    """Normal values, none within 1e-3 of 0 (where ReLU-like branches meet)."""
    x = torch.randn(*shape) * scale
    return torch.where(x.abs() < 1e-3, torch.full_like(x, 0.5), x)


# ---------------------------------------------------------------- chapter 2: layers

def ch2():
    yield layer_fixture(seed("silu_3x4"), "silu", {}, F.silu, spread(3, 4))
    yield layer_fixture(seed("silu_4x2x3"), "silu", {}, F.silu, spread(4, 2, 3, scale=4))
    yield layer_fixture(seed("elu_alpha1"), "elu", {"alpha": 1.0}, lambda x: F.elu(x, 1.0), spread(3, 5))
    yield layer_fixture(seed("elu_alpha0p5"), "elu", {"alpha": 0.5}, lambda x: F.elu(x, 0.5), spread(4, 3))
    yield layer_fixture(seed("gelu_3x4"), "gelu", {"approximate": "tanh"},
                        lambda x: F.gelu(x, approximate="tanh"), spread(3, 4))
    yield layer_fixture(seed("gelu_5x3"), "gelu", {"approximate": "tanh"},
                        lambda x: F.gelu(x, approximate="tanh"), spread(5, 3, scale=3))
    yield layer_fixture(seed("softplus_beta1"), "softplus", {"beta": 1.0, "threshold": 20.0},
                        lambda x: F.softplus(x, 1.0, 20.0), spread(3, 4))
    yield layer_fixture(seed("softplus_beta2"), "softplus", {"beta": 2.0, "threshold": 20.0},
                        lambda x: F.softplus(x, 2.0, 20.0), spread(3, 4))
    yield layer_fixture(seed("softplus_threshold1"), "softplus", {"beta": 1.0, "threshold": 1.0},
                        lambda x: F.softplus(x, 1.0, 1.0), spread(3, 4))
    seed("prelu_shared")
    yield module_fixture("prelu_shared", "prelu", {"num_parameters": 1, "init": 0.25}, nn.PReLU(1, 0.25), spread(3, 5))
    seed("prelu_per_channel")
    m = nn.PReLU(3, 0.1)
    with torch.no_grad():
        m.weight.copy_(torch.tensor([0.1, -0.2, 0.3]))
    yield module_fixture("prelu_per_channel", "prelu", {"num_parameters": 3, "init": 0.1}, m, spread(4, 3, 2, 2))


GENERATORS = [ch2]


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--check", action="store_true", help="write nothing; exit 1 if a file is missing or differs")
    args = ap.parse_args(argv)
    fixtures = [fx for gen in GENERATORS for fx in gen()]
    names = [fx["name"] for fx in fixtures]
    assert len(set(names)) == len(names), "duplicate fixture names"
    OUT.mkdir(parents=True, exist_ok=True)
    stale = 0
    for fx in fixtures:
        validate(fx)
        path = OUT / f"{fx['name']}.json"
        text = dumps(fx)
        if args.check:
            if not path.exists() or path.read_text() != text:
                print(f"differs: {path}")
                stale += 1
        else:
            path.write_text(text)
    print(f"{'checked' if args.check else 'wrote'} {len(fixtures)} exercise fixtures in {OUT}")
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main())
