#pragma once
// The serverless functions as the binding layer registers them: name, signature and a generic
// call, listed once (function_table.cpp), so the binding and the tests read one list.

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "abi/abi.h"
#include "serverless/call_context.h"
#include "wasi/guest_memory.h"
#include "wasm/module/types.h"

namespace faaslet::serverless {

// Faasm's functions are plain C declarations, which clang imports from "env": so do they here,
// and a Faasm function ports by recompiling.
constexpr std::string_view kImportModule = "env";

struct Outcome {
    int32_t result = 0;                // the i32 result, for functions that have one
    std::optional<std::string> trap;   // set: stop the call with this message
    abi::TrapCode trapCode = abi::TrapCode::HostTrap;  // and this code (Interrupted: a deadline)
};

struct ServerlessFunction {
    std::string_view name;
    std::span<const wasm::ValType> params;
    std::span<const wasm::ValType> results;
    // `args` holds one value per parameter (i32 in .i32); a wrong count is a trap.
    Outcome (*call)(CallContext& call, const wasi::GuestMemory& memory, std::span<const abi::Value> args);
};

std::span<const ServerlessFunction> serverlessFunctions();
const ServerlessFunction* findServerlessFunction(std::string_view name);

}  // namespace faaslet::serverless
