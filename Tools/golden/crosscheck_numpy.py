#!/usr/bin/env python3
"""Cross-check golden-v1 fixtures against an independent numpy implementation.

Developer-only, optional. It re-implements every op of GOLDEN-FORMAT.md from the
written formulas (numpy, no torch): layer outputs exactly, layer gradients by
central differences, loss values and gradients and optimizer steps exactly,
model fixtures by numeric gradients plus the numpy optimizers. It catches
fixtures that follow PyTorch but not the format's stated meaning.

    .venv-golden/bin/python Tools/golden/crosscheck_numpy.py [GoldenData]
"""
import json, sys, glob
import numpy as np

def A(t): return np.array(t["data"], dtype=np.float64).reshape(t["shape"])
def pr(v): return tuple(v) if isinstance(v, list) else (v, v)

def softmax(x):
    e = np.exp(x - x.max(-1, keepdims=True)); return e / e.sum(-1, keepdims=True)

def conv2d(x, w, b, s, p):
    N, C, H, W = x.shape; O, _, kh, kw = w.shape
    xp = np.pad(x, ((0,0),(0,0),(p[0],p[0]),(p[1],p[1])))
    Ho = (H + 2*p[0] - kh)//s[0] + 1; Wo = (W + 2*p[1] - kw)//s[1] + 1
    y = np.zeros((N, O, Ho, Wo))
    for i in range(Ho):
        for j in range(Wo):
            patch = xp[:, :, i*s[0]:i*s[0]+kh, j*s[1]:j*s[1]+kw]
            y[:, :, i, j] = np.einsum("nchw,ochw->no", patch, w)
    if b is not None: y += b[None, :, None, None]
    return y

def conv_t(x, w, b, s, p):
    N, C, H, W = x.shape; _, O, kh, kw = w.shape
    Hf = (H-1)*s[0] + kh; Wf = (W-1)*s[1] + kw
    y = np.zeros((N, O, Hf, Wf))
    for i in range(H):
        for j in range(W):
            y[:, :, i*s[0]:i*s[0]+kh, j*s[1]:j*s[1]+kw] += np.einsum("nc,cohw->nohw", x[:, :, i, j], w)
    y = y[:, :, p[0]:Hf-p[0], p[1]:Wf-p[1]]
    if b is not None: y += b[None, :, None, None]
    return y

def pool(x, k, s, p, mode):
    N, C, H, W = x.shape
    fill = -np.inf if mode == "max" else 0.0
    xp = np.pad(x, ((0,0),(0,0),(p[0],p[0]),(p[1],p[1])), constant_values=fill)
    Ho = (H + 2*p[0] - k[0])//s[0] + 1; Wo = (W + 2*p[1] - k[1])//s[1] + 1
    y = np.zeros((N, C, Ho, Wo))
    for i in range(Ho):
        for j in range(Wo):
            win = xp[:, :, i*s[0]:i*s[0]+k[0], j*s[1]:j*s[1]+k[1]]
            y[:, :, i, j] = win.max((2,3)) if mode == "max" else win.sum((2,3)) / (k[0]*k[1])
    return y

def max_pool_grad(x, up, k, s, p):
    """dL/dx of max pooling: each window's upstream value goes to its first maximum (row-major),
    PyTorch's rule for ties, where finite differences are meaningless."""
    N, C, H, W = x.shape
    xp = np.pad(x, ((0,0),(0,0),(p[0],p[0]),(p[1],p[1])), constant_values=-np.inf)
    g = np.zeros_like(xp)
    for n in range(N):
        for ch in range(C):
            for i in range(up.shape[2]):
                for j in range(up.shape[3]):
                    win = xp[n, ch, i*s[0]:i*s[0]+k[0], j*s[1]:j*s[1]+k[1]]
                    a, b = np.unravel_index(np.argmax(win), win.shape)
                    g[n, ch, i*s[0]+a, j*s[1]+b] += up[n, ch, i, j]
    return g[:, :, p[0]:p[0]+H, p[1]:p[1]+W]

def adaptive_avg_pool(x, out):
    """Window rows floor(i*H/outH) .. ceil((i+1)*H/outH) - 1 (and so for columns)."""
    N, C, H, W = x.shape; y = np.zeros((N, C) + out)
    for i in range(out[0]):
        for j in range(out[1]):
            r0, r1 = i*H//out[0], -(-(i+1)*H//out[0]); c0, c1 = j*W//out[1], -(-(j+1)*W//out[1])
            y[:, :, i, j] = x[:, :, r0:r1, c0:c1].mean((2, 3))
    return y

def bn2d(x, P, B, name, training, eps=1e-5):
    mu, var = (x.mean((0, 2, 3)), x.var((0, 2, 3))) if training else (B[name + ".running_mean"], B[name + ".running_var"])
    sh = (1, -1, 1, 1)
    return (x - mu.reshape(sh))/np.sqrt(var.reshape(sh) + eps) * P[name + ".weight"].reshape(sh) + P[name + ".bias"].reshape(sh)

def block_forward(op, c, x, P, B):
    """torchvision's BasicBlock and Bottleneck: relu(F(x) + shortcut(x)), from the paper's figures."""
    s = c.get("stride", 1); relu = lambda v: np.maximum(v, 0); tr = c["training"]
    bn = lambda v, name: bn2d(v, P, B, name, tr)
    if op == "basic_block":
        h = relu(bn(conv2d(x, P["conv1.weight"], None, (s, s), (1, 1)), "bn1"))
        f = bn(conv2d(h, P["conv2.weight"], None, (1, 1), (1, 1)), "bn2")
    else:
        h = relu(bn(conv2d(x, P["conv1.weight"], None, (1, 1), (0, 0)), "bn1"))
        h = relu(bn(conv2d(h, P["conv2.weight"], None, (s, s), (1, 1)), "bn2"))
        f = bn(conv2d(h, P["conv3.weight"], None, (1, 1), (0, 0)), "bn3")
    shortcut = x if "downsample.0.weight" not in P else bn(conv2d(x, P["downsample.0.weight"], None, (s, s), (0, 0)), "downsample.1")
    return relu(f + shortcut)

def num_grad(f, x, h=1e-6):
    g = np.zeros_like(x); fl = x.reshape(-1); gf = g.reshape(-1)
    for i in range(fl.size):
        o = fl[i]; fl[i] = o + h; a = f(); fl[i] = o - h; b = f(); fl[i] = o; gf[i] = (a - b) / (2*h)
    return g

def layer_forward(op, c, x, P, extra):
    if op == "linear": return x @ P["weight"].T + (P["bias"] if c["bias"] else 0)
    if op == "relu": return np.maximum(x, 0)
    if op == "leaky_relu": return np.where(x > 0, x, c["negative_slope"] * x)
    if op == "sigmoid": return 1/(1+np.exp(-x))
    if op == "tanh": return np.tanh(x)
    if op == "softmax": return softmax(x)
    if op == "log_softmax": m = x.max(-1, keepdims=True); return x - m - np.log(np.exp(x-m).sum(-1, keepdims=True))
    if op == "flatten": return x.reshape(x.shape[0], -1)
    if op == "conv2d": return conv2d(x, P["weight"], P.get("bias"), pr(c["stride"]), pr(c["padding"]))
    if op == "conv_transpose2d": return conv_t(x, P["weight"], P.get("bias"), pr(c["stride"]), pr(c["padding"]))
    if op in ("max_pool2d", "avg_pool2d"): return pool(x, pr(c["kernel_size"]), pr(c.get("stride", c["kernel_size"])), pr(c.get("padding", 0)), op[:3])
    if op == "dropout": return x * extra["mask"] / (1 - c["p"])
    if op == "adaptive_avg_pool2d": return adaptive_avg_pool(x, pr(c["output_size"]))
    if op in ("basic_block", "bottleneck"): return block_forward(op, c, x, P, extra["buffers"])
    if op == "upsample_nearest2d": s = pr(c["scale_factor"]); return x.repeat(s[0], 2).repeat(s[1], 3)
    if op == "layer_norm":
        ax = tuple(range(x.ndim - len(c["normalized_shape"]), x.ndim))
        mu = x.mean(ax, keepdims=True); var = x.var(ax, keepdims=True)
        return (x - mu)/np.sqrt(var + c["eps"]) * P["weight"] + P["bias"]
    if op in ("batch_norm1d", "batch_norm2d"):
        ax = (0,) if x.ndim == 2 else (0, 2, 3)
        sh = (1, -1) if x.ndim == 2 else (1, -1, 1, 1)
        if c["training"]:
            mu = x.mean(ax); var = x.var(ax)
        else:
            mu = extra["rm"]; var = extra["rv"]
        return (x - mu.reshape(sh))/np.sqrt(var.reshape(sh) + c["eps"]) * P["weight"].reshape(sh) + P["bias"].reshape(sh)
    raise KeyError(op)

def close(got, want, rtol, atol, what):
    got = np.asarray(got, dtype=float); want = np.asarray(want, dtype=float)
    assert got.shape == want.shape, (what, got.shape, want.shape)
    ok = np.abs(got - want) <= atol + rtol*np.abs(want)
    assert ok.all(), (what, np.abs(got-want).max())

def loss_fn(op, c, x, t):
    if op == "mse_loss": return ((x-t)**2).mean()
    if op == "l1_loss": return np.abs(x-t).mean()
    if op == "cross_entropy":
        t = t.astype(int); m = x.max(-1, keepdims=True); ls = x - m - np.log(np.exp(x-m).sum(-1, keepdims=True))
        return -ls[np.arange(len(t)), t].mean()
    if op == "bce_with_logits": return (np.maximum(x, 0) - x*t + np.log1p(np.exp(-np.abs(x)))).mean()
    if op == "multiclass_hinge":
        t = t.astype(int); sy = x[np.arange(len(t)), t][:, None]; m = np.maximum(0, x - sy + c["margin"])
        m[np.arange(len(t)), t] = 0; return m.sum() / x.shape[0]
    raise KeyError(op)

def loss_grad(op, c, x, t):
    n = x.size
    if op == "mse_loss": return 2*(x-t)/n
    if op == "l1_loss": return np.sign(x-t)/n
    if op == "cross_entropy":
        t = t.astype(int); g = softmax(x); g[np.arange(len(t)), t] -= 1; return g/x.shape[0]
    if op == "bce_with_logits": return (1/(1+np.exp(-x)) - t)/n
    if op == "multiclass_hinge":
        t = t.astype(int); N = x.shape[0]; sy = x[np.arange(N), t][:, None]
        act = (x - sy + c["margin"] > 0).astype(float); act[np.arange(N), t] = 0
        g = act.copy(); g[np.arange(N), t] = -act.sum(1); return g/N

class Opt:
    def __init__(s, op, c): s.op, s.c, s.st, s.t = op, c, {}, 0
    def step(s, k, p, g):
        c = s.c; st = s.st.setdefault(k, {})
        if s.op == "sgd":
            g = g + c["weight_decay"]*p
            if c["momentum"]:
                if "buf" not in st: st["buf"] = g.copy()
                else: st["buf"] = c["momentum"]*st["buf"] + (1-c["dampening"])*g
                g = g + c["momentum"]*st["buf"] if c["nesterov"] else st["buf"]
            return p - c["lr"]*g
        if s.op == "adagrad":
            g = g + c["weight_decay"]*p; st["sum"] = st.get("sum", 0) + g*g
            return p - c["lr"]*g/(np.sqrt(st["sum"]) + c["eps"])
        if s.op == "rmsprop":
            g = g + c["weight_decay"]*p; st["v"] = c["alpha"]*st.get("v", 0) + (1-c["alpha"])*g*g
            return p - c["lr"]*g/(np.sqrt(st["v"]) + c["eps"])
        if s.op in ("adam", "adamw"):
            b1, b2 = c["betas"]; st["t"] = st.get("t", 0) + 1; t = st["t"]
            if s.op == "adam": g = g + c["weight_decay"]*p
            else: p = p * (1 - c["lr"]*c["weight_decay"])
            st["m"] = b1*st.get("m", 0) + (1-b1)*g; st["v"] = b2*st.get("v", 0) + (1-b2)*g*g
            mh = st["m"]/(1-b1**t); vh = st["v"]/(1-b2**t)
            return p - c["lr"]*mh/(np.sqrt(vh) + c["eps"])
        raise KeyError(s.op)

folder = sys.argv[1] if len(sys.argv) > 1 else "GoldenData"
n = 0
for f in sorted(glob.glob(folder + "/*.json")):
    fx = json.load(open(f)); op, c, kind = fx["op"], fx["config"], fx["kind"]
    rt, at = 1e-6, 1e-9
    if kind == "layer":
        x = A(fx["inputs"]["x"]); P = {k: A(v) for k, v in fx["params"].items()}
        extra = {k: A(v) for k, v in fx["inputs"].items() if k != "x"}
        if op in ("basic_block", "bottleneck"):
            extra["buffers"] = {k: A(v) for k, v in fx["buffers_before"].items()}
        elif "buffers_before" in fx:
            bb = {k: A(v) for k, v in fx["buffers_before"].items()}; extra["rm"], extra["rv"] = bb["running_mean"], bb["running_var"]
            ba = {k: A(v) for k, v in fx["buffers_after"].items()}
            if c["training"]:
                ax = (0,) if x.ndim == 2 else (0, 2, 3); m = c["momentum"]
                close((1-m)*bb["running_mean"] + m*x.mean(ax), ba["running_mean"], rt, at, f)
                close((1-m)*bb["running_var"] + m*x.var(ax, ddof=1), ba["running_var"], rt, at, f)
            else:
                close(bb["running_mean"], ba["running_mean"], 0, 0, f)
        y = layer_forward(op, c, x, P, extra); close(y, A(fx["outputs"]["y"]), rt, at, f + " y")
        up = A(fx["upstream"]["y"])
        for name, arr in [("x", x)] + list(P.items()):
            if op == "max_pool2d":
                g = max_pool_grad(x, up, pr(c["kernel_size"]), pr(c.get("stride", c["kernel_size"])), pr(c.get("padding", 0)))
            else:
                g = num_grad(lambda: (layer_forward(op, c, x, P, extra) * up).sum(), arr)
            want = A(fx["grads"][name])
            if op in ("relu", "leaky_relu") and name == "x":
                kink = x == 0
                conv = 0.0 if op == "relu" else c["negative_slope"]
                close(want[kink], conv * up[kink], 0, 0, f + " kink")
                g[kink] = want[kink]
            close(g, want, 1e-5, 1e-6, f + " grad " + name)
    elif kind == "loss":
        x = A(fx["inputs"]["input"]); t = A(fx["inputs"]["target"])
        close(loss_fn(op, c, x, t), A(fx["outputs"]["loss"]), rt, at, f)
        close(loss_grad(op, c, x, t), A(fx["grads"]["input"]), rt, at, f + " grad")
    elif kind == "optimizer":
        P = {k: A(v) for k, v in fx["params"].items()}; o = Opt(op, c)
        for st in fx["steps"]:
            for k in P: P[k] = o.step(k, P[k], A(st["grads"][k]))
            for k in P: close(P[k], A(st["params_after"][k]), rt, at, f + k)
    else:
        continue
    n += 1
print("numpy-checked", n, "layer/loss/optimizer fixtures")

# models: numpy forward, numeric gradients, numpy optimizer
m = 0
for f in sorted(glob.glob(folder + "/*.json")):
    fx = json.load(open(f))
    if fx["kind"] != "model": continue
    cfg = fx["config"]; layers = cfg["layers"]; lc = cfg["loss"]; oc = dict(cfg["optimizer"]); oop = oc.pop("op")
    P = {k: A(v) for k, v in fx["params"].items()}
    x = A(fx["inputs"]["x"]); t = A(fx["inputs"]["target"])
    def fwd(update_bn=False):
        h = x
        for i, L in enumerate(layers):
            lp = {k.split(".", 1)[1]: v for k, v in P.items() if k.split(".")[0] == str(i)}
            if L["op"] == "batch_norm1d" and update_bn:
                mo = L["momentum"]
                P[f"{i}.running_mean"] = (1-mo)*P[f"{i}.running_mean"] + mo*h.mean(0)
                P[f"{i}.running_var"] = (1-mo)*P[f"{i}.running_var"] + mo*h.var(0, ddof=1)
            h = layer_forward(L["op"], L, h, lp, {})
        return loss_fn(lc["op"], lc, h, t)
    o = Opt(oop, oc)
    trainable = [k for k in P if not k.endswith(("running_mean", "running_var"))]
    for st in fx["steps"]:
        close(fwd(), A(st["loss"]), rt, at, f + " loss")
        grads = {k: num_grad(fwd, P[k]) for k in trainable}
        fwd(update_bn=True)
        for k in trainable: P[k] = o.step(k, P[k], grads[k])
        for k in P: close(P[k], A(st["params_after"][k]), 1e-5, 1e-6, f + " " + k)
        P = {k: A(v) for k, v in st["params_after"].items()}  # resync to avoid drift
    m += 1
print("numpy-checked", m, "model fixtures")
