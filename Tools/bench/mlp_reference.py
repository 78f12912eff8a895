#!/usr/bin/env python3
"""Reference timings for training an MLP on real MNIST: PyTorch (CPU) and a plain numpy MLP.

Developer-only: it gives the images/s that `ch3-mlp` should be compared with, measured on the
same machine in the same session. Nothing in the build or the tests runs it.

What it measures: a multilayer perceptron 784-H1-...-10 (Linear/ReLU, softmax cross-entropy,
SGD with momentum, constant learning rate, float32) trained on shuffled minibatches. Each epoch
is timed over training only (batch gather, forward, backward, update), and reported as training
images per second; test accuracy is evaluated after the epoch, outside the timing. As in
`ch3-mlp`, 5,000 training images (a seeded random choice) are held out, so an epoch is 55,000
images, the last batch partial. Images are normalised with MNIST's training mean/std
(0.1307/0.3081).

- torch: nn.Sequential, nn.CrossEntropyLoss, torch.optim.SGD(momentum); batches are indexed out
  of pre-built tensors with a fresh permutation each epoch (no DataLoader).
- numpy: the same network written out by hand (weights stored in x @ W layout, PyTorch's default
  uniform init), with numpy's own BLAS (OpenBLAS for the PyPI wheels).

--threads sets torch.set_num_threads and OPENBLAS/OMP/MKL_NUM_THREADS; the arguments are parsed
before numpy is imported, since the BLAS reads its thread count at import.

    .venv-golden/bin/python Tools/bench/mlp_reference.py --hidden 512,256 --epochs 2 --threads 2
    .venv-golden/bin/python Tools/bench/mlp_reference.py --framework numpy --threads 1 --json

MNIST is read from --data-dir, else $MNIST_DIR, else ../shared/mnist next to the repository
(the four train-/t10k- *-idx?-ubyte.gz files). Check `uptime` first: other work on the machine
shows up directly in these numbers.
"""
import argparse
import gzip
import json
import os
import resource
import sys
import time

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def peak_resident_megabytes():
    """This process's peak resident memory so far, in MB, as `nabla bench` measures its own. On
    Linux the VmHWM line of /proc/self/status (kB): ru_maxrss is carried across exec, so it can
    report the peak of whatever started the process. Elsewhere ru_maxrss (bytes on macOS)."""
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / (1048576 if sys.platform == "darwin" else 1024)


def parse_args():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--framework", choices=["torch", "numpy", "both"], default="both")
    p.add_argument("--hidden", default="128", help="hidden widths, comma-separated: 512,256")
    p.add_argument("--model", choices=["mlp", "lenet", "resnet", "regularized"], default="mlp",
                   help="lenet: ch4-cnn's LeNet-5 (conv 5x5 6 p2, pool, conv 5x5 16, pool, 120, 84, 10), torch only; "
                        "resnet: ch8-deep's small ResNet (3x3 stem of 16, one torchvision BasicBlock per stage of "
                        "16, 32, 64 channels, global average pooling, linear), torch only; "
                        "regularized: ch5's MLP (Linear without bias, BatchNorm1d, ReLU, Dropout per hidden layer, "
                        "weight decay, random shifts, cosine schedule), torch only")
    p.add_argument("--dropout", type=float, default=0.3, help="regularized: dropout probability")
    p.add_argument("--weight-decay", type=float, default=5e-4, help="regularized: SGD weight_decay")
    p.add_argument("--shift", type=int, default=2, help="regularized: largest random shift in pixels")
    p.add_argument("--batch-size", type=int, default=128)
    p.add_argument("--epochs", type=int, default=1)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--lr", type=float, default=0.05)
    p.add_argument("--momentum", type=float, default=0.9)
    p.add_argument("--validation", type=int, default=5000, help="training images held out (as ch3-mlp)")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--data-dir", default=os.environ.get("MNIST_DIR")
                   or os.path.join(os.path.dirname(REPO), "shared", "mnist"))
    p.add_argument("--json", action="store_true", help="print a JSON list of epoch records instead")
    return p.parse_args()


ARGS = parse_args()
for _name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_name] = str(ARGS.threads)
import numpy as np  # noqa: E402  (after the thread variables are set)

MEAN, STD = 0.1307, 0.3081


# ---------------------------------------------------------------- data

def read_idx(path):
    """An IDX file (gzipped) as a uint8 array: magic 0x0000 08 D, then D big-endian int32 sizes."""
    with gzip.open(path, "rb") as f:
        data = f.read()
    if data[:3] != b"\0\0\x08":
        raise ValueError(f"{path}: not an unsigned-byte IDX file")
    dims = data[3]
    shape = tuple(int.from_bytes(data[4 + 4 * i:8 + 4 * i], "big") for i in range(dims))
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


def load_mnist(directory):
    def images(name):
        x = read_idx(os.path.join(directory, name)).reshape(-1, 784).astype(np.float32) / 255
        return (x - np.float32(MEAN)) / np.float32(STD)

    def labels(name):
        return read_idx(os.path.join(directory, name)).astype(np.int64)

    x, y = images("train-images-idx3-ubyte.gz"), labels("train-labels-idx1-ubyte.gz")
    keep = np.sort(np.random.default_rng(ARGS.seed).permutation(len(x))[ARGS.validation:])
    return (x[keep], y[keep]), (images("t10k-images-idx3-ubyte.gz"), labels("t10k-labels-idx1-ubyte.gz"))


# ---------------------------------------------------------------- torch

def run_torch(widths, train, test):
    import torch
    from torch import nn

    torch.set_num_threads(ARGS.threads)
    torch.manual_seed(ARGS.seed)
    layers = []
    for fan_in, fan_out in zip(widths[:-1], widths[1:]):
        layers += [nn.Linear(fan_in, fan_out), nn.ReLU()]
    model = nn.Sequential(*layers[:-1])
    if ARGS.model == "lenet":
        model = nn.Sequential(nn.Unflatten(1, (1, 28, 28)), nn.Conv2d(1, 6, 5, padding=2), nn.ReLU(), nn.MaxPool2d(2),
                              nn.Conv2d(6, 16, 5), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(),
                              nn.Linear(400, 120), nn.ReLU(), nn.Linear(120, 84), nn.ReLU(), nn.Linear(84, 10))
    if ARGS.model == "resnet":
        model = small_resnet(nn)
    regularized = ARGS.model == "regularized"
    if regularized:
        layers = []
        for fan_in, fan_out in zip(widths[:-2], widths[1:-1]):
            layers += [nn.Linear(fan_in, fan_out, bias=False), nn.BatchNorm1d(fan_out), nn.ReLU(), nn.Dropout(ARGS.dropout)]
        model = nn.Sequential(*layers, nn.Linear(widths[-2], widths[-1]))
    loss_fn = nn.CrossEntropyLoss()
    optimizer = torch.optim.SGD(model.parameters(), lr=ARGS.lr, momentum=ARGS.momentum,
                                weight_decay=ARGS.weight_decay if regularized else 0)
    schedule = torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, ARGS.epochs) if regularized else None
    background, k = (0 - MEAN) / STD, ARGS.shift

    def shifted(batch):
        """Each image moved by a random (dr, dc) in [-k, k]^2, the border filled with the background."""
        images = nn.functional.pad(batch.view(-1, 28, 28), (k, k, k, k), value=background)
        offsets = torch.randint(-k, k + 1, (len(batch), 2))
        steps = torch.arange(28)
        rows = (steps[None, :] + k - offsets[:, :1])[:, :, None]
        columns = (steps[None, :] + k - offsets[:, 1:])[:, None, :]
        return images[torch.arange(len(batch))[:, None, None], rows, columns].reshape(-1, 784)
    x, y = torch.from_numpy(train[0]), torch.from_numpy(train[1])
    x_test, y_test = torch.from_numpy(test[0]), torch.from_numpy(test[1])
    n, b = len(x), ARGS.batch_size

    for epoch in range(1, ARGS.epochs + 1):
        model.train()
        start = time.perf_counter()
        order = torch.randperm(n)
        for i in range(0, n, b):
            idx = order[i:i + b]
            optimizer.zero_grad(set_to_none=True)
            batch = shifted(x[idx]) if regularized and k > 0 else x[idx]
            loss = loss_fn(model(batch), y[idx])
            loss.backward()
            optimizer.step()
        seconds = time.perf_counter() - start
        if schedule:
            schedule.step()
        model.eval()
        with torch.no_grad():  # in slices of 1,000, so that the ResNet's activations fit
            correct = sum((model(x_test[i:i + 1000]).argmax(1) == y_test[i:i + 1000]).sum().item()
                          for i in range(0, len(x_test), 1000))
        yield epoch, seconds, n / seconds, correct / len(x_test)


def small_resnet(nn):
    """ch8-deep's default model: torchvision's BasicBlock (two 3x3 convolutions without bias, each
    followed by batch norm, a 1x1 strided projection with batch norm where the shape changes,
    ReLU after the sum), one block per stage of widths 16, 32, 64 after a 3x3 stem."""
    class BasicBlock(nn.Module):
        def __init__(self, cin, cout, stride):
            super().__init__()
            self.main = nn.Sequential(nn.Conv2d(cin, cout, 3, stride, 1, bias=False), nn.BatchNorm2d(cout), nn.ReLU(),
                                      nn.Conv2d(cout, cout, 3, 1, 1, bias=False), nn.BatchNorm2d(cout))
            self.shortcut = nn.Identity() if stride == 1 and cin == cout else nn.Sequential(
                nn.Conv2d(cin, cout, 1, stride, bias=False), nn.BatchNorm2d(cout))

        def forward(self, x):
            return nn.functional.relu(self.main(x) + self.shortcut(x))

    return nn.Sequential(nn.Unflatten(1, (1, 28, 28)), nn.Conv2d(1, 16, 3, 1, 1, bias=False), nn.BatchNorm2d(16), nn.ReLU(),
                         BasicBlock(16, 16, 1), BasicBlock(16, 32, 2), BasicBlock(32, 64, 2),
                         nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(64, 10))


# ---------------------------------------------------------------- numpy

def run_numpy(widths, train, test):
    rng = np.random.default_rng(ARGS.seed)
    # PyTorch's nn.Linear default: weights and biases uniform in ±1/sqrt(fan_in).
    params = []
    for fan_in, fan_out in zip(widths[:-1], widths[1:]):
        bound = 1 / np.sqrt(fan_in)
        params.append([rng.uniform(-bound, bound, (fan_in, fan_out)).astype(np.float32),
                       rng.uniform(-bound, bound, fan_out).astype(np.float32)])
    velocity = [[np.zeros_like(w), np.zeros_like(c)] for w, c in params]
    lr, mu = np.float32(ARGS.lr), np.float32(ARGS.momentum)

    def forward(x):
        """The logits and every layer's input (post-ReLU activations), for the backward pass."""
        inputs = []
        for i, (w, c) in enumerate(params):
            inputs.append(x)
            x = x @ w + c
            if i < len(params) - 1:
                x = np.maximum(x, 0)
        return x, inputs

    x, y = train
    n, b = len(x), ARGS.batch_size
    for epoch in range(1, ARGS.epochs + 1):
        start = time.perf_counter()
        order = rng.permutation(n)
        for i in range(0, n, b):
            idx = order[i:i + b]
            xb, yb = x[idx], y[idx]
            logits, inputs = forward(xb)
            # Softmax cross-entropy, mean over the batch: dL/dlogits = (softmax - onehot) / B.
            p = np.exp(logits - logits.max(axis=1, keepdims=True))
            p /= p.sum(axis=1, keepdims=True)
            p[np.arange(len(yb)), yb] -= 1
            grad = p / np.float32(len(yb))
            for j in range(len(params) - 1, -1, -1):
                w, c = params[j]
                dw, dc = inputs[j].T @ grad, grad.sum(axis=0)
                if j > 0:
                    grad = (grad @ w.T) * (inputs[j] > 0)  # through the previous layer's ReLU
                # SGD with momentum, PyTorch's form: v = mu v + g; p -= lr v.
                for param, v, g in ((w, velocity[j][0], dw), (c, velocity[j][1], dc)):
                    v *= mu
                    v += g
                    param -= lr * v
        seconds = time.perf_counter() - start
        accuracy = float((forward(test[0])[0].argmax(axis=1) == test[1]).mean())
        yield epoch, seconds, n / seconds, accuracy


# ---------------------------------------------------------------- main

def main():
    widths = [784] + [int(h) for h in ARGS.hidden.split(",") if h] + [10]
    shape = "-".join(map(str, widths))
    train, test = load_mnist(ARGS.data_dir)
    frameworks = ["torch", "numpy"] if ARGS.framework == "both" else [ARGS.framework]
    if ARGS.model in ("lenet", "resnet"):
        frameworks, shape = ["torch"], ARGS.model
    if ARGS.model == "regularized":
        frameworks, shape = ["torch"], shape + " regularized"
    records = []
    for name in frameworks:
        run = run_torch if name == "torch" else run_numpy
        best = 0.0
        for epoch, seconds, rate, accuracy in run(widths, train, test):
            best = max(best, rate)
            records.append({"framework": name, "layers": widths, "batch_size": ARGS.batch_size,
                            "threads": ARGS.threads, "epoch": epoch, "images": len(train[0]),
                            "seconds": round(seconds, 4), "images_per_second": round(rate, 1),
                            "test_accuracy": round(accuracy, 4),
                            "peak_rss_mb": round(peak_resident_megabytes(), 1)})
            if not ARGS.json:
                print(f"{name:7} {shape}  batch {ARGS.batch_size}  threads {ARGS.threads}  epoch {epoch}  "
                      f"{seconds:.2f} s  {rate / 1000:.1f}k img/s  test {100 * accuracy:.1f}%", flush=True)
        if not ARGS.json and ARGS.epochs > 1:
            print(f"{name:7} {shape}  batch {ARGS.batch_size}  threads {ARGS.threads}  "
                  f"best {best / 1000:.1f}k img/s", flush=True)
    if ARGS.json:
        print("[\n" + ",\n".join(json.dumps(r) for r in records) + "\n]")  # one record a line


if __name__ == "__main__":
    main()
