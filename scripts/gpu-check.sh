#!/usr/bin/env bash
# Packs everything the one-call GPU check needs into .gpu/ (ignored by git; see ../shared/GPU.md):
# a trimmed JDK 25 runtime, the project's jars with JCuda's natives (the driver's alone), JUnit's
# console launcher, the compiled tests of engine-tests and engine-cuda, the PyTorch traces (optimizer
# and training), Fashion-MNIST's four IDX files (xz-compressed, from /usr/share/datasets/fashion-mnist
# where Debian's dataset-fashion-mnist installed them), and .gpu/check.sh, which runs on the GPU
# machine (no Java, no Maven, no network there). Then prints the device call to make.
#
#   scripts/gpu-check.sh            build the CLI and what it needs (./mvnw -DskipTests package -pl cli -am), pack
#   scripts/gpu-check.sh --no-build pack what is already built
#
# On the GPU machine, .gpu/check.sh runs each step under `timeout`, with `set -x`, everything teed to
# $OUT/gpu-check.log: nvidia-smi; `descent backends`; the JUnit suites on cuda (GpuBackendTest,
# GpuNetworkKernelsTest, GpuClippingTest (gradient clipping and loss scaling's unscale against the
# reference), the cross-backend suites, TraceReplayTest, the checkpoint round trip CheckpointResumeTest and
# TorchStateResumeTest, the mixed-precision suites: bfloat16/float16 tensors and master-weight steps
# against the reference);
# `descent verify-trace --backend cuda` over every optimizer trace and every training trace; `descent
# train` on Fashion-MNIST on cuda (its seconds per epoch), in float32, bfloat16 and float16 (dynamic loss
# scaling); the GPU benchmark (float32, and bfloat16 with master weights). Run locally, it goes as far
# as a machine without a GPU allows.
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
    echo "gpu-check: building (./mvnw -q -B -DskipTests package -pl cli -am) ..."
    ./mvnw -q -B -DskipTests package -pl cli -am
fi
for needed in cli/target/descent-cli.jar cli/target/lib engine-tests/target/test-classes engine-cuda/target/test-classes; do
    [[ -e $needed ]] || { echo "gpu-check: $needed is missing; run without --no-build" >&2; exit 1; }
done

rm -rf "$gpu"
mkdir -p "$gpu/lib" "$gpu/test-classes" "$gpu/traces/train"

cp cli/target/descent-cli.jar cli/target/lib/*.jar "$gpu/lib/"
# JCuda's natives jar also carries the PTX compiler and NVRTC (24 of its 26 MB unpacked); Descent loads
# its fatbins through the driver API alone, so only libJCudaDriver (and the runtime's) travel.
if command -v zip > /dev/null; then
    for natives in "$gpu"/lib/jcuda-natives-*.jar; do
        zip -q -d "$natives" 'lib/libJNvPTXCompiler*' 'lib/libJNvrtc*' > /dev/null || true
    done
else
    echo "gpu-check: zip not found: JCuda's natives travel whole (8 MB more)"
fi
cp -r engine-tests/target/test-classes "$gpu/test-classes/engine-tests"
cp -r engine-cuda/target/test-classes "$gpu/test-classes/engine-cuda"

# The traces: the shared ones (the source of truth) and the copies shipped with engine-tests;
# training traces (descent-train-trace/1) in traces/train.
cp engine-tests/src/test/resources/traces/*.json "$gpu/traces/"
if compgen -G "$root/../shared/traces/*.json" > /dev/null; then
    cp "$root"/../shared/traces/*.json "$gpu/traces/"
fi
for dir in engine-tests/src/test/resources/traces/train "$root/../shared/traces/train"; do
    if compgen -G "$dir/*.json" > /dev/null; then
        cp "$dir"/*.json "$gpu/traces/train/"
    fi
done

# Fashion-MNIST for `descent train` on cuda: xz packs the four IDX files into about 26 MiB (gzip's are
# 31), so that they fit in what may travel beside the runtime and the jars. Left out, saying so, where
# the package is not installed or the files would not fit.
fashion=${DESCENT_FASHION_MNIST:-/usr/share/datasets/fashion-mnist}
fashion_files=(train-images-idx3-ubyte train-labels-idx1-ubyte t10k-images-idx3-ubyte t10k-labels-idx1-ubyte)
have_fashion=true
for f in "${fashion_files[@]}"; do
    [[ -f $fashion/$f.gz || -f $fashion/$f ]] || have_fashion=false
done
if $have_fashion; then
    mkdir -p "$gpu/fashion-mnist"
    for f in "${fashion_files[@]}"; do
        if [[ -f $fashion/$f.gz ]]; then gzip -dc "$fashion/$f.gz"; else cat "$fashion/$f"; fi \
            | xz -T0 -6 > "$gpu/fashion-mnist/$f.xz"
    done
else
    echo "gpu-check: Fashion-MNIST is not in $fashion (apt-get install dataset-fashion-mnist): the check will not train on it"
fi

# JUnit's console launcher, of the platform release that goes with the project's JUnit (5.x.y ↔ 1.x.y).
junit=$(sed -n 's:.*<junit.version>\(5\.[0-9.]*\)</junit.version>.*:\1:p' pom.xml)
platform=1.${junit#5.}
console=org.junit.platform:junit-platform-console-standalone:$platform
./mvnw -q -B -N dependency:copy -Dartifact="$console" -DoutputDirectory="$gpu" -Dmdep.stripVersion=true
mv "$gpu/junit-platform-console-standalone.jar" "$gpu/junit.jar"

# A runtime of just the modules needed, uncompressed inside (xz compresses it far better than zip).
# engine-cuda's module descriptor requires the automatic module jcuda: jdeps finds it on the module path
# (and warns, on stdout, that the class path holds its packages too: the list is the last line).
deps=$("$JAVA_HOME/bin/jdeps" --print-module-deps --ignore-missing-deps --multi-release 25 \
    --module-path "$(ls "$gpu"/lib/jcuda-[0-9]*.jar)" \
    "$gpu"/lib/*.jar "$gpu/junit.jar" "$gpu/test-classes/engine-tests" "$gpu/test-classes/engine-cuda" 2>/dev/null \
    | grep -v '^Warning' | tail -1) \
    || { echo "gpu-check: jdeps could not list the modules the jars need:" >&2
         "$JAVA_HOME/bin/jdeps" --print-module-deps --ignore-missing-deps --multi-release 25 \
             --module-path "$(ls "$gpu"/lib/jcuda-[0-9]*.jar)" "$gpu"/lib/*.jar >&2; exit 1; }
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
    # The suites that exist in this build (the network kernels' cross-backend suite among them once it is there).
    local selected=()
    for c in dev.descent.cuda.GpuBackendTest dev.descent.cuda.GpuNetworkKernelsTest dev.descent.cuda.GpuClippingTest \
            dev.descent.verify.CrossBackendAgreementTest dev.descent.verify.TraceReplayTest \
            dev.descent.verify.MinimizerAgreementTest dev.descent.verify.ObjectiveKernelAgreementTest \
            dev.descent.verify.NetworkKernelAgreementTest dev.descent.verify.TensorViewTest \
            dev.descent.verify.TrainTraceReplayTest dev.descent.verify.CheckpointResumeTest \
            dev.descent.verify.TorchStateResumeTest dev.descent.verify.LowPrecisionTensorTest \
            dev.descent.verify.MixedPrecisionAgreementTest dev.descent.verify.MasterWeightsTest \
            dev.descent.verify.LossScalingAgreementTest; do
        if compgen -G "$gpu/test-classes/*/${c//.//}.class" > /dev/null; then
            selected+=(--select-class "$c")
        fi
    done
    timeout 300 "$java" --enable-native-access=ALL-UNNAMED -Xmx6g -XX:MaxDirectMemorySize=16g \
        -jar "$gpu/junit.jar" execute --disable-banner --disable-ansi-colors --details=tree \
        --class-path "$gpu/test-classes/engine-cuda:$gpu/test-classes/engine-tests:$(ls "$gpu"/lib/*.jar | paste -sd:)" \
        "${selected[@]}" --reports-dir "$out/junit" || failed+=(junit)

    timeout 60 "$java" "${flags[@]}" -cp "$cp" dev.descent.cli.Main verify-trace --backend cuda "$gpu"/traces/*.json \
        || failed+=(verify-trace)

    # The training traces: multilayer perceptrons trained by PyTorch, replayed with the network kernels on cuda.
    if compgen -G "$gpu/traces/train/*.json" > /dev/null; then
        timeout 90 "$java" "${flags[@]}" -cp "$cp" dev.descent.cli.Main verify-trace --backend cuda \
            "$gpu"/traces/train/*.json || failed+=(verify-train-traces)
    else
        echo "gpu-check: no training traces were packed"
    fi

    # Fashion-MNIST on cuda: 784-256-10 relu, cross-entropy, Adam lr 1e-3, batches of 128, 3 epochs (the
    # setting of docs/benchmarks.md), then Hessian-free on the whole batch of 10 000 examples; seconds per
    # epoch in the summary and in the JSON line; and Hessian-free with a curvature sample of the 60 000.
    if [[ -d $gpu/fashion-mnist ]]; then
        local data=/tmp/fashion-mnist
        mkdir -p "$data"
        for f in "$gpu"/fashion-mnist/*.xz; do
            xz -dc "$f" > "$data/$(basename "$f" .xz)"
        done
        timeout 180 "$java" "${flags[@]}" -Xmx8g -cp "$cp" dev.descent.cli.Main train --data "$data" \
            --layers 784,256,10 --activation relu --loss cross_entropy --optimizer adam --lr 1e-3 --batch 128 \
            --epochs 3 --backend cuda --seed 1 --json || failed+=(train-adam)
        # Mixed precision: bfloat16 weights with float32 master weights; float16 with dynamic loss scaling.
        timeout 120 "$java" "${flags[@]}" -Xmx8g -cp "$cp" dev.descent.cli.Main train --data "$data" \
            --layers 784,256,10 --optimizer adam --lr 1e-3 --batch 128 --epochs 2 --backend cuda --seed 1 \
            --dtype bf16 --json || failed+=(train-bf16)
        timeout 120 "$java" "${flags[@]}" -Xmx8g -cp "$cp" dev.descent.cli.Main train --data "$data" \
            --layers 784,256,10 --optimizer adam --lr 1e-3 --batch 128 --epochs 2 --backend cuda --seed 1 \
            --dtype f16 --loss-scale dynamic --json || failed+=(train-f16)
        timeout 120 "$java" "${flags[@]}" -Xmx8g -cp "$cp" dev.descent.cli.Main train --data "$data" \
            --layers 784,256,10 --activation relu --loss cross_entropy --optimizer hf --batch all --max-iter 10 \
            --train-examples 10000 --backend cuda --seed 1 --json || failed+=(train-hf)
        # Hessian-free with its Gauss-Newton products on a sample of the examples gathered on the device.
        timeout 120 "$java" "${flags[@]}" -Xmx8g -cp "$cp" dev.descent.cli.Main train --data "$data" \
            --layers 784,256,10 --activation relu --loss cross_entropy --optimizer hf --max-iter 10 \
            --curvature-sample 0.1 --backend cuda --seed 1 --json || failed+=(train-hf-sampled)
    else
        echo "gpu-check: Fashion-MNIST was not packed (see the packing's output): no training on it"
    fi

    # Second-order methods with the whole state on the GPU, at sizes where the device matters.
    timeout 30 "$java" "${flags[@]}" -cp "$cp" dev.descent.cli.Main minimize --method lbfgs --problem rosenbrock \
        --n 10000000 --backend cuda --json || failed+=(minimize-lbfgs)
    timeout 30 "$java" "${flags[@]}" -cp "$cp" dev.descent.cli.Main minimize --method ncg-pr --problem logistic \
        --n 500 --rows 20000 --backend cuda --json || failed+=(minimize-logistic)

    timeout 180 "$java" --enable-native-access=ALL-UNNAMED -Xmx2g -cp "$cp" dev.descent.cuda.GpuBenchmark \
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

The device call (one H200; the whole check takes about 5 to 8 minutes):

  run(command="tar -C /tmp -xJf .gpu/jre25.tar.xz && bash .gpu/check.sh", carry=[".gpu"], timeout_s=590)

then give_back(), and commit \$OUT/gpu-check.log as docs/gpu/<date>-<device>.log (see docs/gpu/README.md).
CALL
