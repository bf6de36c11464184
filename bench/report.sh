#!/usr/bin/env bash
# Runs the JMH benchmarks and the fused C loops in one go and prints the combined table of
# docs/benchmarks.md (G elements/s, GB/s, % of copy, × C loop).
# Build first: ./mvnw -q -pl bench -am package -DskipTests
#
# usage: bench/report.sh [JMH arguments...]
#   bench/report.sh -f 1 -wi 3 -i 5 -p optimizer=adam,sgd-momentum -p loop=adam,sgd-momentum
# env:   OUT (default bench/target/report): where result.json, c-results.txt and report.md go
#        C_SIZES (default "1000 100000 10000000"): sizes for bench/c/run.sh; empty to skip the C loops
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=../scripts/find-jdk.sh
. "$here/../scripts/find-jdk.sh"
java="$JAVA_HOME/bin/java"
jar="$here/target/benchmarks.jar"
out="${OUT:-$here/target/report}"
c_sizes="${C_SIZES-1000 100000 10000000}"

if [ ! -f "$jar" ]; then
    echo "no $jar: build it with ./mvnw -q -pl bench -am package -DskipTests" >&2
    exit 1
fi
mkdir -p "$out"
{
    echo "# $(date -u +%Y-%m-%dT%H:%MZ); load before: $(cut -d' ' -f1-3 /proc/loadavg)"
    "$java" --add-modules jdk.incubator.vector -cp "$jar" dev.descent.bench.MachineInfo 2>/dev/null
} | tee "$out/machine.txt"

"$java" -jar "$jar" -rf json -rff "$out/result.json" "$@" | tee "$out/jmh.log"

c_args=()
if [ -n "$c_sizes" ]; then
    # shellcheck disable=SC2086  # a list of sizes
    "$here/c/run.sh" $c_sizes | tee "$out/c-results.txt"
    c_args=("$out/c-results.txt")
fi
echo "# load after: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$out/machine.txt"
"$java" -cp "$jar" dev.descent.bench.BenchReport "$out/result.json" "${c_args[@]}" | tee "$out/report.md"
