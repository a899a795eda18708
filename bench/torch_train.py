#!/usr/bin/env python3
"""PyTorch peer for `npm run bench -- train`: the same models, one training step timed the same way.

A benchmark peer only, not a dependency of rethink. Enable it on Debian with
    apt-get install -y python3-torch libopenblas0-openmp
and run it with Debian's interpreter (`env PATH=$(getconf PATH) python3 bench/torch_train.py ...`).

Prints one JSON object: per-step times (ms) of forward + backward + SGD-momentum update at the given batch
size, after warm-up steps, on a fixed random batch (MNIST-shaped 1x28x28 input, 10 classes).
"""
import argparse
import json
import time

import torch
from torch import nn


def build(model: str, height: int, width: int, channels: int, classes: int) -> nn.Module:
    """The replication's CNN and the paper's MLP 1x512 / 3x512, as in src/train/models."""
    if model == "cnn":
        flat = 64 * ((height - 4) // 2) * ((width - 4) // 2)
        return nn.Sequential(
            nn.Conv2d(channels, 32, 3), nn.ReLU(),
            nn.Conv2d(32, 64, 3), nn.ReLU(),
            nn.MaxPool2d(2), nn.Flatten(),
            nn.Linear(flat, 128), nn.ReLU(),
            nn.Linear(128, classes),
        )
    if model in ("mlp", "mlp1x512", "mlp3x512"):
        depth = 3 if model == "mlp3x512" else 1
        layers: list[nn.Module] = [nn.Flatten()]
        width_in = height * width * channels
        for _ in range(depth):
            layers += [nn.Linear(width_in, 512), nn.ReLU()]
            width_in = 512
        layers.append(nn.Linear(width_in, classes))
        return nn.Sequential(*layers)
    raise SystemExit(f"torch_train.py: unknown model {model!r} (cnn, mlp1x512, mlp3x512)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--model", default="cnn")
    parser.add_argument("--batch", type=int, default=128)
    parser.add_argument("--steps", type=int, default=7)
    parser.add_argument("--warmup", type=int, default=2)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--shape", default="28,28,1", help="height,width,channels")
    args = parser.parse_args()

    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    height, width, channels = (int(v) for v in args.shape.split(","))
    model = build(args.model, height, width, channels, 10)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)
    loss_fn = nn.CrossEntropyLoss()
    x = torch.rand(args.batch, channels, height, width)
    y = torch.randint(0, 10, (args.batch,))

    def step() -> None:
        optimizer.zero_grad(set_to_none=True)
        loss = loss_fn(model(x), y)
        loss.backward()
        optimizer.step()
        loss.item()

    for _ in range(args.warmup):
        step()
    times = []
    for _ in range(args.steps):
        start = time.perf_counter()
        step()
        times.append((time.perf_counter() - start) * 1000)
    print(json.dumps({
        "model": args.model,
        "batch": args.batch,
        "threads": torch.get_num_threads(),
        "torch": torch.__version__,
        "times_ms": times,
    }))


if __name__ == "__main__":
    main()
