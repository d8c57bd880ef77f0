// Runs a WASI command translated by `wasm2c -n module`: instantiates it with the shim and calls
// _start; a trap is reported and exits with 1, as faaslet and node do.

#include <stdio.h>

#include "module.h"
#include "wasi_shim.h"
#include "wasm-rt-impl.h"

int main(int argc, char** argv) {
    wasm_rt_init();
    Z_module_init_module();
    struct Z_wasi_snapshot_preview1_instance_t wasi = {NULL, argc, argv};
    Z_module_instance_t instance;
    Z_module_instantiate(&instance, &wasi);
    wasi.memory = Z_moduleZ_memory(&instance);
    const wasm_rt_trap_t trap = (wasm_rt_trap_t)wasm_rt_impl_try();
    if (trap != WASM_RT_TRAP_NONE) {
        fprintf(stderr, "wasm2c: trap: %s\n", wasm_rt_strerror(trap));
        return 1;
    }
    Z_moduleZ__start(&instance);
    Z_module_free(&instance);
    wasm_rt_free();
    return 0;
}
