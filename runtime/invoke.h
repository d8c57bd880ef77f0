#pragma once
// Calling a function from the host: arguments in, results or a trap out.

#include <span>
#include <vector>

#include "abi/abi.h"
#include "wasm/module/types.h"
#include "common/expected.h"
#include "runtime/extern_value.h"
#include "runtime/trap.h"

namespace faaslet::runtime {

// The results of a call (one abi::Value per result, in order), or the trap that stopped it.
using CallResult = Expected<std::vector<abi::Value>, Trap>;

// The function's type (from its canonical type id).
const wasm::FuncType& functionType(const ExternFunction& function);

// Calls `function` with `args` (one per parameter) on the calling thread, through its thunk under
// callGuarded(). A call the runtime cannot make (wrong argument count, no thunk for the type) is
// reported as a HostTrap whose message says why.
CallResult invoke(const ExternFunction& function, std::span<const abi::Value> args);

}  // namespace faaslet::runtime
