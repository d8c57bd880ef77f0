#pragma once
// Binds the state API (state/function_table.h: Faasm's __faasm_*_state functions, imported from
// "env") as host functions of the runtime, over a Faaslet's StateCall and the calling instance's
// linear memory (which read_state_ptr grows and maps values into).

#include <string>

#include "runtime/linker.h"
#include "runtime/store.h"
#include "state/state_call.h"

namespace faaslet::bindings {

// Defines the functions in `linker`; they act on `call`, which must outlive every call of them.
// With an `importer`, only the functions it imports, each with the result it declares: an i32
// (the error code, faaslet's SDK) or none (Faasm's void declarations: a refusal traps with its
// message). Returns an error message, empty on success.
std::string defineState(runtime::Store& store, runtime::Linker& linker, state::StateCall& call,
                        const wasm::Module* importer = nullptr);

}  // namespace faaslet::bindings
