#!/usr/bin/env bash
# The main job: builds faaslet and the example functions (sdk/examples, C for wasm32-wasi), prints
# each module's summary, precompiles them into the cache, then runs each one from the cache.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
bash "$root/scripts/build.sh"
faaslet=$root/build/bin/faaslet
examples=$root/build/examples
"$faaslet" inspect "$examples"/*.wasm "$root/sdk/examples/greet.wat"
echo "== precompile"
"$faaslet" precompile "$examples"/*.wasm "$root/sdk/examples/greet.wat"
echo "== hello"
"$faaslet" run "$examples/hello.wasm" -- from the main job
echo "== greet (a module in the text format)"
"$faaslet" run "$root/sdk/examples/greet.wat" -- "the main job"
echo "== fib 30"
"$faaslet" run "$examples/fib.wasm" -- 30
echo "== matmul"
"$faaslet" run "$examples/matmul.wasm"
echo "== wordcount (of this script, on stdin)"
"$faaslet" run "$examples/wordcount.wasm" < "${BASH_SOURCE[0]}"
echo "== wordcount (of the examples' sources, through a read-only preopened directory)"
"$faaslet" run --dir-ro "$root/sdk/examples::examples" "$examples/wordcount.wasm" -- examples/hello.c examples/fib.c
