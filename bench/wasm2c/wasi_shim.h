#pragma once
// The few WASI preview1 functions the benchmark programs import, for modules translated by wasm2c
// (which brings no WASI of its own). wasm2c names the imports' context type after the import
// module; this shim defines it.

#include "wasm-rt.h"

struct Z_wasi_snapshot_preview1_instance_t {
    wasm_rt_memory_t* memory;  // set once the module is instantiated
    int argc;
    char** argv;
};
