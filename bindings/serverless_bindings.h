#pragma once
// Binds the serverless interface (serverless/function_table.h: Faasm's __faasm_read_input and
// __faasm_write_output, imported from "env") as host functions of the runtime.

#include <string>

#include "runtime/linker.h"
#include "runtime/store.h"
#include "serverless/call_context.h"

namespace faaslet::bindings {

// Defines the functions in `linker`; they act on `call`, which must outlive every call of them (a
// Faaslet keeps one context and gives it each call's input). With an `importer`, only the
// functions it imports. A function's trap outcome (a bad output buffer, output past the bound)
// stops the guest with a HostTrap carrying its message. Returns an error message, empty on success.
std::string defineServerless(runtime::Store& store, runtime::Linker& linker, serverless::CallContext& call,
                             const wasm::Module* importer = nullptr);

}  // namespace faaslet::bindings
