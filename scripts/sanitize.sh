#!/usr/bin/env bash
# Builds the unit tests and the WASI corpus with a sanitizer into build-SANITIZER/ (clang-19) and
# runs them:
#   scripts/sanitize.sh [address]   ASan + UBSan: every unit test and the WASI corpus
#   scripts/sanitize.sh thread      TSan: the Faaslet scheduler's tests (pools, budget, watchdog,
#                                   chained calls), where threads meet
# Extra arguments go to ctest (for example -R wasi_ to run a part). Too slow for CI: run it by hand
# after changing the runtime, WASI or the scheduler.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
kind=${1:-address}
shift || true
bash "$root/scripts/setup.sh"
case $kind in
  address) flags="-fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer" ;;
  thread) flags="-fsanitize=thread -fno-omit-frame-pointer" ;;
  *) echo "sanitize.sh: unknown sanitizer '$kind' (address or thread)" >&2; exit 2 ;;
esac
build=$root/build-$kind
if [[ ! -f $build/build.ninja ]]; then
  cmake -S "$root" -B "$build" -G Ninja -DCMAKE_C_COMPILER=clang-19 -DCMAKE_CXX_COMPILER=clang++-19 \
    -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_FLAGS="$flags" -DCMAKE_C_FLAGS="$flags" \
    -DCMAKE_EXE_LINKER_FLAGS="$flags" -DCMAKE_SHARED_LINKER_FLAGS="$flags" >/dev/null
fi
cmake --build "$build" -j "$(nproc)"
# Guest code faults on purpose (guard pages): the runtime's handler must see those faults first.
export ASAN_OPTIONS=${ASAN_OPTIONS:-allow_user_segv_handler=1:handle_segv=0:detect_leaks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
export TSAN_OPTIONS=${TSAN_OPTIONS:-halt_on_error=1:second_deadlock_stack=1}
if [[ $kind == thread ]]; then
  exec ctest --test-dir "$build" -j "$(nproc)" --output-on-failure -R 'Faaslet|FunctionPool|Watchdog|Chain' "$@"
fi
exec ctest --test-dir "$build" -j "$(nproc)" --output-on-failure -E '^spec_suite$|differential' "$@"
