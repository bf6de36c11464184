#!/usr/bin/env python3
"""PyTorch's side of the epoch-time comparison (docs/benchmarks.md, "Training an MLP").

Trains nn.Sequential(Linear(784, 256), ReLU(), Linear(256, 10)) on Fashion-MNIST with cross-entropy and
torch.optim.Adam(lr=1e-3), batch 128, a seeded shuffle per epoch, on one thread by default — the
settings of `./descent train --data fashion-mnist --layers 784,256,10 --activation relu
--loss cross_entropy --optimizer adam --lr 1e-3 --batch 128 --backend simd --threads 1`. Each epoch's
training loop is timed on its own (the test-set evaluation after it is not), and the script prints one
JSON line: seconds per epoch (each epoch and their median; also by the process's CPU time, which leaves
out the time other processes held the core), examples/s, the last epoch's mean
training loss and the test accuracy after each epoch.

Data: the IDX files of Debian's dataset-fashion-mnist (/usr/share/datasets/fashion-mnist/, gzip),
pixels scaled to [0, 1]. Usage: /usr/bin/python3 bench/torch/mlp_epoch.py [--epochs 3] [--threads 1]
"""
import argparse
import gzip
import json
import os
import statistics
import struct
import sys
import time

import os as _os
import sys as _sys

# torch.set_num_threads does not reach OpenBLAS's own pthreads: without this, "one thread" ran OpenBLAS
# on both cores (CPU time twice the wall time). Pin BLAS and OpenMP to --threads before torch loads.
_threads = _sys.argv[_sys.argv.index("--threads") + 1] if "--threads" in _sys.argv else "1"
_os.environ.setdefault("OPENBLAS_NUM_THREADS", _threads)
_os.environ.setdefault("OMP_NUM_THREADS", _threads)

import numpy as np
import torch
from torch import nn

DATA = "/usr/share/datasets/fashion-mnist"


def idx(path):
    """The array of an IDX file (images 0x00000803 or labels 0x00000801), gzip or not."""
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rb") as f:
        data = f.read()
    zero, dtype, dims = struct.unpack(">HBB", data[:4])
    if zero != 0 or dtype != 0x08:
        raise ValueError(f"{path}: not an unsigned-byte IDX file")
    shape = struct.unpack(">" + "I" * dims, data[4:4 + 4 * dims])
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


def load(split):
    images = idx(os.path.join(DATA, f"{split}-images-idx3-ubyte.gz"))
    labels = idx(os.path.join(DATA, f"{split}-labels-idx1-ubyte.gz"))
    x = torch.from_numpy(images.reshape(images.shape[0], -1).astype(np.float32) / 255.0)
    return x, torch.from_numpy(labels.astype(np.int64))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=3)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--batch", type=int, default=128)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    if not os.path.isdir(DATA):
        sys.exit(f"no {DATA}: apt-get install dataset-fashion-mnist")
    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    x_train, y_train = load("train")
    x_test, y_test = load("t10k")
    model = nn.Sequential(nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 10))
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    loss_fn = nn.CrossEntropyLoss()
    shuffle = torch.Generator().manual_seed(args.seed)
    seconds, cpu_seconds, accuracies, losses = [], [], [], []
    n = x_train.shape[0]
    for _ in range(args.epochs):
        order = torch.randperm(n, generator=shuffle)
        total, batches = 0.0, 0
        start, cpu_start = time.perf_counter(), time.process_time()
        for first in range(0, n, args.batch):
            rows = order[first:first + args.batch]
            optimizer.zero_grad()
            loss = loss_fn(model(x_train[rows]), y_train[rows])
            loss.backward()
            optimizer.step()
            total += loss.item()
            batches += 1
        seconds.append(time.perf_counter() - start)
        cpu_seconds.append(time.process_time() - cpu_start)
        losses.append(total / batches)
        with torch.no_grad():
            accuracies.append((model(x_test).argmax(1) == y_test).float().mean().item())
    blas = "unknown"
    with open("/proc/self/maps") as maps:
        text = maps.read()
        blas = "openblas" if "openblas" in text else ("mkl" if "mkl" in text else blas)
    print(json.dumps({
        "framework": f"torch {torch.__version__}", "blas": blas, "threads": args.threads,
        "layers": "784,256,10", "batch": args.batch, "epochs": args.epochs,
        "seconds_per_epoch": [round(s, 3) for s in seconds],
        "seconds_per_epoch_median": round(statistics.median(seconds), 3),
        "examples_per_s": round(n / statistics.median(seconds)),
        "cpu_seconds_per_epoch_median": round(statistics.median(cpu_seconds), 3),
        "train_loss": round(losses[-1], 4), "test_accuracy": [round(a, 4) for a in accuracies],
    }))


if __name__ == "__main__":
    main()
