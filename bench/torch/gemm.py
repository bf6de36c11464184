#!/usr/bin/env python3
"""Single-precision GEMM GFLOP/s of PyTorch's CPU BLAS (Debian's python3-torch with OpenBLAS) on one thread.

The shapes are those of a 784-256-10 MLP trained with batch 128 (docs/benchmarks.md, "GEMM"):
X·Wᵀ (forward), dZᵀ·H (weight gradient) and dZ·W (gradient passed down). Each shape is timed in
repeated batches of calls; the median over the batches is printed, as one JSON line per shape: GFLOP/s
by the wall clock and by the thread's CPU time (which leaves out the time other processes held the core,
the better measure on a loaded machine).

Usage: /usr/bin/python3 bench/torch/gemm.py [--repeats 15] [--threads 1]
"""
import argparse
import json
import statistics
import time

import os as _os
import sys as _sys

# torch.set_num_threads does not reach OpenBLAS's own pthreads: without this, "one thread" ran OpenBLAS
# on both cores (CPU time twice the wall time). Pin BLAS and OpenMP to --threads before torch loads.
_threads = _sys.argv[_sys.argv.index("--threads") + 1] if "--threads" in _sys.argv else "1"
_os.environ.setdefault("OPENBLAS_NUM_THREADS", _threads)
_os.environ.setdefault("OMP_NUM_THREADS", _threads)

import torch


SHAPES = [
    # name, m, k, n, how out = ... is computed from a and b
    ("x_wt", 128, 784, 256, "a·bᵀ"),   # X[128,784]·W[256,784]ᵀ
    ("dzt_h", 256, 128, 784, "aᵀ·b"),  # dZ[128,256]ᵀ·X[128,784]
    ("dz_w", 128, 256, 784, "a·b"),    # dZ[128,256]·W[256,784]
    ("x_wt_out", 128, 256, 10, "a·bᵀ"),  # H[128,256]·W2[10,256]ᵀ
]


def operands(form, m, k, n):
    g = torch.Generator().manual_seed(1)
    if form == "a·bᵀ":
        a, b = torch.rand(m, k, generator=g), torch.rand(n, k, generator=g)
        return lambda out: torch.mm(a, b.t(), out=out)
    if form == "aᵀ·b":
        a, b = torch.rand(k, m, generator=g), torch.rand(k, n, generator=g)
        return lambda out: torch.mm(a.t(), b, out=out)
    a, b = torch.rand(m, k, generator=g), torch.rand(k, n, generator=g)
    return lambda out: torch.mm(a, b, out=out)


def blas():
    """The BLAS library this process loaded (Debian's torch calls libblas.so.3, OpenBLAS's where installed)."""
    with open("/proc/self/maps") as maps:
        text = maps.read()
    return "openblas" if "openblas" in text else ("mkl" if "mkl" in text else "reference or unknown")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=15)
    parser.add_argument("--threads", type=int, default=1)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    for name, m, k, n, form in SHAPES:
        mm = operands(form, m, k, n)
        out = torch.empty(m, n)
        flops = 2.0 * m * n * k
        calls = max(1, int(2e8 / flops))  # about 0.2 GFLOP per batch of calls
        for _ in range(calls):
            mm(out)
        rates, cpu_rates = [], []
        for _ in range(args.repeats):
            t0, c0 = time.perf_counter(), time.thread_time()
            for _ in range(calls):
                mm(out)
            rates.append(flops * calls / (time.perf_counter() - t0) / 1e9)
            cpu_rates.append(flops * calls / max(time.thread_time() - c0, 1e-9) / 1e9)
        print(json.dumps({"shape": name, "form": form, "m": m, "k": k, "n": n, "threads": args.threads,
                          "blas": blas(),
                          "gflops_median": round(statistics.median(rates), 1),
                          "gflops_max": round(max(rates), 1),
                          "gflops_cpu_time_median": round(statistics.median(cpu_rates), 1)}))


if __name__ == "__main__":
    main()
