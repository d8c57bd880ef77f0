#!/usr/bin/env bash
# Installs what is missing, then configures (once) and builds everything into build/ with Ninja.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
bash "$root/scripts/setup.sh"
if [[ ! -f $root/build/build.ninja ]]; then
  cmake -S "$root" -B "$root/build" -G Ninja \
    -DCMAKE_C_COMPILER=clang-19 -DCMAKE_CXX_COMPILER=clang++-19 -DCMAKE_BUILD_TYPE=RelWithDebInfo
fi
cmake --build "$root/build" -j "$(nproc)"
