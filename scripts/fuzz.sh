#!/usr/bin/env bash
# Builds a fuzz target with clang-19, libFuzzer, ASan and UBSan into build-fuzz/, seeds its corpus
# and runs it: decode-validate (binary modules, the default; seeded from the spec suite),
# text-reader (.wat modules, seeded with every module of the suite's .wast files), compile-run
# (decode, validate, compile, instantiate and call; seeded like decode-validate plus modules of
# binaryen's fuzzer), wasi-calls (sequences of WASI calls) or cache-entry (the cache's entry reader).
# Usage: [FAASLET_FUZZ_TARGET=text-reader] scripts/fuzz.sh [SECONDS] [extra libFuzzer flags...]
#        (default 600 seconds)
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
seconds=${1:-600}
shift || true
bash "$root/scripts/setup.sh"
build=$root/build-fuzz
sanitize="-fsanitize=address,undefined -fno-sanitize-recover=undefined -fsanitize=fuzzer-no-link"
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_C_COMPILER=clang-19 -DCMAKE_CXX_COMPILER=clang++-19 \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo -DFAASLET_FUZZ=ON -DFAASLET_TESTS=OFF \
  -DCMAKE_CXX_FLAGS="$sanitize" -DCMAKE_C_FLAGS="$sanitize" >/dev/null
target=${FAASLET_FUZZ_TARGET:-decode-validate}
cmake --build "$build" --target "faaslet-fuzz-$target" -j "$(nproc)"

suite=${FAASLET_SPEC_TESTSUITE:-$root/../shared/wasm-spec-testsuite}
corpus=$build/corpus-$target
if [[ $target == text-reader && ! -d $corpus ]]; then
  mkdir -p "$corpus"
  [[ -d $suite ]] && python3 "$root/scripts/wast_modules.py" "$corpus" "$suite"/core/*.wast "$suite"/simd/*.wast
elif [[ ($target == wasi-calls || $target == cache-entry) ]]; then
  mkdir -p "$corpus"
elif [[ ! -d $corpus ]]; then
  mkdir -p "$corpus" "$build/seed-json"
  if [[ -d $suite ]]; then
    bash "$suite/convert.sh" "$build/seed-json" >/dev/null || true
    find "$build/seed-json" -name '*.wasm' -exec cp -t "$corpus" {} +
  fi
  cp "$root"/build/examples/*.wasm "$corpus" 2>/dev/null || true
  if [[ $target == compile-run ]] && command -v wasm-opt >/dev/null; then
    for seed in $(seq 1 50); do
      head -c 4096 /dev/urandom >"$build/seed.dat"
      wasm-opt -ttf "$build/seed.dat" -o "$corpus/ttf-$seed.wasm" --remove-imports 2>/dev/null || true
    done
  fi
fi
# Guest code faults on purpose (guard pages): the runtime's signal handler must see those first.
signals=()
[[ $target == compile-run ]] && signals=(-handle_segv=0 -handle_bus=0 -handle_fpe=0)
export ASAN_OPTIONS=${ASAN_OPTIONS:-allow_user_segv_handler=1:handle_segv=0:detect_leaks=1}
mkdir -p "$build/artifacts"
"$build/bin/faaslet-fuzz-$target" "$corpus" -max_total_time="$seconds" -timeout=10 \
  -rss_limit_mb=4096 -artifact_prefix="$build/artifacts/" -print_final_stats=1 "${signals[@]}" "$@"
