#!/usr/bin/env python3
"""Make Nabla's golden fixtures (format `golden-v1`) with PyTorch.

Developer-only. The Swift project never runs this; it only reads the JSON files
this writes into GoldenData/. See Tools/golden/README.md and
GOLDEN-FORMAT.md at the repository's root (the format contract).

    .venv-golden/bin/python Tools/golden/make_golden.py              # DEFAULT_OPS
    .venv-golden/bin/python Tools/golden/make_golden.py --only conv2d,adam
    .venv-golden/bin/python Tools/golden/make_golden.py --list
    .venv-golden/bin/python Tools/golden/make_golden.py --check      # files up to date?

Determinism: every fixture reseeds torch with a stable hash of its own name
(zlib.crc32) before it draws anything, computes in float64 on one thread, and
is written with Python's shortest round-trip float repr. Re-running gives
byte-identical files, and selecting a subset with --only does not change the
content of any fixture.
"""

import argparse
import json
import math
import sys
import zlib
from pathlib import Path

import torch
import torch.nn as nn
import torch.nn.functional as F

torch.set_default_dtype(torch.float64)
torch.set_num_threads(1)
torch.use_deterministic_algorithms(True)

FORMAT = "golden-v1"
REFERENCE = f"torch {torch.__version__} float64"
# The Swift verifier computes in Double, so tight tolerances are right for
# every kind (layers, losses, optimizers, models): the only differences left
# are rounding-order effects of a few ulps.
TOLERANCE = {"rtol": 1e-6, "atol": 1e-9}

REPO_ROOT = Path(__file__).resolve().parents[2]

# Ops written when --only is not given. Keys are the op names of
# GOLDEN-FORMAT.md, except the model fixtures (all of which have op
# "sequential"), which are grouped by what they need from the Swift side:
#   sequential_mlp        linear/relu/tanh/sigmoid/leaky_relu/flatten, the
#                         five losses, sgd (all default ops)
#   sequential_mlp_optim  the same MLPs trained with adagrad/rmsprop/adam/adamw
#   sequential_cnn        conv2d, max_pool2d/avg_pool2d, flatten, linear, sgd/adamw
#   sequential_bn_mlp     linear, batch_norm1d (running stats in params), sgd/adam
# Add an op here once the Swift side implements it (see README.md).
DEFAULT_OPS = [
    "linear", "relu", "sigmoid", "tanh", "leaky_relu", "softmax", "log_softmax",
    "flatten", "conv2d", "conv_transpose2d", "max_pool2d", "avg_pool2d", "upsample_nearest2d",
    "batch_norm1d", "batch_norm2d", "layer_norm", "dropout",
    "adaptive_avg_pool2d", "basic_block", "bottleneck",
    "mse_loss", "l1_loss", "cross_entropy", "bce_with_logits", "multiclass_hinge",
    "sgd", "adagrad", "rmsprop", "adam", "adamw",
    "sequential_mlp", "sequential_mlp_optim", "sequential_cnn", "sequential_bn_mlp",
]


# ----------------------------------------------------------------------------
# helpers
# ----------------------------------------------------------------------------

def seed(name):
    """Reseed torch from the fixture's name; returns the name."""
    torch.manual_seed(zlib.crc32(name.encode("utf-8")))
    return name


def T(t):
    """A torch tensor as a golden-v1 tensor: {"shape": [...], "data": [...]}."""
    t = t.detach().contiguous()
    if t.dtype == torch.float64:
        data = [float(v) for v in t.reshape(-1).tolist()]
    elif t.dtype in (torch.int64, torch.int32):
        data = [int(v) for v in t.reshape(-1).tolist()]
    else:
        raise TypeError(f"unexpected dtype {t.dtype}")
    return {"shape": list(t.shape), "data": data}


def Ts(d):
    return {k: T(v) for k, v in d.items()}


def header(kind, op, name, config):
    return {
        "format": FORMAT,
        "kind": kind,
        "op": op,
        "name": name,
        "config": config,
        "reference": REFERENCE,
        "tolerance": dict(TOLERANCE),
    }


def lin(lo, hi, *shape):
    """Evenly spaced values from lo to hi (inclusive) in the given shape."""
    return torch.linspace(lo, hi, math.prod(shape)).reshape(*shape)


def pair(v):
    return tuple(v) if isinstance(v, (list, tuple)) else v


def layer_fixture(name, op, config, fn, x, params=None, extra_inputs=None,
                  buffers=None, note=None):
    """Forward y = fn(x), backward with a random upstream gradient.

    params: name -> leaf tensor (requires_grad) used inside fn; their grads are
    recorded. extra_inputs: non-differentiable inputs (dropout's mask).
    buffers: () -> (before, after) dicts, for batch norm.
    """
    params = params or {}
    x = x.detach().clone().requires_grad_(True)
    for p in params.values():
        p.grad = None
    before = {k: v.detach().clone() for k, v in buffers().items()} if buffers else None
    y = fn(x)
    upstream = torch.randn_like(y)
    (y * upstream).sum().backward()
    fx = header("layer", op, name, config)
    if note:
        fx["note"] = note
    fx["inputs"] = Ts({"x": x, **(extra_inputs or {})})
    fx["params"] = Ts(params)
    if buffers:
        fx["buffers_before"] = Ts(before)
        fx["buffers_after"] = Ts({k: v.detach().clone() for k, v in buffers().items()})
    fx["outputs"] = {"y": T(y)}
    fx["upstream"] = {"y": T(upstream)}
    fx["grads"] = Ts({"x": x.grad, **{k: p.grad for k, p in params.items()}})
    return fx


def module_fixture(name, op, config, module, x, note=None, buffers=False, train=True):
    module.train(train)
    params = dict(module.named_parameters())
    buf = None
    if buffers:
        buf = lambda: {"running_mean": module.running_mean, "running_var": module.running_var}
    return layer_fixture(name, op, config, module, x, params=params, buffers=buf, note=note)


def loss_fixture(name, op, config, fn, input, target, note=None):
    input = input.detach().clone().requires_grad_(True)
    loss = fn(input, target)
    loss.backward()
    fx = header("loss", op, name, config)
    if note:
        fx["note"] = note
    fx["inputs"] = Ts({"input": input, "target": target})
    fx["params"] = {}
    fx["outputs"] = {"loss": T(loss)}
    fx["grads"] = {"input": T(input.grad)}
    return fx


# ----------------------------------------------------------------------------
# layers
# ----------------------------------------------------------------------------

def gen_linear():
    cases = [  # (name, N, in, out, bias, linspace input?)
        ("linear_3x5_to_4", 3, 5, 4, True, False),
        ("linear_1x7_to_2", 1, 7, 2, True, False),
        ("linear_6x2_to_9_nobias", 6, 2, 9, False, False),
        ("linear_4x3_to_5_linspace", 4, 3, 5, True, True),
        ("linear_5x4_to_1_nobias_linspace", 5, 4, 1, False, True),
    ]
    for name, n, fin, fout, bias, use_lin in cases:
        seed(name)
        m = nn.Linear(fin, fout, bias=bias)
        x = lin(-2, 2, n, fin) if use_lin else torch.randn(n, fin)
        cfg = {"in_features": fin, "out_features": fout, "bias": bias}
        yield module_fixture(name, "linear", cfg, m, x)


def gen_relu():
    # torch: relu'(0) = 0 (threshold_backward passes grad only where x > 0).
    note0 = "x contains exact 0.0; torch's relu gradient at 0 is 0"
    cases = [
        ("relu_linspace_3x3_hits_zero", lin(-2, 2, 3, 3), note0),
        ("relu_linspace_1x9_hits_zero", lin(-1, 1, 1, 9), note0),
        ("relu_randn_4x7", torch.randn, (4, 7)),
        ("relu_randn_2x3x5", torch.randn, (2, 3, 5)),
    ]
    yield from _elementwise("relu", {}, F.relu, cases)


def gen_leaky_relu():
    # torch: leaky_relu'(0) = negative_slope (backward tests x > 0 strictly).
    note0 = "x contains exact 0.0; torch's leaky_relu gradient at 0 is negative_slope"
    for slope in (0.01, 0.2):
        tag = f"{slope}".replace(".", "p")
        cases = [
            (f"leaky_relu_s{tag}_linspace_3x5_hits_zero", lin(-3.5, 3.5, 3, 5), note0),
            (f"leaky_relu_s{tag}_randn_4x6", torch.randn, (4, 6)),
            (f"leaky_relu_s{tag}_randn_2x3x2x3", torch.randn, (2, 3, 2, 3)),
        ]
        yield from _elementwise("leaky_relu", {"negative_slope": slope},
                                lambda x, s=slope: F.leaky_relu(x, s), cases)


def _squashing(op, fn, span, large):
    """Sigmoid's and tanh's cases: a linspace over [-span, span], randn, and randn × `large` (saturated)."""
    cases = [
        (f"{op}_linspace_3x5", lin(-span, span, 3, 5), None),
        (f"{op}_randn_4x7", torch.randn, (4, 7)),
        (f"{op}_randn_2x3x4", torch.randn, (2, 3, 4)),
        (f"{op}_large_2x4", lambda *s: large * torch.randn(*s), (2, 4)),
    ]
    yield from _elementwise(op, {}, fn, cases)


def gen_sigmoid():
    yield from _squashing("sigmoid", torch.sigmoid, 6, 30)


def gen_tanh():
    yield from _squashing("tanh", torch.tanh, 3, 15)


def _elementwise(op, cfg, fn, cases):
    """cases: (name, tensor, note) or (name, maker, shape); makers run after seeding."""
    for name, a, b in cases:
        seed(name)
        if callable(a):
            x, note = a(*b), None
        else:
            x, note = a, b
            if note and "exact 0.0" in note:
                assert (x == 0).any(), name
        yield layer_fixture(name, op, dict(cfg), fn, x, note=note)


def gen_softmax():
    yield from _softmax_family("softmax", F.softmax)


def gen_log_softmax():
    yield from _softmax_family("log_softmax", F.log_softmax)


def _softmax_family(op, fn):
    cases = [
        (f"{op}_linspace_3x5", lambda: lin(-2, 2, 3, 5)),
        (f"{op}_randn_4x7", lambda: torch.randn(4, 7)),
        (f"{op}_randn_2x3x5", lambda: torch.randn(2, 3, 5)),
        (f"{op}_randn_1x1x6", lambda: torch.randn(1, 1, 6)),
        # logits around +-50: exp overflows nothing in float64, but a naive
        # exp/sum loses the small probabilities; the max-shift keeps them.
        (f"{op}_large_logits_3x4", lambda: 50 * torch.sign(torch.randn(3, 4)) + torch.randn(3, 4)),
    ]
    for name, make in cases:
        seed(name)
        yield layer_fixture(name, op, {"dim": -1}, lambda x: fn(x, dim=-1), make())


def gen_flatten():
    cases = [
        ("flatten_2x3x4", (2, 3, 4), False),
        ("flatten_2x3x2x5", (2, 3, 2, 5), False),
        ("flatten_1x4x3x2_linspace", (1, 4, 3, 2), True),
        ("flatten_3x1x5", (3, 1, 5), False),
    ]
    for name, shape, use_lin in cases:
        seed(name)
        x = lin(-1, 1, *shape) if use_lin else torch.randn(*shape)
        yield layer_fixture(name, "flatten", {}, lambda t: torch.flatten(t, 1), x)


def gen_conv2d():
    # (name, in, out, kernel_size, stride, padding, bias, x shape)
    cases = [
        ("conv2d_k3_s1_p0", 2, 3, 3, 1, 0, True, (2, 2, 5, 6)),
        ("conv2d_k3_s2_p1", 3, 4, [3, 3], [2, 2], [1, 1], True, (2, 3, 7, 7)),
        ("conv2d_k2x3_s1x2_p1x0_nobias", 2, 2, [2, 3], [1, 2], [1, 0], False, (1, 2, 5, 7)),
        ("conv2d_k2_s3_p1_stride_gt_kernel", 1, 2, 2, 3, 1, True, (2, 1, 8, 7)),
        ("conv2d_k1_s1_p0_pointwise", 4, 3, 1, 1, 0, True, (2, 4, 3, 5)),
        ("conv2d_k3x1_s2x1_p0x2", 2, 3, [3, 1], [2, 1], [0, 2], True, (1, 2, 6, 4)),
        ("conv2d_k5_s1_p2_lenet_first_layer", 1, 6, 5, 1, 2, True, (1, 1, 9, 8)),
        ("conv2d_k3_s1_p1_10_channels", 2, 10, 3, 1, 1, True, (1, 2, 8, 11)),
        ("conv2d_k2x4_s1_p1x2_nobias", 2, 9, [2, 4], 1, [1, 2], False, (2, 2, 5, 4)),
    ]
    yield from convolution_fixtures("conv2d", nn.Conv2d, cases)


def convolution_fixtures(op, module, cases, note=None):
    """One fixture per (name, in, out, kernel_size, stride, padding, bias, x shape) case: the
    module built from those arguments, the config under PyTorch's keys, a random input."""
    for name, cin, cout, k, s, p, bias, shape in cases:
        seed(name)
        m = module(cin, cout, pair(k), stride=pair(s), padding=pair(p), bias=bias)
        cfg = {"in_channels": cin, "out_channels": cout, "kernel_size": k,
               "stride": s, "padding": p, "bias": bias}
        yield module_fixture(name, op, cfg, m, torch.randn(*shape), note=note)


def gen_conv_transpose2d():
    # (name, in, out, kernel_size, stride, padding, bias, x shape)
    cases = [
        ("conv_transpose2d_k3_s2_p1", 2, 3, 3, 2, 1, True, (2, 2, 3, 4)),
        ("conv_transpose2d_k2x3_s2x1_p0x1_nobias", 3, 2, [2, 3], [2, 1], [0, 1], False, (1, 3, 3, 3)),
        ("conv_transpose2d_k4_s2_p1", 1, 2, 4, 2, 1, True, (1, 1, 3, 3)),
        ("conv_transpose2d_k2_s3_p0_stride_gt_kernel", 2, 1, 2, 3, 0, True, (2, 2, 2, 3)),
        ("conv_transpose2d_k3_s1_p1", 4, 3, 3, 1, 1, True, (2, 4, 5, 6)),
        ("conv_transpose2d_k3x2_s1_p0x1_nobias", 2, 7, [3, 2], 1, [0, 1], False, (1, 2, 4, 5)),
    ]
    yield from convolution_fixtures("conv_transpose2d", nn.ConvTranspose2d, cases,
                                    note="weight layout [in, out, kh, kw]; output_padding 0")


def _pool_cases(op):
    # (name, kernel_size, stride or None (= key left out, default kernel_size),
    #  padding or None (= key left out, default 0), x shape)
    return [
        (f"{op}_k2_s2_p0_odd_width", 2, 2, 0, (2, 3, 6, 7)),
        (f"{op}_k3_s2_p1", 3, 2, 1, (1, 2, 7, 5)),
        (f"{op}_k2x3_s1x2_p1x1", [2, 3], [1, 2], [1, 1], (2, 1, 5, 6)),
        (f"{op}_k2_s3_stride_gt_kernel_default_padding", 2, 3, None, (1, 2, 8, 8)),
        (f"{op}_k3x2_default_stride_p1x0", [3, 2], None, [1, 0], (2, 2, 7, 5)),
        (f"{op}_k1x3_s3x1_p0x1_stride_gt_kernel", [1, 3], [3, 1], [0, 1], (2, 2, 7, 5)),
        (f"{op}_k3_s1_p1_overlapping", 3, 1, 1, (1, 3, 4, 5)),
        (f"{op}_k4x3_s2x3_p2x1_odd_sizes", [4, 3], [2, 3], [2, 1], (1, 2, 9, 7)),
    ]


def _pool_cfg(k, s, p):
    cfg = {"kernel_size": k}
    if s is not None:
        cfg["stride"] = s
    if p is not None:
        cfg["padding"] = p
    return cfg


def _pool_fixtures(op, torch_fn, cases, make_input, note):
    """One fixture per (name, kernel, stride or None, padding or None, input shape); PyTorch's
    stride defaults to the kernel and padding to 0."""
    for name, k, s, p, shape in cases:
        seed(name)
        fn = lambda x, k=k, s=s, p=p: torch_fn(x, pair(k), pair(s if s is not None else k), pair(p or 0))
        yield layer_fixture(name, op, _pool_cfg(k, s, p), fn, make_input(shape), note=note)


def gen_max_pool2d():
    # Random normal inputs: no ties inside a window, so the argmax is unique.
    yield from _pool_fixtures("max_pool2d", F.max_pool2d, _pool_cases("max_pool2d"), lambda shape: torch.randn(*shape),
                              note="padding cells are -inf (never the max); ceil_mode false")
    # Small integers: many ties inside overlapping windows. PyTorch takes the first
    # maximum in scan order (row by row), and backward routes the gradient to it.
    ties = [
        ("max_pool2d_k3_s1_p1_ties_first_max", 3, 1, 1, (2, 2, 5, 6)),
        ("max_pool2d_k2x3_s2x1_ties_first_max", [2, 3], [2, 1], None, (1, 3, 6, 5)),
    ]
    yield from _pool_fixtures("max_pool2d", F.max_pool2d, ties, lambda shape: torch.randint(-2, 3, shape).double(),
                              note="ties: the first maximum in scan order wins (it gets the gradient); "
                                   "padding cells are -inf; ceil_mode false")


def gen_avg_pool2d():
    yield from _pool_fixtures("avg_pool2d", F.avg_pool2d, _pool_cases("avg_pool2d"), lambda shape: torch.randn(*shape),
                              note="PyTorch defaults: count_include_pad true (padding zeros "
                                   "count in the divisor, always kh*kw), ceil_mode false")


def _bn_fixture(name, op, cls, c, shape, eps, momentum, training):
    seed(name)
    m = cls(c, eps=eps, momentum=momentum)
    with torch.no_grad():
        m.weight.copy_(1 + 0.5 * torch.randn(c))
        m.bias.copy_(0.5 * torch.randn(c))
        m.running_mean.copy_(0.3 * torch.randn(c))
        m.running_var.copy_(0.5 + torch.rand(c))
    x = 2 * torch.randn(*shape) + 0.5
    cfg = {"num_features": c, "eps": eps, "momentum": momentum, "training": training}
    note = ("training: normalise with the batch's biased variance; running_var is "
            "updated with the unbiased variance" if training else
            "eval: normalise with running_mean/running_var, buffers unchanged")
    return module_fixture(name, op, cfg, m, x, buffers=True, train=training, note=note)


def gen_batch_norm1d():
    yield _bn_fixture("batch_norm1d_train_5x3", "batch_norm1d", nn.BatchNorm1d, 3, (5, 3), 1e-5, 0.1, True)
    yield _bn_fixture("batch_norm1d_train_2x4_m0p3", "batch_norm1d", nn.BatchNorm1d, 4, (2, 4), 1e-3, 0.3, True)
    yield _bn_fixture("batch_norm1d_train_8x1", "batch_norm1d", nn.BatchNorm1d, 1, (8, 1), 1e-5, 0.1, True)
    yield _bn_fixture("batch_norm1d_eval_4x3", "batch_norm1d", nn.BatchNorm1d, 3, (4, 3), 1e-5, 0.1, False)


def gen_batch_norm2d():
    yield _bn_fixture("batch_norm2d_train_2x3x4x5", "batch_norm2d", nn.BatchNorm2d, 3, (2, 3, 4, 5), 1e-5, 0.1, True)
    yield _bn_fixture("batch_norm2d_train_1x2x3x3_m0p5", "batch_norm2d", nn.BatchNorm2d, 2, (1, 2, 3, 3), 1e-3, 0.5, True)
    yield _bn_fixture("batch_norm2d_eval_2x2x3x2", "batch_norm2d", nn.BatchNorm2d, 2, (2, 2, 3, 2), 1e-5, 0.1, False)


def gen_layer_norm():
    cases = [  # (name, x shape, normalized_shape, eps)
        ("layer_norm_3x5_over_5", (3, 5), [5], 1e-5),
        ("layer_norm_2x3x4_over_4", (2, 3, 4), [4], 1e-5),
        ("layer_norm_2x3x4_over_3x4", (2, 3, 4), [3, 4], 1e-5),
        ("layer_norm_4x2x3_over_2x3_eps1e-3", (4, 2, 3), [2, 3], 1e-3),
    ]
    for name, shape, ns, eps in cases:
        name = name.replace("-", "m")
        seed(name)
        m = nn.LayerNorm(ns, eps=eps)
        with torch.no_grad():
            m.weight.copy_(1 + 0.5 * torch.randn(*ns))
            m.bias.copy_(0.5 * torch.randn(*ns))
        x = 2 * torch.randn(*shape) + 0.5
        yield module_fixture(name, "layer_norm", {"normalized_shape": ns, "eps": eps}, m, x,
                             note="biased variance over the trailing dims; elementwise affine")


def gen_dropout():
    cases = [
        ("dropout_p0p5_4x6", 0.5, (4, 6)),
        ("dropout_p0p2_2x3x5", 0.2, (2, 3, 5)),
        ("dropout_p0p75_3x4", 0.75, (3, 4)),
    ]
    for name, p, shape in cases:
        seed(name)
        x = torch.randn(*shape)
        mask = torch.bernoulli(torch.full(shape, 1 - p))
        fn = lambda t, mask=mask, p=p: t * mask / (1 - p)
        yield layer_fixture(name, "dropout", {"p": p}, fn, x, extra_inputs={"mask": mask},
                            note="mask is given; y = x * mask / (1 - p); no grad for mask")


def gen_upsample_nearest2d():
    cases = [
        ("upsample_nearest2d_s2_1x2x3x4", 2, (1, 2, 3, 4)),
        ("upsample_nearest2d_s3_2x1x2x3", 3, (2, 1, 2, 3)),
        ("upsample_nearest2d_s2_2x3x5x3", 2, (2, 3, 5, 3)),
        ("upsample_nearest2d_s2x3_2x2x3x2", [2, 3], (2, 2, 3, 2)),
        ("upsample_nearest2d_s1x2_1x3x4x3", [1, 2], (1, 3, 4, 3)),
        ("upsample_nearest2d_s3x1_1x2x1x5", [3, 1], (1, 2, 1, 5)),
    ]
    for name, s, shape in cases:
        seed(name)
        fn = lambda x, s=s: F.interpolate(x, scale_factor=pair(s), mode="nearest")
        yield layer_fixture(name, "upsample_nearest2d", {"scale_factor": s}, fn, torch.randn(*shape))


# ----------------------------------------------------------------------------
# losses
# ----------------------------------------------------------------------------

def hinge_loss(scores, target, margin):
    """CS231n multiclass SVM loss: mean over N of sum_{j != y} max(0, s_j - s_y + margin).

    torch's multi_margin_loss divides each sample's sum by C; multiply back.
    Its backward counts a term only where s_j - s_y + margin > 0 strictly.
    """
    return scores.shape[1] * F.multi_margin_loss(scores, target, p=1, margin=margin)


def _hinge_by_hand(scores, target, margin):
    n, c = scores.shape
    s_y = scores.gather(1, target[:, None])
    m = torch.relu(scores - s_y + margin)  # relu'(0) = 0, like multi_margin_loss
    m = m * (torch.arange(c)[None, :] != target[:, None])
    return m.sum() / n


def residual_loss_inputs(op):
    """(name, shape, x) of the cases both residual losses are checked on: ranks 1 to 3, and an
    evenly spaced input. Each case's seed is set before x is drawn, so the target drawn next is
    the case's own."""
    for suffix, shape, use_lin in [("rank1_7", (7,), False), ("3x5", (3, 5), False),
                                   ("2x3x4", (2, 3, 4), False), ("4x3_linspace", (4, 3), True)]:
        name = f"{op}_{suffix}"
        seed(name)
        yield name, shape, (lin(-2, 3, *shape) if use_lin else torch.randn(*shape))


def gen_mse_loss():
    for name, shape, x in residual_loss_inputs("mse_loss"):
        t = torch.randn(*shape)
        yield loss_fixture(name, "mse_loss", {}, F.mse_loss, x, t)


def gen_l1_loss():
    # torch: d|x-t|/dx = sign(x - t), which is 0 where x == t. The fixtures
    # keep |x - t| >= 0.1 so they do not depend on that convention.
    for name, shape, x in residual_loss_inputs("l1_loss"):
        d = torch.randn(*shape)
        t = x + torch.sign(d) * (0.1 + d.abs())
        assert ((x - t).abs() >= 0.1 - 1e-12).all()
        yield loss_fixture(name, "l1_loss", {}, F.l1_loss, x, t)


def gen_cross_entropy():
    cases = [
        ("cross_entropy_4x3", (4, 3), 1.0),
        ("cross_entropy_7x10", (7, 10), 1.0),
        ("cross_entropy_1x5", (1, 5), 1.0),
        ("cross_entropy_large_logits_3x4", (3, 4), 50.0),
    ]
    for name, (n, c), scale in cases:
        seed(name)
        x = scale * torch.randn(n, c)
        y = torch.randint(0, c, (n,))
        yield loss_fixture(name, "cross_entropy", {}, F.cross_entropy, x, y,
                           note="target holds integer class labels")


def gen_bce_with_logits():
    def targets(shape):
        t = torch.rand(*shape)
        flat = t.view(-1)
        flat[0::3] = 0.0
        flat[1::3] = 1.0  # every third stays fractional
        return t

    cases = [
        ("bce_with_logits_4x3", (4, 3), None),
        ("bce_with_logits_rank1_7", (7,), None),
        ("bce_with_logits_2x3x4", (2, 3, 4), None),
        ("bce_with_logits_large_logits_3x4", (3, 4), 30.0),
    ]
    for name, shape, big in cases:
        seed(name)
        x = torch.randn(*shape) * 2
        if big:
            x.view(-1)[0::2] = big * torch.sign(x.view(-1)[0::2])  # +-30 exactly
        t = targets(shape)
        yield loss_fixture(name, "bce_with_logits", {}, F.binary_cross_entropy_with_logits, x, t,
                           note="targets include exact 0, exact 1 and fractions")


def gen_multiclass_hinge():
    def integer_scores(n, c, step):
        # multiples of `step` in [-2, 2]: many terms s_j - s_y + margin are exactly 0
        return torch.randint(-int(2 / step), int(2 / step) + 1, (n, c)).double() * step

    cases = [  # (name, N, C, margin, scores maker)
        ("multiclass_hinge_m1_4x3_exact_zero_terms", 4, 3, 1.0, lambda n, c: integer_scores(n, c, 1.0)),
        ("multiclass_hinge_m1_5x6", 5, 6, 1.0, lambda n, c: torch.randn(n, c)),
        ("multiclass_hinge_m1_1x5", 1, 5, 1.0, lambda n, c: torch.randn(n, c)),
        ("multiclass_hinge_m0p5_6x4_exact_zero_terms", 6, 4, 0.5, lambda n, c: integer_scores(n, c, 0.5)),
        ("multiclass_hinge_m0p5_3x7", 3, 7, 0.5, lambda n, c: 2 * torch.randn(n, c)),
    ]
    for name, n, c, margin, make in cases:
        seed(name)
        s = make(n, c)
        y = torch.randint(0, c, (n,))
        note = None
        if "exact_zero" in name:
            z = s - s.gather(1, y[:, None]) + margin
            z[torch.arange(n), y] = -1
            assert (z == 0).any() and (z < 0).any() and (z > 0).any(), name
            note = ("some terms s_j - s_y + margin are exactly 0: they add nothing to the "
                    "gradient (torch counts a term only where it is > 0)")
        fx = loss_fixture(name, "multiclass_hinge", {"margin": margin},
                          lambda a, b, m=margin: hinge_loss(a, b, m), s, y, note=note)
        # cross-check against the formula written out
        s2 = s.clone().requires_grad_(True)
        by_hand = _hinge_by_hand(s2, y, margin)
        by_hand.backward()
        assert abs(by_hand.item() - fx["outputs"]["loss"]["data"][0]) < 1e-12, name
        assert torch.allclose(s2.grad.reshape(-1), torch.tensor(fx["grads"]["input"]["data"]),
                              rtol=0, atol=1e-15), name
        yield fx


# ----------------------------------------------------------------------------
# optimizers
# ----------------------------------------------------------------------------

def make_optimizer(cfg, params):
    """cfg: {"op": ..., golden-v1 config keys}. foreach=False: the plain
    per-tensor loop, which is the documented update rule."""
    op = cfg["op"]
    kw = {k: v for k, v in cfg.items() if k != "op"}
    if op == "sgd":
        return torch.optim.SGD(params, foreach=False, **kw)
    if op == "adagrad":
        return torch.optim.Adagrad(params, foreach=False, **kw)
    if op == "rmsprop":
        return torch.optim.RMSprop(params, foreach=False, **kw)
    if op == "adam":
        kw["betas"] = tuple(kw["betas"])
        return torch.optim.Adam(params, foreach=False, **kw)
    if op == "adamw":
        kw["betas"] = tuple(kw["betas"])
        return torch.optim.AdamW(params, foreach=False, **kw)
    raise ValueError(op)


def optimizer_fixture(name, op, config, steps=4, note=None, make=None):
    """w [3, 4] and b [4], a random gradient each step, the parameters after every step.
    make: params -> a torch optimizer, for ops make_optimizer does not know (the exercises')."""
    seed(name)
    params = {"w": torch.randn(3, 4).requires_grad_(True),
              "b": torch.randn(4).requires_grad_(True)}
    fx = header("optimizer", op, name, config)
    if note:
        fx["note"] = note
    fx["params"] = Ts(params)
    opt = make(list(params.values())) if make else make_optimizer({"op": op, **config}, list(params.values()))
    fx["steps"] = []
    for _ in range(steps):
        grads = {k: torch.randn_like(p) for k, p in params.items()}
        for k, p in params.items():
            p.grad = grads[k].clone()
        opt.step()
        fx["steps"].append({"grads": Ts(grads), "params_after": Ts(params)})
    return fx


def sgd_cfg(lr, momentum=0.0, dampening=0.0, nesterov=False, weight_decay=0.0):
    return {"lr": lr, "momentum": momentum, "dampening": dampening,
            "nesterov": nesterov, "weight_decay": weight_decay}


def gen_sgd():
    note = ("torch: g += weight_decay*p; buf = g on the first step (no dampening), "
            "then buf = momentum*buf + (1-dampening)*g; nesterov: g += momentum*buf, "
            "else g = buf; p -= lr*g")
    yield optimizer_fixture("sgd_plain", "sgd", sgd_cfg(0.1), note=note)
    yield optimizer_fixture("sgd_momentum_0p9", "sgd", sgd_cfg(0.1, momentum=0.9), note=note)
    yield optimizer_fixture("sgd_momentum_0p9_dampening_0p1", "sgd",
                            sgd_cfg(0.1, momentum=0.9, dampening=0.1), note=note)
    yield optimizer_fixture("sgd_nesterov_0p9", "sgd", sgd_cfg(0.05, momentum=0.9, nesterov=True), note=note)
    yield optimizer_fixture("sgd_weight_decay_0p01_momentum_0p9", "sgd",
                            sgd_cfg(0.1, momentum=0.9, weight_decay=0.01), note=note)
    yield optimizer_fixture("sgd_weight_decay_0p1_plain", "sgd", sgd_cfg(0.2, weight_decay=0.1), note=note)


def gen_adagrad():
    # initial_accumulator_value and lr_decay stay at torch's defaults (0), so
    # they are not in the config.
    note = "torch: g += weight_decay*p; sum += g*g; p -= lr * g / (sqrt(sum) + eps)"
    yield optimizer_fixture("adagrad_lr0p1", "adagrad", {"lr": 0.1, "eps": 1e-10, "weight_decay": 0.0}, note=note)
    yield optimizer_fixture("adagrad_lr0p05_eps1em6", "adagrad", {"lr": 0.05, "eps": 1e-6, "weight_decay": 0.0}, note=note)
    yield optimizer_fixture("adagrad_lr0p1_weight_decay_0p01", "adagrad",
                            {"lr": 0.1, "eps": 1e-10, "weight_decay": 0.01}, note=note)
    yield optimizer_fixture("adagrad_torch_defaults_10_steps", "adagrad",
                            {"lr": 0.01, "eps": 1e-10, "weight_decay": 0.0}, steps=10, note=note)
    yield optimizer_fixture("adagrad_eps0p1_weight_decay_0p1", "adagrad",
                            {"lr": 0.2, "eps": 0.1, "weight_decay": 0.1}, note=note)


def gen_rmsprop():
    # momentum 0 and centered false (torch's defaults), so not in the config.
    note = ("torch: g += weight_decay*p; v = alpha*v + (1-alpha)*g*g (v starts at 0); "
            "p -= lr * g / (sqrt(v) + eps)")
    yield optimizer_fixture("rmsprop_default", "rmsprop",
                            {"lr": 0.01, "alpha": 0.99, "eps": 1e-8, "weight_decay": 0.0}, note=note)
    yield optimizer_fixture("rmsprop_alpha0p9", "rmsprop",
                            {"lr": 0.01, "alpha": 0.9, "eps": 1e-8, "weight_decay": 0.0}, note=note)
    yield optimizer_fixture("rmsprop_weight_decay_0p01", "rmsprop",
                            {"lr": 0.005, "alpha": 0.99, "eps": 1e-6, "weight_decay": 0.01}, note=note)
    yield optimizer_fixture("rmsprop_torch_defaults_10_steps", "rmsprop",
                            {"lr": 0.01, "alpha": 0.99, "eps": 1e-8, "weight_decay": 0.0}, steps=10, note=note)
    yield optimizer_fixture("rmsprop_alpha0p5_eps0p1_weight_decay_0p1", "rmsprop",
                            {"lr": 0.02, "alpha": 0.5, "eps": 0.1, "weight_decay": 0.1}, note=note)


# torch.optim.Adam and AdamW on the same cases, one row each:
# (op, name suffix, lr, betas, eps, weight_decay, steps or None).
ADAM_NOTES = {
    "adam": ("torch: g += weight_decay*p (L2, not decoupled); m = b1*m + (1-b1)*g; "
             "v = b2*v + (1-b2)*g*g; p -= (lr / (1-b1^t)) * m / (sqrt(v)/sqrt(1-b2^t) + eps)"),
    "adamw": ("torch: p *= 1 - lr*weight_decay (decoupled, before the Adam step); then Adam "
              "without weight decay"),
}
ADAM_CASES = [
    ("adam", "default_lr0p01", 0.01, [0.9, 0.999], 1e-8, 0.0, None),
    ("adam", "betas_0p8_0p99", 0.05, [0.8, 0.99], 1e-6, 0.0, None),
    ("adam", "weight_decay_0p01", 0.01, [0.9, 0.999], 1e-8, 0.01, None),
    ("adam", "torch_defaults_10_steps", 0.001, [0.9, 0.999], 1e-8, 0.0, 10),
    ("adam", "betas_0p5_0p9_eps0p1_weight_decay_0p1", 0.05, [0.5, 0.9], 0.1, 0.1, None),
    ("adamw", "default_lr0p01", 0.01, [0.9, 0.999], 1e-8, 0.01, None),
    ("adamw", "weight_decay_0p1", 0.05, [0.9, 0.999], 1e-8, 0.1, None),
    ("adamw", "betas_0p8_0p99_no_decay", 0.02, [0.8, 0.99], 1e-6, 0.0, None),
    ("adamw", "torch_defaults_10_steps", 0.001, [0.9, 0.999], 1e-8, 0.01, 10),
    ("adamw", "betas_0p5_0p9_eps0p1_weight_decay_0p5", 0.05, [0.5, 0.9], 0.1, 0.5, None),
]


def adam_fixtures(op):
    """One optimizer fixture per row of ADAM_CASES whose op is `op`."""
    for row_op, suffix, lr, betas, eps, weight_decay, steps in ADAM_CASES:
        if row_op != op:
            continue
        config = {"lr": lr, "betas": betas, "eps": eps, "weight_decay": weight_decay}
        extra = {"steps": steps} if steps else {}
        yield optimizer_fixture(f"{op}_{suffix}", op, config, note=ADAM_NOTES[op], **extra)


def gen_adam():
    yield from adam_fixtures("adam")


def gen_adamw():
    yield from adam_fixtures("adamw")


# ----------------------------------------------------------------------------
# models (kind "model", op "sequential")
# ----------------------------------------------------------------------------

def build_layer(cfg):
    op = cfg["op"]
    if op == "linear":
        return nn.Linear(cfg["in_features"], cfg["out_features"], bias=cfg["bias"])
    if op == "relu":
        return nn.ReLU()
    if op == "sigmoid":
        return nn.Sigmoid()
    if op == "tanh":
        return nn.Tanh()
    if op == "leaky_relu":
        return nn.LeakyReLU(cfg["negative_slope"])
    if op == "flatten":
        return nn.Flatten()
    if op == "conv2d":
        return nn.Conv2d(cfg["in_channels"], cfg["out_channels"], pair(cfg["kernel_size"]),
                         stride=pair(cfg["stride"]), padding=pair(cfg["padding"]), bias=cfg["bias"])
    if op == "max_pool2d":
        return nn.MaxPool2d(pair(cfg["kernel_size"]), pair(cfg["stride"]), pair(cfg.get("padding", 0)))
    if op == "avg_pool2d":
        return nn.AvgPool2d(pair(cfg["kernel_size"]), pair(cfg["stride"]), pair(cfg.get("padding", 0)))
    if op == "batch_norm1d":
        return nn.BatchNorm1d(cfg["num_features"], eps=cfg["eps"], momentum=cfg["momentum"])
    raise ValueError(op)


def build_loss(cfg):
    op = cfg["op"]
    if op == "cross_entropy":
        return F.cross_entropy
    if op == "mse_loss":
        return F.mse_loss
    if op == "l1_loss":
        return F.l1_loss
    if op == "bce_with_logits":
        return F.binary_cross_entropy_with_logits
    if op == "multiclass_hinge":
        return lambda s, y: hinge_loss(s, y, cfg["margin"])
    raise ValueError(op)


def model_state(model):
    # num_batches_tracked is not part of golden-v1.
    return {k: v.detach().clone() for k, v in model.state_dict().items()
            if not k.endswith("num_batches_tracked")}


def model_fixture(name, layers, loss, optimizer, x_shape, target, steps=3, note=None):
    """target: ("labels", C) for integer labels, ("binary", shape), ("real", shape)."""
    seed(name)
    model = nn.Sequential(*[build_layer(c) for c in layers])
    x = torch.randn(*x_shape)
    kind, arg = target
    if kind == "labels":
        y = torch.randint(0, arg, (x_shape[0],))
    elif kind == "binary":
        y = torch.randint(0, 2, arg).double()
    else:
        y = torch.randn(*arg)
    fx = header("model", "sequential", name,
                {"layers": layers, "loss": loss, "optimizer": optimizer})
    if note:
        fx["note"] = note
    fx["params"] = Ts(model_state(model))
    fx["inputs"] = Ts({"x": x, "target": y})
    loss_fn = build_loss(loss)
    opt = make_optimizer(optimizer, model.parameters())
    model.train()
    fx["steps"] = []
    for _ in range(steps):
        opt.zero_grad(set_to_none=True)
        value = loss_fn(model(x), y)
        value.backward()
        opt.step()
        fx["steps"].append({"loss": T(value), "params_after": Ts(model_state(model))})
    return fx


def L(op, **cfg):
    return {"op": op, **cfg}


def sgd(lr, **kw):
    return {"op": "sgd", **sgd_cfg(lr, **kw)}


def _mlp_models(prefix, optimizers):
    """The small MLPs; optimizers: 5 optimizer configs, one per model."""
    o = iter(optimizers)
    yield model_fixture(
        f"{prefix}_relu_ce",
        [L("linear", in_features=6, out_features=5, bias=True), L("relu"),
         L("linear", in_features=5, out_features=3, bias=True)],
        L("cross_entropy"), next(o), (4, 6), ("labels", 3))
    yield model_fixture(
        f"{prefix}_tanh_nobias_ce",
        [L("linear", in_features=4, out_features=6, bias=False), L("tanh"),
         L("linear", in_features=6, out_features=3, bias=False)],
        L("cross_entropy"), next(o), (5, 4), ("labels", 3))
    yield model_fixture(
        f"{prefix}_sigmoid_mse",
        [L("linear", in_features=3, out_features=4, bias=True), L("sigmoid"),
         L("linear", in_features=4, out_features=2, bias=True)],
        L("mse_loss"), next(o), (6, 3), ("real", (6, 2)))
    yield model_fixture(
        f"{prefix}_flatten_leaky_hinge",
        [L("flatten"), L("linear", in_features=6, out_features=5, bias=True),
         L("leaky_relu", negative_slope=0.1),
         L("linear", in_features=5, out_features=4, bias=True)],
        L("multiclass_hinge", margin=1.0), next(o), (5, 2, 3), ("labels", 4))
    yield model_fixture(
        f"{prefix}_tanh_bce",
        [L("linear", in_features=5, out_features=4, bias=True), L("tanh"),
         L("linear", in_features=4, out_features=2, bias=True)],
        L("bce_with_logits"), next(o), (4, 5), ("binary", (4, 2)))


def gen_sequential_mlp():
    yield from _mlp_models("sequential_mlp", [
        sgd(0.1, momentum=0.9),                       # the brief's reference MLP
        sgd(0.5),                                     # plain SGD
        sgd(0.2, momentum=0.9, nesterov=True, weight_decay=0.01),
        sgd(0.1, momentum=0.9, dampening=0.1),
        sgd(0.3, weight_decay=0.05),
    ])


def gen_sequential_mlp_optim():
    yield from _mlp_models("sequential_mlp_optim", [
        {"op": "adam", "lr": 0.01, "betas": [0.9, 0.999], "eps": 1e-8, "weight_decay": 0.0},
        {"op": "adamw", "lr": 0.01, "betas": [0.9, 0.999], "eps": 1e-8, "weight_decay": 0.01},
        {"op": "rmsprop", "lr": 0.01, "alpha": 0.99, "eps": 1e-8, "weight_decay": 0.0},
        {"op": "adagrad", "lr": 0.1, "eps": 1e-10, "weight_decay": 0.0},
        {"op": "adam", "lr": 0.02, "betas": [0.8, 0.99], "eps": 1e-8, "weight_decay": 0.01},
    ])


def gen_sequential_cnn():
    conv = L("conv2d", in_channels=1, out_channels=2, kernel_size=3, stride=1, padding=1, bias=True)
    yield model_fixture(
        "sequential_cnn_conv_relu_maxpool_linear",
        [conv, L("relu"), L("max_pool2d", kernel_size=2, stride=2, padding=0), L("flatten"),
         L("linear", in_features=18, out_features=3, bias=True)],
        L("cross_entropy"), sgd(0.1, momentum=0.9), (4, 1, 6, 6), ("labels", 3),
        note="max-pool windows can tie only among relu zeros, whose gradient is 0 anyway")
    yield model_fixture(
        "sequential_cnn_conv_tanh_avgpool_linear",
        [L("conv2d", in_channels=2, out_channels=3, kernel_size=[3, 2], stride=[1, 2],
           padding=[1, 0], bias=True), L("tanh"),
         L("avg_pool2d", kernel_size=2, stride=2, padding=0), L("flatten"),
         L("linear", in_features=3 * 2 * 2, out_features=4, bias=True)],
        L("cross_entropy"),
        {"op": "adamw", "lr": 0.01, "betas": [0.9, 0.999], "eps": 1e-8, "weight_decay": 0.01},
        (3, 2, 5, 8), ("labels", 4))


def gen_sequential_bn_mlp():
    bn = L("batch_norm1d", num_features=8, eps=1e-5, momentum=0.1, training=True)
    # The linear before the batch norm has no bias: batch norm subtracts the
    # batch mean, so that bias's true gradient is exactly 0 and autograd
    # returns rounding noise (~1e-17), which Adam would turn into
    # implementation-dependent updates.
    layers = [L("linear", in_features=6, out_features=8, bias=False), bn, L("relu"),
              L("linear", in_features=8, out_features=3, bias=True)]
    note = ("1.running_mean/1.running_var are in params and params_after; each step's "
            "forward (training mode) updates them before the optimizer step")
    yield model_fixture("sequential_bn_mlp_sgd", layers, L("cross_entropy"),
                        sgd(0.1, momentum=0.9), (5, 6), ("labels", 3), note=note)
    yield model_fixture("sequential_bn_mlp_adam", layers, L("cross_entropy"),
                        {"op": "adam", "lr": 0.01, "betas": [0.9, 0.999], "eps": 1e-8,
                         "weight_decay": 0.0}, (5, 6), ("labels", 3), note=note)


# ----------------------------------------------------------------------------
# chapter 8: adaptive average pooling and torchvision's residual blocks
# ----------------------------------------------------------------------------

def gen_adaptive_avg_pool2d():
    for name, size, shape in [
        ("adaptive_avg_pool2d_global_2x3x5x4", 1, (2, 3, 5, 4)),
        ("adaptive_avg_pool2d_2x3_from_5x7_overlapping", [2, 3], (2, 2, 5, 7)),
        ("adaptive_avg_pool2d_3_from_6x6", 3, (1, 2, 6, 6)),
    ]:
        seed(name)
        yield layer_fixture(name, "adaptive_avg_pool2d", {"output_size": size},
                            lambda x, size=size: F.adaptive_avg_pool2d(x, pair(size)), torch.randn(*shape),
                            note="windows rows floor(i*H/out) .. ceil((i+1)*H/out)-1, as torch")


def conv3x3(inplanes, planes, stride=1):
    return nn.Conv2d(inplanes, planes, 3, stride=stride, padding=1, bias=False)


def conv1x1(inplanes, planes, stride=1):
    return nn.Conv2d(inplanes, planes, 1, stride=stride, bias=False)


class BasicBlock(nn.Module):
    """torchvision.models.resnet.BasicBlock, written out (torchvision is not needed)."""
    expansion = 1

    def __init__(self, inplanes, planes, stride=1):
        super().__init__()
        self.conv1, self.bn1 = conv3x3(inplanes, planes, stride), nn.BatchNorm2d(planes)
        self.relu = nn.ReLU()
        self.conv2, self.bn2 = conv3x3(planes, planes), nn.BatchNorm2d(planes)
        self.downsample = None
        if stride != 1 or inplanes != planes:
            self.downsample = nn.Sequential(conv1x1(inplanes, planes, stride), nn.BatchNorm2d(planes))

    def forward(self, x):
        identity = x if self.downsample is None else self.downsample(x)
        out = self.relu(self.bn1(self.conv1(x)))
        out = self.bn2(self.conv2(out))
        return self.relu(out + identity)


class Bottleneck(nn.Module):
    """torchvision.models.resnet.Bottleneck (v1.5: the stride on the 3x3), written out."""
    expansion = 4

    def __init__(self, inplanes, planes, stride=1):
        super().__init__()
        self.conv1, self.bn1 = conv1x1(inplanes, planes), nn.BatchNorm2d(planes)
        self.conv2, self.bn2 = conv3x3(planes, planes, stride), nn.BatchNorm2d(planes)
        self.conv3, self.bn3 = conv1x1(planes, planes * 4), nn.BatchNorm2d(planes * 4)
        self.relu = nn.ReLU()
        self.downsample = None
        if stride != 1 or inplanes != planes * 4:
            self.downsample = nn.Sequential(conv1x1(inplanes, planes * 4, stride), nn.BatchNorm2d(planes * 4))

    def forward(self, x):
        identity = x if self.downsample is None else self.downsample(x)
        out = self.relu(self.bn1(self.conv1(x)))
        out = self.relu(self.bn2(self.conv2(out)))
        out = self.bn3(self.conv3(out))
        return self.relu(out + identity)


def randomize_batch_norms(block):
    """Batch norms that are not the identity, running statistics that are not 0 and 1."""
    with torch.no_grad():
        for module in block.modules():
            if isinstance(module, nn.BatchNorm2d):
                c = module.num_features
                module.weight.copy_(1 + 0.3 * torch.randn(c))
                module.bias.copy_(0.3 * torch.randn(c))
                module.running_mean.copy_(0.2 * torch.randn(c))
                module.running_var.copy_(0.5 + torch.rand(c))


def block_fixture(name, op, block_class, inplanes, planes, stride, shape, training):
    """A block with random batch-norm parameters and running statistics; its state_dict names."""
    seed(name)
    block = block_class(inplanes, planes, stride)
    randomize_batch_norms(block)
    block.train(training)
    buffers = lambda: {k: v for k, v in block.named_buffers() if not k.endswith("num_batches_tracked")}
    config = {"inplanes": inplanes, "planes": planes, "stride": stride, "training": training}
    note = (f"torchvision's {block_class.__name__}; batch norm in "
            + ("training mode (batch statistics; running statistics updated)" if training else "eval mode"))
    return layer_fixture(name, op, config, block, torch.randn(*shape), params=dict(block.named_parameters()),
                         buffers=buffers, note=note)


def gen_basic_block():
    yield block_fixture("basic_block_identity_3to3_train", "basic_block", BasicBlock, 3, 3, 1, (2, 3, 5, 5), True)
    yield block_fixture("basic_block_projection_2to4_stride2_train", "basic_block", BasicBlock, 2, 4, 2, (2, 2, 6, 5), True)
    yield block_fixture("basic_block_projection_2to3_stride2_eval", "basic_block", BasicBlock, 2, 3, 2, (2, 2, 5, 5), False)


def gen_bottleneck():
    yield block_fixture("bottleneck_identity_8to2x4_train", "bottleneck", Bottleneck, 8, 2, 1, (2, 8, 4, 4), True)
    yield block_fixture("bottleneck_projection_3to2x4_stride2_train", "bottleneck", Bottleneck, 3, 2, 2, (2, 3, 5, 6), True)
    yield block_fixture("bottleneck_projection_4to2x4_eval", "bottleneck", Bottleneck, 4, 2, 1, (1, 4, 3, 3), False)


# ----------------------------------------------------------------------------
# registry, validation, output
# ----------------------------------------------------------------------------

GENERATORS = {
    # layers
    "linear": gen_linear, "relu": gen_relu, "sigmoid": gen_sigmoid, "tanh": gen_tanh,
    "leaky_relu": gen_leaky_relu, "softmax": gen_softmax, "log_softmax": gen_log_softmax,
    "flatten": gen_flatten, "conv2d": gen_conv2d, "max_pool2d": gen_max_pool2d,
    "avg_pool2d": gen_avg_pool2d, "batch_norm1d": gen_batch_norm1d,
    "batch_norm2d": gen_batch_norm2d, "layer_norm": gen_layer_norm, "dropout": gen_dropout,
    "conv_transpose2d": gen_conv_transpose2d, "upsample_nearest2d": gen_upsample_nearest2d,
    "adaptive_avg_pool2d": gen_adaptive_avg_pool2d, "basic_block": gen_basic_block, "bottleneck": gen_bottleneck,
    # losses
    "mse_loss": gen_mse_loss, "l1_loss": gen_l1_loss, "cross_entropy": gen_cross_entropy,
    "bce_with_logits": gen_bce_with_logits, "multiclass_hinge": gen_multiclass_hinge,
    # optimizers
    "sgd": gen_sgd, "adagrad": gen_adagrad, "rmsprop": gen_rmsprop, "adam": gen_adam,
    "adamw": gen_adamw,
    # models (op "sequential")
    "sequential_mlp": gen_sequential_mlp, "sequential_mlp_optim": gen_sequential_mlp_optim,
    "sequential_cnn": gen_sequential_cnn, "sequential_bn_mlp": gen_sequential_bn_mlp,
}

REQUIRED = {
    "layer": ["inputs", "params", "outputs", "upstream", "grads"],
    "loss": ["inputs", "outputs", "grads"],
    "optimizer": ["params", "steps"],
    "model": ["params", "inputs", "steps"],
}


def _check_tensor(t, where):
    assert set(t) == {"shape", "data"}, where
    assert all(isinstance(d, int) and d >= 0 for d in t["shape"]), where
    assert len(t["data"]) == math.prod(t["shape"]), where
    assert all(isinstance(v, (int, float)) and math.isfinite(v) for v in t["data"]), where


def validate(fx):
    name = fx["name"]
    assert fx["format"] == FORMAT and all(c.isalnum() or c == "_" for c in name), name
    assert name == name.lower(), name
    for key in ["kind", "op", "config", "reference", "tolerance"] + REQUIRED[fx["kind"]]:
        assert key in fx, (name, key)
    for sect in ("inputs", "params", "outputs", "upstream", "grads", "buffers_before", "buffers_after"):
        for k, t in fx.get(sect, {}).items():
            _check_tensor(t, (name, sect, k))
    for i, step in enumerate(fx.get("steps", [])):
        for sect in ("grads", "params_after"):
            for k, t in step.get(sect, {}).items():
                _check_tensor(t, (name, i, sect, k))
        if "loss" in step:
            _check_tensor(step["loss"], (name, i, "loss"))
            assert step["loss"]["shape"] == [], name
    if fx["kind"] == "loss":
        assert fx["outputs"]["loss"]["shape"] == [], name
    if fx["kind"] == "layer":
        assert fx["outputs"]["y"]["shape"] == fx["upstream"]["y"]["shape"], name
        assert set(fx["grads"]) == {"x", *fx["params"]}, name


def dumps(fx):
    """Top-level keys one per line (readable diffs), values compact; floats
    use Python's shortest round-trip repr (full double precision)."""
    lines = [json.dumps(k) + ":" + json.dumps(v, separators=(",", ":"), allow_nan=False)
             for k, v in fx.items()]
    return "{\n" + ",\n".join(lines) + "\n}\n"


def fixtures_for(keys):
    out = []
    for key in keys:
        for fx in GENERATORS[key]():
            validate(fx)
            out.append(fx)
    names = [fx["name"] for fx in out]
    dup = {n for n in names if names.count(n) > 1}
    assert not dup, f"duplicate fixture names: {sorted(dup)}"
    return sorted(out, key=lambda fx: fx["name"])


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", default=str(REPO_ROOT / "GoldenData"),
                    help="output directory (default: <repo>/GoldenData)")
    ap.add_argument("--only", help="comma-separated op keys (see --list); default: DEFAULT_OPS")
    ap.add_argument("--all", action="store_true", help="every op key, not just DEFAULT_OPS")
    ap.add_argument("--list", action="store_true", help="list op keys and fixture names, write nothing")
    ap.add_argument("--check", action="store_true",
                    help="write nothing; exit 1 if any selected file is missing or differs")
    args = ap.parse_args(argv)

    if args.only:
        keys = [k.strip() for k in args.only.split(",") if k.strip()]
        unknown = [k for k in keys if k not in GENERATORS]
        if unknown:
            ap.error(f"unknown op key(s): {', '.join(unknown)}; known: {', '.join(GENERATORS)}")
    elif args.all:
        keys = list(GENERATORS)
    else:
        keys = list(DEFAULT_OPS)

    if args.list:
        for key in (keys if (args.only or args.all) else GENERATORS):
            names = sorted(fx["name"] for fx in GENERATORS[key]())
            mark = "*" if key in DEFAULT_OPS else " "
            print(f"{mark} {key:22} {len(names):2}  {' '.join(names)}")
        print("(* = in DEFAULT_OPS)")
        return 0

    fixtures = fixtures_for(keys)
    out = Path(args.out)
    stale = write_fixtures(fixtures, out, args.check)
    verb = "checked" if args.check else "wrote"
    print(f"{verb} {len(fixtures)} fixtures for {len(keys)} op keys in {out} ({REFERENCE})")
    return 1 if stale else 0


def write_fixtures(fixtures, out, check):
    """Writes each fixture to out/NAME.json; with check, writes nothing and prints each file that
    is missing or differs. Returns how many differ."""
    stale = 0
    if not check:
        out.mkdir(parents=True, exist_ok=True)
    for fx in fixtures:
        path = out / f"{fx['name']}.json"
        text = dumps(fx)
        if check:
            if not path.exists() or path.read_text() != text:
                print(f"differs: {path}")
                stale += 1
        else:
            path.write_text(text)
    return stale


if __name__ == "__main__":
    sys.exit(main())
