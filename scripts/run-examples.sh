#!/usr/bin/env bash
# The main job: builds faaslet and the example functions, then decodes and validates each example
# and prints its summary. (Precompiling and running them arrives with the compiler.)
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
bash "$root/scripts/build.sh"
"$root/build/bin/faaslet" inspect "$root"/build/examples/*.wasm
