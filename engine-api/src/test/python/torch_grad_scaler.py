#!/usr/bin/env python3
"""Expected runs of torch.cuda.amp.GradScaler for Descent's loss-scaling tests (GradScalerTorchTest).

Run from the repository root with PyTorch installed (written with torch 1.13):

    python3 engine-api/src/test/python/torch_grad_scaler.py

It rewrites engine-api/src/test/resources/dev/descent/optim/torch-grad-scaler.txt; the Java test reads it and
never needs torch.

torch 1.13's GradScaler runs only on CUDA: its constructor disables it without a GPU, it asserts that the
loss and its scale are CUDA tensors, and its two kernels (_amp_foreach_non_finite_check_and_unscale_ and
_amp_update_scale_) have no CPU implementation. So that its own Python (grad_scaler.py: scale, unscale_,
step, update, the double reciprocal of inv_scale, the found-inf bookkeeping, the skipped optimizer.step())
runs here, this script re-runs itself under `python3 -O` (which drops the CUDA assertions), tells the
module that CUDA is available, and gives the two kernels CPU ports, line for line, of their CUDA sources
(aten/src/ATen/native/cuda/AmpKernels.cu, torch 1.13):

  - _amp_foreach_non_finite_check_and_unscale_: found_inf = 1 if any *scaled* gradient element is not
    finite; each element becomes g * inv_scale in float32 (left alone when inv_scale == 1);
  - _amp_update_scale_ (amp_update_scale_cuda_kernel): on found_inf the float32 scale times the double
    backoff_factor, rounded to float32, and the growth tracker 0; else the tracker + 1, and at
    growth_interval the scale times growth_factor if that is finite in float32, and the tracker 0.

The file holds cases:

    case <name> key=value ...               the optimizer, its lr (momentum), GradScaler's arguments, clip
    param <k> v0 v1 ...                     parameter k's initial values
    grad <t> <k> v0 v1 ...                  the gradient of the unscaled loss at step t (1-based) for param k
                                            (NaN and Infinity injected at some steps)
    step <t> scale found_inf new_scale growth_tracker norm
                                            the scale the loss was multiplied by, whether the step was
                                            skipped (1) or applied (0), the scale and tracker after update(),
                                            clip_grad_norm_'s total norm of the unscaled gradients (nan
                                            without clipping)
    final <k> v0 v1 ...                     parameter k after the last step

Values are Python's repr of float32 numbers (they round-trip exactly), with inf and nan spelt Infinity and
NaN as Java reads them.
"""
import math
import os
import random
import sys

if __debug__:  # GradScaler asserts its tensors are on CUDA; -O drops those assertions
    os.execv(sys.executable, [sys.executable, "-O"] + sys.argv)

import numpy as np
import torch
import torch.cuda.amp.grad_scaler as grad_scaler

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "resources", "dev", "descent", "optim",
                   "torch-grad-scaler.txt")


def foreach_non_finite_check_and_unscale_(grads, found_inf, inv_scale):
    """CPU port of _amp_foreach_non_finite_check_and_unscale_cuda_ (AmpKernels.cu)."""
    inv = inv_scale.item()
    for g in grads:
        if not bool(torch.isfinite(g).all()):
            found_inf.fill_(1.0)
        if inv != 1.0:
            g.mul_(inv_scale)  # float32 times float32, as the kernel's opmath


def update_scale_(current_scale, growth_tracker, found_inf, growth_factor, backoff_factor, growth_interval):
    """CPU port of amp_update_scale_cuda_kernel (AmpKernels.cu)."""
    if found_inf.item():
        current_scale.fill_(float(np.float32(current_scale.item() * backoff_factor)))
        growth_tracker.fill_(0)
    else:
        successful = growth_tracker.item() + 1
        if successful == growth_interval:
            new_scale = np.float32(current_scale.item() * growth_factor)
            if np.isfinite(new_scale):
                current_scale.fill_(float(new_scale))
            growth_tracker.fill_(0)
        else:
            growth_tracker.fill_(successful)
    return current_scale


grad_scaler.amp_definitely_not_available = lambda: False
torch._amp_foreach_non_finite_check_and_unscale_ = foreach_non_finite_check_and_unscale_
torch._amp_update_scale_ = update_scale_


def fmt(x):
    x = float(x)
    if math.isnan(x):
        return "NaN"
    if math.isinf(x):
        return "Infinity" if x > 0 else "-Infinity"
    return repr(x)


def row(f, *head_and_values):
    *head, values = head_and_values
    f.write(" ".join(str(h) for h in head) + " " + " ".join(fmt(v) for v in values) + "\n")


SIZES = [5, 3, 7]


def run(f, name, optimizer, lr, scaler_args, steps, injected, clip=None, grad_size=1.0, momentum=0.0, seed=0):
    rnd = random.Random(seed)
    params = [torch.nn.Parameter(torch.tensor([rnd.uniform(-1, 1) for _ in range(n)], dtype=torch.float32))
              for n in SIZES]
    if optimizer == "adam":
        opt = torch.optim.Adam(params, lr=lr)
    else:
        opt = torch.optim.SGD(params, lr=lr, momentum=momentum)
    scaler = torch.cuda.amp.GradScaler(**scaler_args)
    assert scaler.is_enabled()
    args = dict(optimizer=optimizer, lr=lr, momentum=momentum, steps=steps,
                clip=clip if clip is not None else "none", **scaler_args)
    f.write("case %s %s\n" % (name, " ".join("%s=%s" % (k, v) for k, v in args.items())))
    for k, p in enumerate(params):
        row(f, "param", k, p.detach().numpy())
    for t in range(1, steps + 1):
        grads = [torch.tensor([rnd.gauss(0, grad_size) for _ in range(n)], dtype=torch.float32) for n in SIZES]
        for (k, i, value) in injected.get(t, []):
            grads[k][i] = value
        for k, g in enumerate(grads):
            row(f, "grad", t, k, g.numpy())
        opt.zero_grad()
        loss = sum((p * g).sum() for p, g in zip(params, grads))  # d loss / d p = g
        scale = scaler.get_scale()
        scaler.scale(loss).backward()
        norm = float("nan")
        if clip is not None:
            scaler.unscale_(opt)
            norm = torch.nn.utils.clip_grad_norm_(params, clip).item()
        scaler.step(opt)
        found_inf = sum(v.item() for v in scaler._per_optimizer_states[id(opt)]["found_inf_per_device"].values())
        scaler.update()
        f.write("step %d %s %d %s %d %s\n" % (t, fmt(scale), int(found_inf), fmt(scaler.get_scale()),
                                              scaler._get_growth_tracker(), fmt(norm)))
    for k, p in enumerate(params):
        row(f, "final", k, p.detach().numpy())


def main():
    inf, nan = float("inf"), float("nan")
    with open(OUT, "w") as f:
        f.write("# generated by engine-api/src/test/python/torch_grad_scaler.py with torch %s; do not edit\n"
                % torch.__version__)
        run(f, "adam_defaults_interval4", "adam", 0.01, dict(growth_interval=4), 16,
            {3: [(0, 1, inf)], 4: [(2, 6, nan)], 10: [(1, 0, -inf)]})
        run(f, "sgd_momentum_odd_factors", "sgd", 0.1,
            dict(init_scale=1000.0, growth_factor=3.0, backoff_factor=0.3, growth_interval=2), 14,
            {2: [(0, 0, inf)], 7: [(1, 2, nan)], 8: [(2, 3, inf), (0, 4, nan)]}, momentum=0.9, seed=1)
        run(f, "adam_clip_norm", "adam", 0.01, dict(growth_interval=3), 10, {5: [(2, 0, inf)]}, clip=0.5, seed=2)
        # growth stops short of float32's overflow; a scaled gradient that overflows float32 is found as inf
        run(f, "growth_cap", "sgd", 0.1, dict(init_scale=2.0 ** 125, growth_interval=1), 5, {}, grad_size=0.3, seed=3)
        run(f, "overflow_at_huge_scale", "sgd", 0.1, dict(init_scale=2.0 ** 125, growth_interval=1), 8, {},
            grad_size=1.5, seed=3)
    print("wrote", os.path.normpath(OUT))


if __name__ == "__main__":
    main()
