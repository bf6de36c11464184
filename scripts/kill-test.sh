#!/usr/bin/env bash
# The checkpoint kill test at length (issue 15, docs/reliability.md): CheckpointKillTest with KILLS
# kills (CI runs 30) of a child JVM that writes an optimizer checkpoint after every step; SEED varies
# the kill moments. Prints the test's summary line: kills survived, the last step, kills that left a
# temporary file.
#
#   scripts/kill-test.sh            # 300 kills
#   KILLS=1000 SEED=7 scripts/kill-test.sh
set -euo pipefail
cd "$(dirname "$0")/.."
KILLS=${KILLS:-300}
SEED=${SEED:-20261204}
./mvnw -q -o -pl engine-api test -Dtest=CheckpointKillTest -Dsurefire.failIfNoSpecifiedTests=false \
    -Ddescent.kills="$KILLS" -Ddescent.kills.seed="$SEED"
grep -oh 'CheckpointKillTest: [^<]*' engine-api/target/surefire-reports/TEST-dev.descent.optim.CheckpointKillTest.xml
