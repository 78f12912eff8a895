#!/usr/bin/env python3
"""Load a Nabla checkpoint into PyTorch and measure its test accuracy there.

Developer-only proof that `--save FILE` writes what PyTorch and Hugging Face read: the
safetensors file is opened with the `safetensors` package, its model tensors (every name but the
`optimizer.` ones) go into `torch.nn.Module.load_state_dict(strict=True)` of the same
architecture, built here in PyTorch, and the MNIST test set is classified with the pixel
normalisation the checkpoint records. The accuracy must equal the one Nabla reported for the same
weights (float32 on both sides; a different summation order may flip a borderline image or two).

    .venv-golden/bin/pip install torch==2.13.0+cpu numpy safetensors
    swift run -c release ch4-cnn --save lenet.safetensors
    .venv-golden/bin/python Tools/checkpoint/load_in_pytorch.py lenet.safetensors

MNIST is read from --data-dir, else $MNIST_DIR, else the repository's Data/mnist.
"""
import argparse
import gzip
import json
import os
import sys

import numpy as np
import torch
from safetensors import safe_open
from safetensors.torch import load_file

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def read_idx(path):
    """An IDX file (gzipped) as a uint8 array: magic 0x0000 08 D, then D big-endian int32 sizes."""
    with gzip.open(path, "rb") as f:
        data = f.read()
    dims = data[3]
    shape = [int.from_bytes(data[4 + 4 * i:8 + 4 * i], "big") for i in range(dims)]
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


def model_for(report):
    """The PyTorch twin of the model the report names: ch4's LeNet-5 or wide CNN, ch3's MLP."""
    nn = torch.nn
    config = report["config"]
    if report["chapter"] == "04-CNN" and config.get("model") == "lenet":
        return nn.Sequential(nn.Conv2d(1, 6, 5, padding=2), nn.ReLU(), nn.MaxPool2d(2, 2),
                             nn.Conv2d(6, 16, 5), nn.ReLU(), nn.MaxPool2d(2, 2), nn.Flatten(),
                             nn.Linear(400, 120), nn.ReLU(), nn.Linear(120, 84), nn.ReLU(), nn.Linear(84, 10)), True
    if report["chapter"] == "04-CNN" and config.get("model") == "wide":
        return nn.Sequential(nn.Conv2d(1, 32, 5, padding=2), nn.ReLU(), nn.MaxPool2d(2, 2),
                             nn.Conv2d(32, 64, 5, padding=2), nn.ReLU(), nn.MaxPool2d(2, 2), nn.Flatten(),
                             nn.Linear(3136, 256), nn.ReLU(), nn.Linear(256, 10)), True
    if report["chapter"] == "03-MLP":
        widths = [784] + [int(w) for w in config["hidden"]] + [10]
        layers = []
        for a, b in zip(widths, widths[1:]):
            layers += [nn.Linear(a, b), nn.ReLU()]
        return nn.Sequential(*layers[:-1]), False
    sys.exit(f"no PyTorch twin for chapter {report['chapter']} model {config.get('model')}")


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("checkpoint")
    p.add_argument("--data-dir", default=os.environ.get("MNIST_DIR") or os.path.join(REPO, "Data", "mnist"))
    args = p.parse_args()

    with safe_open(args.checkpoint, framework="pt") as f:
        metadata = f.metadata()
    report = json.loads(metadata["report"])
    normalization = json.loads(metadata["normalization"])
    tensors = load_file(args.checkpoint)
    state = {k: v for k, v in tensors.items() if not k.startswith("optimizer.")}
    model, is_picture = model_for(report)
    model.load_state_dict(state, strict=True)
    model.eval()

    images = read_idx(os.path.join(args.data_dir, "t10k-images-idx3-ubyte.gz")).astype(np.float32) / 255
    labels = read_idx(os.path.join(args.data_dir, "t10k-labels-idx1-ubyte.gz")).astype(np.int64)
    x = (images - normalization["mean"]) / normalization["standard_deviation"]
    x = torch.from_numpy(x.reshape(-1, 1, 28, 28) if is_picture else x.reshape(-1, 784))
    with torch.no_grad():
        predicted = model(x).argmax(dim=1).numpy()
    accuracy = float((predicted == labels).mean())
    nabla = report["epochs"][-1]["test_accuracy"]
    print(f"{args.checkpoint}: {len(state)} tensors loaded into torch.nn.Sequential (strict), "
          f"{len(tensors) - len(state)} optimizer tensors left out")
    print(f"test accuracy in PyTorch {100 * accuracy:.2f}%, reported by Nabla {100 * nabla:.2f}% "
          f"(after epoch {report['epochs'][-1]['epoch']}; {int(round(abs(accuracy - nabla) * len(labels)))} images differ)")
    sys.exit(0 if abs(accuracy - nabla) * len(labels) <= 2 else 1)


if __name__ == "__main__":
    main()
