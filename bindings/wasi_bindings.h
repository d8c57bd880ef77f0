#pragma once
// Binds wasi_snapshot_preview1 (wasi/function_table.h) as host functions of the runtime: every
// function of the module, so any wasi-libc program links.

#include <string>

#include "wasi/context.h"
#include "runtime/linker.h"
#include "runtime/store.h"

namespace faaslet::bindings {

// Defines the functions in `linker`; they act on `wasi`, which must outlive every call. With an
// `importer`, only the functions it imports: each host function costs a closure, and a run links
// one module. Returns an error message, empty on success.
std::string defineWasi(runtime::Store& store, runtime::Linker& linker, wasi::WasiContext& wasi,
                       const wasm::Module* importer = nullptr);

// The message of the trap that proc_exit ends a call with (wasi::WasiContext::exitCode holds the status).
constexpr const char* kExitTrapMessage = "proc_exit";

}  // namespace faaslet::bindings
