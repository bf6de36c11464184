#!/usr/bin/env bash
# Compiles the CUDA kernels (src/main/cuda/*.cu) into the fatbins shipped as class-path resources
# (src/main/resources/dev/descent/cuda/kernels/), one per source, with the flags in
# src/main/cuda/nvcc.flags, and records in kernels.properties what they were built from.
#
#   build-kernels.sh            rebuild if the sources changed since the recorded build (Maven runs this)
#   build-kernels.sh --force    rebuild even if they did not
#   build-kernels.sh --out DIR  build into DIR, leaving the shipped kernels alone (the nvcc test uses it)
#
# Without nvcc on the PATH (or in $NVCC) it keeps the shipped fatbins and says so; if they are stale,
# it says that too, and FatbinFreshnessTest fails until someone with nvcc rebuilds them.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
src=$here/src/main/cuda
shipped=$here/src/main/resources/dev/descent/cuda/kernels
out=$shipped
force=false
while [[ $# -gt 0 ]]; do
    case $1 in
        --force) force=true ;;
        --out) out=$2; shift ;;
        *) echo "build-kernels.sh: unknown argument '$1'" >&2; exit 2 ;;
    esac
    shift
done

# The digest KernelSourceDigest computes: sha256sum of every file, by name, and that listing's sha256.
if command -v sha256sum > /dev/null; then
    sha=(sha256sum)
elif command -v shasum > /dev/null; then
    sha=(shasum -a 256) # macOS; the same output
else
    echo "build-kernels: neither sha256sum nor shasum found: keeping the shipped kernels unchecked"
    exit 0
fi
digest=$(cd "$src" && LC_ALL=C ls -1 | LC_ALL=C sort | xargs "${sha[@]}" | "${sha[@]}" | cut -d' ' -f1)
recorded=$(sed -n 's/^sources\.sha256=//p' "$shipped/kernels.properties" 2>/dev/null || true)

if [[ $out == "$shipped" && $force == false && $digest == "$recorded" ]]; then
    # Silent when there is nothing to do: ./descent promises one line on its first build.
    exit 0
fi

nvcc=${NVCC:-$(command -v nvcc || true)}
if [[ -z $nvcc ]]; then
    if [[ $out != "$shipped" ]]; then
        echo "build-kernels: nvcc not found on the PATH (or in \$NVCC)" >&2
        exit 3
    fi
    echo "build-kernels: nvcc not found on the PATH: keeping the shipped kernels"
    if [[ $digest != "$recorded" ]]; then
        echo "build-kernels: WARNING: they are STALE: the sources' digest is $digest, the kernels were built from" \
            "${recorded:-nothing}; rebuild them where nvcc is installed (engine-cuda/build-kernels.sh)" >&2
    fi
    exit 0
fi

release=$("$nvcc" --version | sed -n 's/.*release [0-9.]*, V\([0-9.]*\).*/\1/p')
read -r -a flags < "$src/nvcc.flags"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
modules=()
for cu in "$src"/*.cu; do
    name=$(basename "$cu" .cu)
    echo "build-kernels: nvcc ${flags[*]} -fatbin $name.cu"
    # Compiled from inside the source folder with a relative name: nvcc embeds the name it is given,
    # and an absolute path would make the fatbin depend on where the repository was cloned.
    (cd "$src" && "$nvcc" "${flags[@]}" -fatbin -o "$tmp/$name.fatbin" "$name.cu")
    modules+=("$name")
done
# The same digest over the fatbins just built: FatbinFreshnessTest checks the shipped ones against it.
fatbins=$(cd "$tmp" && LC_ALL=C ls -1 -- *.fatbin | LC_ALL=C sort | xargs "${sha[@]}" | "${sha[@]}" | cut -d' ' -f1)
{
    echo "# Written by engine-cuda/build-kernels.sh; FatbinFreshnessTest checks sources.sha256 against src/main/cuda"
    echo "# and fatbins.sha256 against the fatbins beside this file."
    echo "sources.sha256=$digest"
    echo "fatbins.sha256=$fatbins"
    echo "nvcc.release=$release"
    echo "nvcc.flags=${flags[*]}"
    echo "modules=$(IFS=,; echo "${modules[*]}")"
} > "$tmp/kernels.properties"
mkdir -p "$out"
rm -f "$out"/*.fatbin
mv "$tmp"/*.fatbin "$tmp/kernels.properties" "$out"/
echo "build-kernels: wrote ${#modules[@]} fatbins and kernels.properties to $out"
