#!/usr/bin/env bash
# The epoch-time comparison of docs/benchmarks.md ("Training an MLP"): PyTorch (bench/torch/mlp_epoch.py)
# and `./descent train` train 784-256-10 (relu, cross-entropy, Adam lr 1e-3, batch 128) on Fashion-MNIST
# on one thread, taking turns for ROUNDS rounds so that both see the same load; prints every run's JSON
# line, then each side's median seconds per epoch, the median of the per-round ratio Descent / PyTorch,
# the same for the epochs after the first (Descent's first epoch also pays for the JIT compiling its
# kernels unless it waited for its warm-up: warm_up_seconds), each process's wall time from start to exit
# (start-up, data reading, the warm-up and evaluation included),
# and the test accuracies (both sides seeded 1..ROUNDS: initialisation and batch order differ between
# the two frameworks, so accuracies are compared as means over the seeds).
#
# usage: bench/torch/compare-mlp.sh            (env: ROUNDS=3 EPOCHS=3 PYTHON=/usr/bin/python3 OUT=bench/target/mlp)
# needs: apt-get install dataset-fashion-mnist python3-torch libopenblas0-pthread
#        (without torch, only Descent's side runs)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
rounds="${ROUNDS:-3}"
epochs="${EPOCHS:-3}"
python="${PYTHON:-/usr/bin/python3}"
out="${OUT:-$root/bench/target/mlp}"
mkdir -p "$out"
: > "$out/torch.jsonl"
: > "$out/descent.jsonl"

if [ ! -d /usr/share/datasets/fashion-mnist ]; then
    echo "no /usr/share/datasets/fashion-mnist: apt-get install dataset-fashion-mnist" >&2
    exit 2
fi
torch=yes
if ! "$python" -c "import torch" 2>/dev/null; then
    echo "# $python has no torch (apt-get install python3-torch libopenblas0-pthread): Descent's side only" >&2
    torch=no
fi

echo "# $(date -u +%Y-%m-%dT%H:%MZ); load before: $(cut -d' ' -f1-3 /proc/loadavg)"
for round in $(seq 1 "$rounds"); do
    if [ "$torch" = yes ]; then
        start=$(date +%s%N)
        line=$("$python" "$here/mlp_epoch.py" --epochs "$epochs" --threads 1 --seed "$round")
        echo "${line%\}}, \"process_seconds\": $(awk -v a="$start" -v b="$(date +%s%N)" 'BEGIN { printf "%.3f", (b - a) / 1e9 }')}" | tee -a "$out/torch.jsonl"
    fi
    start=$(date +%s%N)
    line=$("$root/descent" train --data fashion-mnist --layers 784,256,10 --activation relu --loss cross_entropy \
        --optimizer adam --lr 1e-3 --batch 128 --epochs "$epochs" --backend simd --threads 1 --seed "$round" \
        --json | tail -n 1)
    echo "${line%\}},\"process_seconds\":$(awk -v a="$start" -v b="$(date +%s%N)" 'BEGIN { printf "%.3f", (b - a) / 1e9 }')}" | tee -a "$out/descent.jsonl"
done
echo "# load after: $(cut -d' ' -f1-3 /proc/loadavg)"

"$python" - "$out/torch.jsonl" "$out/descent.jsonl" <<'EOF'
import json, statistics, sys
torch = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
descent = [json.loads(l) for l in open(sys.argv[2]) if l.strip()]
d = [r["seconds_per_epoch"] for r in descent]
print(f"descent simd, 1 thread: median {statistics.median(d):.3f} s/epoch over {len(d)} runs, "
      f"test accuracy {[r['test_accuracy'] for r in descent]}")
if torch:
    t = [r["seconds_per_epoch_median"] for r in torch]
    ratios = [a / b for a, b in zip(d, t)]
    print(f"pytorch {torch[0]['framework']} ({torch[0]['blas']}), 1 thread: median {statistics.median(t):.3f} s/epoch, "
          f"test accuracy {[r['test_accuracy'][-1] for r in torch]}")
    print(f"descent / pytorch, same round: median {statistics.median(ratios):.2f} (rounds: "
          + ", ".join(f"{x:.2f}" for x in ratios) + ")")
    if len(descent[0]["epoch_seconds"]) > 1:
        later = [statistics.median(a["epoch_seconds"][1:]) / statistics.median(b["seconds_per_epoch"][1:])
                 for a, b in zip(descent, torch)]
        print("epochs after the first, descent / pytorch, same round: median "
              f"{statistics.median(later):.2f} (rounds: " + ", ".join(f"{x:.2f}" for x in later) + "); "
              "descent's first epochs: " + ", ".join(f"{r['epoch_seconds'][0]:.2f} s" for r in descent))
    warm = [r.get("warm_up_seconds") for r in descent]
    if all(w is not None for w in warm):
        print("descent's wait for the JIT warm-up before its clock (in its process wall time below): "
              + ", ".join(f"{w:.2f} s" for w in warm))
    da = [r["test_accuracy"] for r in descent]
    ta = [r["test_accuracy"][-1] for r in torch]
    spread = lambda a: statistics.stdev(a) if len(a) > 1 else float("nan")
    print(f"test accuracy after {len(descent[0]['epoch_seconds'])} epochs over seeds 1..{len(da)}: descent mean "
          f"{100 * statistics.mean(da):.2f}% (sd {100 * spread(da):.2f}), pytorch mean {100 * statistics.mean(ta):.2f}% "
          f"(sd {100 * spread(ta):.2f}), difference {100 * (statistics.mean(da) - statistics.mean(ta)):+.2f} points")
    walls = [a["process_seconds"] / b["process_seconds"] for a, b in zip(descent, torch)]
    print(f"process wall time, descent / pytorch, same round: median {statistics.median(walls):.2f} (descent "
          + ", ".join(f"{r['process_seconds']:.2f}" for r in descent) + " s; pytorch "
          + ", ".join(f"{r['process_seconds']:.2f}" for r in torch) + " s)")
EOF
