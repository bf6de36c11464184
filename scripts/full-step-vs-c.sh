#!/usr/bin/env bash
# The full optimizer step against the fused C loop (issue 12, docs/benchmarks.md "Full step at the
# memory limit"): bench/c/run.sh and ./descent bench alternately, ROUNDS times, so that both sides
# see the same state of a shared machine; each ratio is taken within a round, and the report gives
# the median over the rounds. About 2 minutes a round on 2 cores.
#
# usage: scripts/full-step-vs-c.sh            env: ROUNDS (default 3), OUT (default bench/target/full-step)
# needs: gcc (bench/c) and python3 (the report)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
rounds="${ROUNDS:-3}"
out="${OUT:-bench/target/full-step}"
mkdir -p "$out"
rm -f "$out"/*.txt "$out"/*.jsonl
common=(--optimizers adam,sgd-momentum --backends simd --threads 1,2)
for r in $(seq 1 "$rounds"); do
    echo "round $r of $rounds: C loop" >&2
    bench/c/run.sh 100000 10000000 > "$out/c-$r.txt"
    echo "round $r of $rounds: Optimizer.step(), kernels alone, clipping, many small tensors" >&2
    ./descent bench --sizes 1e5,1e7 --tensors 1000 "${common[@]}" --out "$out/step-$r.jsonl" > /dev/null
    ./descent bench --sizes 1e5,1e7 --tensors 1000 "${common[@]}" --kernel --out "$out/kernel-$r.jsonl" > /dev/null
    ./descent bench --sizes 1e5,1e7 --tensors 1 "${common[@]}" --clip-norm --out "$out/clipped-$r.jsonl" > /dev/null
    ./descent bench --sizes 1e6 --tensors 10000 "${common[@]}" --out "$out/many-$r.jsonl" > /dev/null
done
python3 scripts/full_step_report.py "$out" "$rounds" | tee "$out/report.md"
