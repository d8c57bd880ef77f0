#pragma once
// Every function of wasi_snapshot_preview1 described for a binding layer: its import name, its wasm
// signature and a generic entry point over wasm values, so the functions can be registered as
// imports in one loop without the binding knowing any of them.

#include <span>
#include <string_view>
#include <variant>

#include "abi/abi.h"
#include "wasm/module/types.h"
#include "wasi/guest_memory.h"
#include "wasi/context.h"
#include "wasi/errors.h"
#include "wasi/functions.h"

namespace faaslet::wasi {

constexpr std::string_view kWasiModuleName = "wasi_snapshot_preview1";

// What a call asks of the binding: return the errno to the guest (the function's one i32 result),
// or end the guest's call with an exit status (proc_exit, which has no result). The binding ends
// the call with whatever the runtime unwinds guest code by (a trap), so no C++ exception or longjmp
// ever crosses the WASI code.
using WasiOutcome = std::variant<WasiErrno, WasiExit>;

struct WasiFunction {
    std::string_view name;
    std::span<const wasm::ValType> params;
    std::span<const wasm::ValType> results;  // {i32} (the errno), or {} for proc_exit
    // `args` holds one value per parameter (i32 in .i32, i64 in .i64); a wrong count is EINVAL.
    WasiOutcome (*call)(WasiContext& wasi, const GuestMemory& memory, std::span<const abi::Value> args);
};

// All of them, sorted by name.
std::span<const WasiFunction> wasiFunctions();
// The function called `name`, or null.
const WasiFunction* findWasiFunction(std::string_view name);

}  // namespace faaslet::wasi
