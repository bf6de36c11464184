#!/usr/bin/env bash
# Builds the fused C baselines and prints their rates (median of 11 samples, min and max) for 1 and
# 2 threads: Adam, SGD with momentum, and copy/triad for the bandwidth they are measured against.
#
# usage: bench/c/run.sh [elements ...]      (default: 10000000; e.g. run.sh 1000 100000 10000000)
# env:   CC (default gcc), CFLAGS (default -O3 -march=native -fopenmp -fno-math-errno), THREADS (default "1 2")
#
# -fno-math-errno: without it gcc keeps sqrtf a libm call (it might set errno) and Adam does not
# vectorise at all (0.3 G elements/s here). Java's Math.sqrt sets no errno either, and the flag
# changes no result, so it is the fair baseline.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
out="$here/target"
cc="${CC:-gcc}"
cflags="${CFLAGS:--O3 -march=native -fopenmp -fno-math-errno}"
threads="${THREADS:-1 2}"
sizes=("$@")
if [ ${#sizes[@]} -eq 0 ]; then
    sizes=(10000000)
fi

mkdir -p "$out"
for prog in adam sgd_momentum stream; do
    # shellcheck disable=SC2086  # cflags is a list of flags
    "$cc" $cflags -o "$out/$prog" "$here/$prog.c" -lm
done

echo "# $("$cc" --version | head -n 1); flags: $cflags"
echo "# $(grep -m 1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //'), $(nproc) cores"
# Pin threads so two threads run on two cores rather than migrating between them.
export OMP_PROC_BIND=close OMP_PLACES=cores
for n in "${sizes[@]}"; do
    for t in $threads; do
        "$out/adam" "$n" "$t"
        "$out/sgd_momentum" "$n" "$t"
        "$out/stream" copy "$n" "$t"
        "$out/stream" triad "$n" "$t"
    done
done
