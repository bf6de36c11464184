#!/usr/bin/env bash
# The long fuzzing campaign (issue 15, docs/reliability.md): every @FuzzTest of engine-tests' package
# dev.descent.fuzz in fuzzing mode (JAZZER_FUZZ=1), one JVM per target, each until EXECUTIONS runs
# or DURATION, whichever comes first. CI does not run this; it replays the committed corpus instead.
#
#   scripts/fuzz-campaign.sh                       # 10^6 executions per target, at most 30 minutes each
#   EXECUTIONS=200000 DURATION=5m scripts/fuzz-campaign.sh SafetensorsFuzzTest#weights
#
# Per target it prints executions, coverage (libFuzzer's cov: edges, ft: features) and exec/s, and
# the full log goes to target/fuzz/<target>.log. A finding fails the target and Jazzer saves the input
# as crash-<sha1> beside the seeds (src/test/resources/dev/descent/fuzz/<Class>Inputs/<method>/), where
# the corpus replay keeps it as a reproducer once the bug is fixed; inputs that grew coverage stay in
# engine-tests/.cifuzz-corpus (not committed).
set -euo pipefail
cd "$(dirname "$0")/.."
EXECUTIONS=${EXECUTIONS:-1000000}
DURATION=${DURATION:-30m}
TARGETS=("$@")
if [ ${#TARGETS[@]} -eq 0 ]; then
    TARGETS=(TraceReaderFuzzTest#trace TraceReaderFuzzTest#trainTrace TraceReaderFuzzTest#anyTrace
        DataFilesFuzzTest#csv DataFilesFuzzTest#idx
        SafetensorsFuzzTest#weights SafetensorsFuzzTest#checkpoint SafetensorsFuzzTest#torchExport)
fi
mkdir -p engine-tests/target/fuzz
status=0
printf '%-34s %12s %6s %7s %8s %s\n' target executions cov ft exec/s result
for t in "${TARGETS[@]}"; do
    log=engine-tests/target/fuzz/${t//#/.}.log
    # The modules as they are in this tree (-am: the reactor's classes, not what ~/.m2 holds), and the
    # default-test execution only: engine-tests' second one (without the Vector API) would fuzz again.
    if JAZZER_FUZZ=1 JAZZER_MAX_EXECUTIONS=$EXECUTIONS JAZZER_MAX_DURATION=$DURATION \
        JAZZER_INSTRUMENT='dev.descent.**,com.fasterxml.jackson.**' \
        ./mvnw -o -pl engine-tests -am test-compile surefire:test@default-test -Dtest="$t" \
        -Dsurefire.failIfNoSpecifiedTests=false >"$log" 2>&1; then
        result=ok
    else
        result="FINDING or failure (see $log)"
        status=1
    fi
    done_line=$(grep -E '^#[0-9]+[[:space:]]+(DONE|pulse|NEW|REDUCE)' "$log" | tail -1 || true)
    runs=$(grep -oE '^Done [0-9]+ runs' "$log" | tail -1 | grep -oE '[0-9]+' || true)
    cov=$(grep -oE 'cov: [0-9]+' <<<"$done_line" | grep -oE '[0-9]+' || true)
    ft=$(grep -oE 'ft: [0-9]+' <<<"$done_line" | grep -oE '[0-9]+' || true)
    rate=$(grep -oE 'exec/s: [0-9]+' <<<"$done_line" | grep -oE '[0-9]+' || true)
    printf '%-34s %12s %6s %7s %8s %s\n' "$t" "${runs:-?}" "${cov:-?}" "${ft:-?}" "${rate:-?}" "$result"
done
exit $status
