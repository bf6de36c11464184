#!/usr/bin/env bash
# The soak run (issue 15, docs/reliability.md): SoakTest with STEPS optimizer steps per CPU backend
# (CI runs 2000) — objectives, tensors and optimizers created and closed every 100 steps — printing
# the tensors allocated, the bytes still held (HostMemory), the heap after a GC and the RSS at ten
# points; the test fails if any tensor is left open or the heap or RSS grows.
#
#   scripts/soak.sh                 # 10^5 steps on each of reference and simd
#   STEPS=1000000 scripts/soak.sh
set -euo pipefail
cd "$(dirname "$0")/.."
STEPS=${STEPS:-100000}
./mvnw -q -o -pl engine-tests -am test-compile surefire:test@default-test -Dtest=SoakTest \
    -Dsurefire.failIfNoSpecifiedTests=false -Ddescent.soak.steps="$STEPS"
# The samples are the test's standard output, in the CDATA of its surefire report.
sed -n '/soak [a-z]*: /,/]]>/p' engine-tests/target/surefire-reports/TEST-dev.descent.verify.SoakTest.xml \
    | sed 's/.*CDATA\[//' | grep -vF ']]>'
