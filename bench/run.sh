#!/usr/bin/env bash
# bash bench/run.sh [--quick]: builds what the benchmarks need, runs them all and writes
# report.md, results.json and PNG plots into build/bench-report/ (or $FAASLET_BUILD_DIR/bench-report).
# --quick: fewer runs, a subset of the kernels and a smaller generated module (under 5 minutes).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${FAASLET_BUILD_DIR:-$root/build}

bash "$root/scripts/setup.sh"
if [[ ! -f $build/build.ninja ]]; then
  cmake -S "$root" -B "$build" -G Ninja \
    -DCMAKE_C_COMPILER=clang-19 -DCMAKE_CXX_COMPILER=clang++-19 -DCMAKE_BUILD_TYPE=RelWithDebInfo
fi
# Only what the benchmarks run, not the tests.
cmake --build "$build" -j "$(nproc)" --target faaslet faaslet-compiler examples \
  faaslet-bench-instantiate faaslet-bench-memory faaslet-bench-plain faaslet-bench-faaslets faaslet-bench-state-redis faaslet-bench-chaining
exec python3 "$root/bench/driver/main.py" --build-dir "$build" "$@"
