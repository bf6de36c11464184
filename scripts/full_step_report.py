"""The report of scripts/full-step-vs-c.sh: medians over rounds of Descent's rates and of their
ratios to the C loop measured in the same round (docs/benchmarks.md, "Full step at the memory limit")."""
import json
import re
import statistics
import sys

out, rounds = sys.argv[1], int(sys.argv[2])
C_LINE = re.compile(r"^(\S+)\s+n=(\d+)\s+threads=(\d+)\s+G elements/s median ([0-9.]+)")


def c_rates(r):
    rates = {}
    with open(f"{out}/c-{r}.txt") as f:
        for line in f:
            m = C_LINE.match(line)
            if m:
                rates[(m[1], int(m[2]), int(m[3]))] = float(m[4])
    return rates


def rows(kind, r):
    found = {}
    with open(f"{out}/{kind}-{r}.jsonl") as f:
        for line in f:
            o = json.loads(line)
            case = "1" if o["tensors"] == 1 else f'{o["tensors"]}{"" if o["fused"] else " per-tensor"}'
            found[(o["optimizer"], o["n"], o["threads"], case)] = o["elements_per_s"] / 1e9
    return found


def med(xs):
    return statistics.median(xs) if xs else float("nan")


c = [c_rates(r) for r in range(1, rounds + 1)]
data = {k: [rows(k, r) for r in range(1, rounds + 1)] for k in ("step", "kernel", "clipped", "many")}

print(f"Median over {rounds} rounds; ratios taken within a round. G elements/s.\n")
print("| optimizer | threads | n | C loop | kernel | kernel ÷ C | step | step ÷ C | clipped step | clipped ÷ step |")
print("|---|---|---|---|---|---|---|---|---|---|")
for opt in ("adam", "sgd-momentum"):
    for n in (100000, 10000000):
        for t in (1, 2):
            key = (opt, n, t, "1")
            cs = [c[r][(opt, n, t)] for r in range(rounds)]
            col = {k: [data[k][r].get(key) for r in range(rounds)] for k in ("step", "kernel", "clipped")}
            ratio = lambda k: med([col[k][r] / cs[r] for r in range(rounds) if col[k][r]])
            clip = med([col["clipped"][r] / col["step"][r] for r in range(rounds) if col["clipped"][r] and col["step"][r]])
            print(f"| {opt} | {t} | {n:.0e} | {med(cs):.2f} | {med([x for x in col['kernel'] if x]):.2f} | "
                  f"{ratio('kernel'):.2f}× | {med([x for x in col['step'] if x]):.2f} | {ratio('step'):.2f}× | "
                  f"{med([x for x in col['clipped'] if x]):.2f} | {clip:.2f}× |")

print("\nMany tensors against one (same run, same total):\n")
print("| optimizer | threads | timed | case | G elements/s | ÷ one tensor of the same total |")
print("|---|---|---|---|---|---|")
for opt in ("adam", "sgd-momentum"):
    for t in (1, 2):
        for kind, total, cases in (("step", 10000000, ("1000", "1000 per-tensor")), ("kernel", 10000000, ("1000",)),
                                   ("many", 1000000, ("10000", "10000 per-tensor"))):
            for case in cases:
                xs = [data[kind][r].get((opt, total, t, case)) for r in range(rounds)]
                ones = [data[kind][r].get((opt, total, t, "1")) for r in range(rounds)]
                ratio = med([x / o for x, o in zip(xs, ones) if x and o])
                label = f"{case.split()[0]}×{total // int(case.split()[0]):.0e}" + (" per-tensor" if "per" in case else "")
                print(f"| {opt} | {t} | {'kernel' if kind == 'kernel' else 'step'} | {label} | "
                      f"{med([x for x in xs if x]):.3f} | {ratio:.2f}× |")
