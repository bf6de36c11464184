#!/usr/bin/env bash
# Packs everything the one-call GPU check needs into .gpu/ (ignored by git; see ../shared/GPU.md):
# a trimmed JDK 25 runtime, the project's jars with JCuda's natives, JUnit's console launcher, the
# compiled tests of engine-tests and engine-cuda, the PyTorch traces, and .gpu/check.sh, which runs
# on the GPU machine (no Java, no Maven, no network there). Then prints the device call to make.
#
#   scripts/gpu-check.sh            build the CLI and what it needs (./mvnw -DskipTests install -pl cli -am), pack
#   scripts/gpu-check.sh --no-build pack what is already built
#
# On the GPU machine, .gpu/check.sh runs each step under `timeout`, with `set -x`, everything teed to
# $OUT/gpu-check.log: nvidia-smi; `descent backends`; the JUnit suites on cuda (GpuBackendTest,
# CrossBackendAgreementTest, TraceReplayTest); `descent verify-trace --backend cuda` over every
# trace; the GPU benchmark. Run locally, it goes as far as a machine without a GPU allows.
set -euo pipefail

root=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
cd "$root"
# shellcheck source=scripts/find-jdk.sh
. "$root/scripts/find-jdk.sh"

build=true
case ${1:-} in
    --no-build) build=false ;;
    "") ;;
    *) echo "gpu-check: unknown argument '$1' (usage: scripts/gpu-check.sh [--no-build])" >&2; exit 2 ;;
esac

gpu=$root/.gpu
limit=$((64 * 1024 * 1024))
# The JVM modules the check needs: the runtime's own list plus what jdeps finds in the jars.
modules="java.base,jdk.incubator.vector,java.logging,jdk.unsupported,java.management"

if $build; then
    echo "gpu-check: building (./mvnw -q -B -DskipTests install -pl cli -am) ..."
    ./mvnw -q -B -DskipTests install -pl cli -am
fi
for needed in cli/target/descent-cli.jar cli/target/lib engine-tests/target/test-classes engine-cuda/target/test-classes; do
    [[ -e $needed ]] || { echo "gpu-check: $needed is missing; run without --no-build" >&2; exit 1; }
done

rm -rf "$gpu"
mkdir -p "$gpu/lib" "$gpu/test-classes" "$gpu/traces"

cp cli/target/descent-cli.jar cli/target/lib/*.jar "$gpu/lib/"
cp -r engine-tests/target/test-classes "$gpu/test-classes/engine-tests"
cp -r engine-cuda/target/test-classes "$gpu/test-classes/engine-cuda"

# The traces: the shared ones (the source of truth) and the copies shipped with engine-tests.
cp engine-tests/src/test/resources/traces/*.json "$gpu/traces/"
if compgen -G "$root/../shared/traces/*.json" > /dev/null; then
    cp "$root"/../shared/traces/*.json "$gpu/traces/"
fi

# JUnit's console launcher, of the platform release that goes with the project's JUnit (5.x.y ↔ 1.x.y).
junit=$(sed -n 's:.*<junit.version>\(5\.[0-9.]*\)</junit.version>.*:\1:p' pom.xml)
platform=1.${junit#5.}
console=org.junit.platform:junit-platform-console-standalone:$platform
./mvnw -q -B -N dependency:copy -Dartifact="$console" -DoutputDirectory="$gpu" -Dmdep.stripVersion=true
mv "$gpu/junit-platform-console-standalone.jar" "$gpu/junit.jar"

# A runtime of just the modules needed, uncompressed inside (xz compresses it far better than zip).
deps=$("$JAVA_HOME/bin/jdeps" --print-module-deps --ignore-missing-deps --multi-release 25 \
    "$gpu"/lib/*.jar "$gpu/junit.jar" "$gpu/test-classes/engine-tests" "$gpu/test-classes/engine-cuda" 2>/dev/null)
# java.desktop is only Jackson's optional java.beans support: 6 MB the traces do not need.
modules=$(echo "$modules,$deps" | tr ',' '\n' | grep -v '^java.desktop$' | sort -u | paste -sd, -)
jre=$(mktemp -d)/jre25
"$JAVA_HOME/bin/jlink" --add-modules "$modules" --strip-debug --no-header-files --no-man-pages --compress=zip-0 \
    --output "$jre" 2>&1 | grep -v 'Using incubator modules' || true
tar -C "$(dirname "$jre")" -cf - jre25 | xz -T0 -6 > "$gpu/jre25.tar.xz"
rm -rf "$(dirname "$jre")"

cat > "$gpu/check.sh" <<'CHECK'
#!/usr/bin/env bash
# The GPU check, written by scripts/gpu-check.sh. Run from the repository root after unpacking the
# runtime: tar -C /tmp -xJf .gpu/jre25.tar.xz && bash .gpu/check.sh
# Every step is bounded by `timeout`; a failed step is reported and the next one runs anyway; the exit
# status is the number of failed steps. Everything goes to $OUT/gpu-check.log as well.
set -uo pipefail

gpu=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
out=${OUT:-$gpu/out}
mkdir -p "$out"

main() {
    set -x
    local java=/tmp/jre25/bin/java
    local cp="$gpu/lib/*"
    local flags=(--add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED)
    local failed=()
    date -u +%Y-%m-%dT%H:%M:%SZ
    uname -srm
    "$java" -version

    timeout 30 nvidia-smi || failed+=(nvidia-smi)

    timeout 60 "$java" "${flags[@]}" -cp "$cp" dev.descent.cli.Main backends || failed+=(backends)

    # Without the Vector API module the simd cases skip (their reason printed), so the suites spend
    # their time on cuda against the reference. GpuBackendTest's 2 GiB transfer needs the direct memory.
    timeout 200 "$java" --enable-native-access=ALL-UNNAMED -Xmx6g -XX:MaxDirectMemorySize=16g \
        -jar "$gpu/junit.jar" execute --disable-banner --disable-ansi-colors --details=tree \
        --class-path "$gpu/test-classes/engine-cuda:$gpu/test-classes/engine-tests:$(ls "$gpu"/lib/*.jar | paste -sd:)" \
        --select-class dev.descent.cuda.GpuBackendTest \
        --select-class dev.descent.verify.CrossBackendAgreementTest \
        --select-class dev.descent.verify.TraceReplayTest \
        --select-class dev.descent.verify.MinimizerAgreementTest \
        --select-class dev.descent.verify.ObjectiveKernelAgreementTest \
        --reports-dir "$out/junit" || failed+=(junit)

    timeout 60 "$java" "${flags[@]}" -cp "$cp" dev.descent.cli.Main verify-trace --backend cuda "$gpu"/traces/*.json \
        || failed+=(verify-trace)

    # Second-order methods with the whole state on the GPU, at sizes where the device matters.
    timeout 30 "$java" "${flags[@]}" -cp "$cp" dev.descent.cli.Main minimize --method lbfgs --problem rosenbrock \
        --n 10000000 --backend cuda --json || failed+=(minimize-lbfgs)
    timeout 30 "$java" "${flags[@]}" -cp "$cp" dev.descent.cli.Main minimize --method ncg-pr --problem logistic \
        --n 500 --rows 20000 --backend cuda --json || failed+=(minimize-logistic)

    timeout 120 "$java" --enable-native-access=ALL-UNNAMED -Xmx2g -cp "$cp" dev.descent.cuda.GpuBenchmark \
        || failed+=(benchmark)

    set +x
    echo
    if [[ ${#failed[@]} -eq 0 ]]; then
        echo "gpu-check: every step passed"
    else
        echo "gpu-check: FAILED steps: ${failed[*]}"
    fi
    return ${#failed[@]}
}

main 2>&1 | tee "$out/gpu-check.log"
exit "${PIPESTATUS[0]}"
CHECK
chmod +x "$gpu/check.sh"

# The sizes: .gpu itself, and the whole tree that travels (tracked and untracked files git does not ignore, plus .gpu).
gpu_bytes=$(du -sb "$gpu" | cut -f1)
tree_bytes=$(git ls-files -z --cached --others --exclude-standard | du -cb --files0-from=- 2>/dev/null | tail -1 | cut -f1)
total=$((gpu_bytes + tree_bytes))
printf 'gpu-check: .gpu holds %s MiB (runtime %s MiB); with the working tree %s MiB of the 64 MiB that may travel\n' \
    $((gpu_bytes / 1048576)) $(($(stat -c %s "$gpu/jre25.tar.xz") / 1048576)) $((total / 1048576))
if ((total >= limit)); then
    echo "gpu-check: too big to travel ($total bytes >= $limit)" >&2
    exit 1
fi
git check-ignore -q "$gpu" || { echo "gpu-check: .gpu/ is not ignored by git" >&2; exit 1; }

cat <<CALL

The device call (one H200; the whole check takes about 3 to 5 minutes):

  run(command="tar -C /tmp -xJf .gpu/jre25.tar.xz && bash .gpu/check.sh", carry=[".gpu"], timeout_s=480)

then give_back(), and commit \$OUT/gpu-check.log as docs/gpu/<date>-<device>.log (see docs/gpu/README.md).
CALL
