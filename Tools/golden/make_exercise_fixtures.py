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
from make_golden import (REFERENCE, REPO_ROOT, TOLERANCE, T, layer_fixture, loss_fixture,  # noqa: E402
                         module_fixture, optimizer_fixture, randomize_batch_norms, seed, validate, write_fixtures)

OUT = REPO_ROOT / "GoldenData" / "exercises"


def spread(*shape, scale=2.0):
    """Normal values, none within 1e-3 of 0 (where ReLU-like branches meet)."""
    x = torch.randn(*shape) * scale
    return torch.where(x.abs() < 1e-3, torch.full_like(x, 0.5), x)


def function_fixture(name, function, inputs, outputs):
    """An exercise that writes a function (format nabla-exercise-v1, GoldenData/exercises/README.md):
    named inputs (tensors, or plain numbers) and the outputs PyTorch computed from them."""
    def value(v):
        return float(v) if isinstance(v, (int, float)) else T(v)
    return {"format": "nabla-exercise-v1", "name": name, "function": function, "reference": REFERENCE,
            "tolerance": dict(TOLERANCE), "inputs": {k: value(v) for k, v in inputs.items()},
            "outputs": {k: T(v) for k, v in outputs.items()}}


# ---------------------------------------------------------------- chapter 1: functions

def ch1():
    for name, n, d, lam in [("ridge_closed_form_20x4", 20, 4, 0.5), ("ridge_closed_form_15x3", 15, 3, 2.0)]:
        seed(name)
        x, w_true = torch.randn(n, d), torch.randn(d)
        y = x @ w_true + 0.3 * torch.randn(n)
        w = torch.linalg.solve(x.T @ x + lam * torch.eye(d), x.T @ y)
        yield function_fixture(name, "ridge_regression", {"x": x, "y": y, "lambda": lam}, {"w": w})
    for name, n, d, lam in [("ridge_gradient_1_no_penalty", 6, 3, 0.0), ("ridge_gradient_2_lambda0p1", 7, 4, 0.1)]:
        seed(name)
        x, y = torch.randn(n, d), torch.randn(n)
        w = torch.randn(d, requires_grad=True)
        loss = ((x @ w - y) ** 2).mean() + lam * (w ** 2).sum()
        loss.backward()
        yield function_fixture(name, "ridge_loss_and_gradient", {"w": w.detach(), "x": x, "y": y, "lambda": lam},
                               {"loss": loss.detach(), "gradient": w.grad})
    for name, n, d in [("logistic_regression_7x3", 7, 3), ("logistic_regression_9x2", 9, 2)]:
        seed(name)
        x = torch.randn(n, d) * 2
        y = torch.randint(0, 2, (n,)).double()
        w = torch.randn(d, requires_grad=True)
        b = torch.tensor(0.3, requires_grad=True)
        loss = F.binary_cross_entropy_with_logits(x @ w + b, y)
        loss.backward()
        yield function_fixture(name, "logistic_loss_and_gradients", {"w": w.detach(), "b": 0.3, "x": x, "y": y},
                               {"loss": loss.detach(), "weight_gradient": w.grad, "bias_gradient": b.grad})


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


# ---------------------------------------------------------------- chapter 3: losses

def ch3():
    for name, delta, shape in [("huber_loss_delta1", 1.0, (4, 3)), ("huber_loss_delta0p5", 0.5, (3, 5))]:
        seed(name)
        yield loss_fixture(name, "huber_loss", {"delta": delta}, lambda i, t: F.huber_loss(i, t, delta=delta),
                           torch.randn(*shape) * 2, torch.randn(*shape))
    for name, eps, n, c in [("label_smoothing_eps0p1", 0.1, 4, 5), ("label_smoothing_eps0p3", 0.3, 3, 4)]:
        seed(name)
        yield loss_fixture(name, "label_smoothing", {"label_smoothing": eps},
                           lambda i, t: F.cross_entropy(i, t, label_smoothing=eps), torch.randn(n, c) * 2, torch.randint(0, c, (n,)))


# ---------------------------------------------------------------- chapter 4: CNN pieces

class ResidualBlock(nn.Module):
    """y = x + conv2(relu(conv1(x))), 3x3 convolutions with padding 1."""
    def __init__(self, c):
        super().__init__()
        self.conv1 = nn.Conv2d(c, c, 3, padding=1)
        self.conv2 = nn.Conv2d(c, c, 3, padding=1)

    def forward(self, x):
        return x + self.conv2(F.relu(self.conv1(x)))


def ch4():
    gap = lambda x: F.adaptive_avg_pool2d(x, 1).flatten(1)
    yield layer_fixture(seed("global_avg_pool2d_3x2x4x5"), "global_avg_pool2d", {}, gap, torch.randn(3, 2, 4, 5))
    yield layer_fixture(seed("global_avg_pool2d_5x3x2x2"), "global_avg_pool2d", {}, gap, torch.randn(5, 3, 2, 2))
    for name, c, shape in [("residual_block_c2", 2, (3, 2, 5, 5)), ("residual_block_c3", 3, (2, 3, 4, 6))]:
        seed(name)
        yield module_fixture(name, "residual_block", {"channels": c}, ResidualBlock(c), torch.randn(*shape))
    for name, c, k, p, shape in [("depthwise_conv2d_k3_p1", 2, 3, 1, (3, 2, 5, 5)), ("depthwise_conv2d_k2_p0", 3, 2, 0, (4, 3, 4, 3))]:
        seed(name)
        yield module_fixture(name, "depthwise_conv2d", {"channels": c, "kernel_size": k, "padding": p},
                             nn.Conv2d(c, c, k, padding=p, groups=c), torch.randn(*shape))


# ---------------------------------------------------------------- chapter 5: regularisation

def ch5():
    for name, g, c, shape in [("group_norm_g2_c4", 2, 4, (3, 4, 5)), ("group_norm_g3_c6_2d", 3, 6, (2, 6, 2, 3))]:
        seed(name)
        m = nn.GroupNorm(g, c, eps=1e-5)
        with torch.no_grad():
            m.weight.copy_(torch.randn(c))
            m.bias.copy_(torch.randn(c))
        yield module_fixture(name, "group_norm", {"num_groups": g, "num_channels": c, "eps": 1e-5}, m, torch.randn(*shape) * 2 + 1)
    for name, n, i, o, p in [("dropconnect_p0p5", 3, 4, 5, 0.5), ("dropconnect_p0p25", 4, 3, 2, 0.25)]:
        seed(name)
        w, b = torch.randn(o, i).requires_grad_(True), torch.randn(o).requires_grad_(True)
        mask = (torch.rand(o, i) >= p).double()
        yield layer_fixture(name, "dropconnect", {"in_features": i, "out_features": o, "p": p},
                            lambda x: F.linear(x, w * mask / (1 - p), b), torch.randn(n, i),
                            params={"weight": w, "bias": b}, extra_inputs={"mask": mask})
    for name, rows, cols, c in [("max_norm_5x4", 5, 4, 1.0), ("max_norm_3x6", 3, 6, 2.0)]:
        seed(name)
        w = torch.randn(rows, cols) * 0.8
        yield function_fixture(name, "max_norm", {"weight": w, "maxnorm": c}, {"w": torch.renorm(w, 2, 0, c)})


# ---------------------------------------------------------------- chapter 7: optimizers, a schedule

def ch7():
    for name, lr, betas, eps, wd in [("adamax_defaults", 2e-3, (0.9, 0.999), 1e-8, 0.0),
                                     ("adamax_betas_0p8_0p9_weight_decay_0p1", 0.05, (0.8, 0.9), 1e-6, 0.1)]:
        cfg = {"lr": lr, "betas": list(betas), "eps": eps, "weight_decay": wd}
        yield optimizer_fixture(name, "adamax", cfg, steps=5,
                                make=lambda p: torch.optim.Adamax(p, lr=lr, betas=betas, eps=eps, weight_decay=wd, foreach=False))
    for name, lr, betas, eps, wd, md in [("nadam_defaults", 2e-3, (0.9, 0.999), 1e-8, 0.0, 4e-3),
                                         ("nadam_lr0p01_weight_decay_0p05_momentum_decay_0p1", 0.01, (0.85, 0.99), 1e-6, 0.05, 0.1)]:
        cfg = {"lr": lr, "betas": list(betas), "eps": eps, "weight_decay": wd, "momentum_decay": md}
        yield optimizer_fixture(name, "nadam", cfg, steps=5,
                                make=lambda p: torch.optim.NAdam(p, lr=lr, betas=betas, eps=eps, weight_decay=wd, momentum_decay=md, foreach=False))
    for name, lr, betas, eps, wd in [("radam_defaults_8_steps", 1e-3, (0.9, 0.999), 1e-8, 0.0),
                                     ("radam_betas_0p9_0p9_weight_decay_0p01", 0.01, (0.9, 0.9), 1e-8, 0.01)]:
        cfg = {"lr": lr, "betas": list(betas), "eps": eps, "weight_decay": wd}
        yield optimizer_fixture(name, "radam", cfg, steps=8,
                                make=lambda p: torch.optim.RAdam(p, lr=lr, betas=betas, eps=eps, weight_decay=wd, foreach=False))
    for name, max_lr, total, pct, div, final in [("one_cycle_defaults_50_steps", 0.1, 50, 0.3, 25.0, 1e4),
                                                 ("one_cycle_pct0p5_div10_final100", 0.5, 21, 0.5, 10.0, 100.0)]:
        p = torch.zeros(1, requires_grad=True)
        opt = torch.optim.SGD([p], lr=max_lr)
        sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=max_lr, total_steps=total, pct_start=pct, anneal_strategy="cos",
                                                    div_factor=div, final_div_factor=final, cycle_momentum=False)
        rates = []
        for _ in range(total):
            rates.append(sched.get_last_lr()[0])
            opt.step()
            sched.step() if len(rates) < total else None
        yield function_fixture(name, "one_cycle", {"max_lr": max_lr, "total_steps": total, "pct_start": pct, "div_factor": div,
                                                   "final_div_factor": final}, {"lr": torch.tensor(rates)})


# ---------------------------------------------------------------- chapter 8: deeper networks

class PreActBlock(nn.Module):
    """He et al. 2016b, full pre-activation: y = x + conv2(relu(bn2(conv1(relu(bn1(x)))))),
    3x3 convolutions without bias, padding 1, C -> C."""
    def __init__(self, c):
        super().__init__()
        self.bn1 = nn.BatchNorm2d(c)
        self.conv1 = nn.Conv2d(c, c, 3, padding=1, bias=False)
        self.bn2 = nn.BatchNorm2d(c)
        self.conv2 = nn.Conv2d(c, c, 3, padding=1, bias=False)

    def forward(self, x):
        return x + self.conv2(F.relu(self.bn2(self.conv1(F.relu(self.bn1(x))))))


def ch8():
    for name, c, shape, training in [("preact_block_c2_train", 2, (3, 2, 5, 5), True),
                                     ("preact_block_c3_train", 3, (2, 3, 4, 6), True),
                                     ("preact_block_c2_eval", 2, (2, 2, 4, 4), False)]:
        seed(name)
        block = PreActBlock(c)
        randomize_batch_norms(block)
        block.train(training)
        buffers = lambda: {k: v for k, v in block.named_buffers() if not k.endswith("num_batches_tracked")}
        yield layer_fixture(name, "preact_block", {"channels": c, "training": training}, block, spread(*shape),
                            params=dict(block.named_parameters()), buffers=buffers,
                            note="batch norm in " + ("training mode (batch statistics; running statistics updated)"
                                                     if training else "eval mode"))


GENERATORS = [ch1, ch2, ch3, ch4, ch5, ch7, ch8]


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--check", action="store_true", help="write nothing; exit 1 if a file is missing or differs")
    args = ap.parse_args(argv)
    fixtures = [fx for gen in GENERATORS for fx in gen()]
    names = [fx["name"] for fx in fixtures]
    assert len(set(names)) == len(names), "duplicate fixture names"
    for fx in fixtures:
        if fx["format"] != "nabla-exercise-v1":
            validate(fx)
    stale = write_fixtures(fixtures, OUT, args.check)
    print(f"{'checked' if args.check else 'wrote'} {len(fixtures)} exercise fixtures in {OUT}")
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main())
