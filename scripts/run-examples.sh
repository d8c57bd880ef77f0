#!/usr/bin/env bash
# The main job: builds faaslet and the example functions (sdk/examples, C for wasm32-wasi), prints
# each module's summary, precompiles them into the cache, runs each one from the cache, then stores
# echo as a function and calls it on warm Faaslets.
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
echo "== functions: echo stored as demo/echo, called on warm Faaslets (data directory in build/)"
export FAASLET_HOME=$root/build/faaslet-home
"$faaslet" function add demo/echo "$examples/echo.wasm" --timeout 5s --max-memory 64M
"$faaslet" function ls
"$faaslet" invoke demo/echo --input "hello from a faaslet"
echo
"$faaslet" invoke demo/echo --input "isolated call" --repeat 2000 --concurrency 2 --json | tail -1
