#pragma once
// Binds wasi_snapshot_preview1 (wasi_table.h) as host functions of the runtime: every function of
// the module, so any wasi-libc program links. This file and wasi_module.cpp are the only part of
// hostiface that knows the runtime.

#include <string>

#include "hostiface/wasi_context.h"
#include "runtime/linker.h"
#include "runtime/store.h"

namespace faaslet::hostiface {

constexpr const char* kWasiModule = "wasi_snapshot_preview1";

// Defines the functions in `linker`; they act on `wasi`, which must outlive every call. With an
// `importer`, only the functions it imports: each host function costs a closure, and a run links
// one module. Returns an error message, empty on success.
std::string defineWasi(runtime::Store& store, runtime::Linker& linker, WasiContext& wasi,
                       const wasm::Module* importer = nullptr);

// The message of the trap that proc_exit ends a call with (WasiContext::exitCode holds the status).
constexpr const char* kExitTrapMessage = "proc_exit";

}  // namespace faaslet::hostiface
