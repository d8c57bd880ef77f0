#pragma once
// The state functions as the binding layer registers them: name, parameters and a generic call,
// listed once (function_table.cpp). Imported from "env" like the rest of Faasm's interface.
//
// Every function has an i32 result in faaslet's SDK (0 or a count on success, a negated WASI
// errno when refused; a pointer, or 0 when refused, for the _ptr ones). Faasm declares most of
// them void: a module importing one without a result links too, and a refusal then stops its
// call with a trap whose message says why, since it could not see an error code.

#include <span>
#include <string_view>

#include "abi/abi.h"
#include "state/state_call.h"
#include "state/state_error.h"
#include "wasi/guest_memory.h"
#include "wasm/module/types.h"

namespace faaslet::state {

struct StateFunction {
    std::string_view name;
    std::span<const wasm::ValType> params;  // all i32
    bool returnsPointer = false;            // refused: 0 rather than a negated errno
    // `args` holds one value per parameter.
    StateResult<int32_t> (*call)(StateCall& call, const wasi::GuestMemory& memory, MemoryMapper& mapper,
                                 std::span<const abi::Value> args);
};

std::span<const StateFunction> stateFunctions();
const StateFunction* findStateFunction(std::string_view name);

}  // namespace faaslet::state
