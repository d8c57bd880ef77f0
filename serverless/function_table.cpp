#include "serverless/function_table.h"

#include <array>

#include "serverless/chain_functions.h"
#include "serverless/io_functions.h"

namespace faaslet::serverless {

namespace {

using wasm::ValType;

constexpr std::array<ValType, 2> kPointerAndLength = {ValType::I32, ValType::I32};
constexpr std::array<ValType, 1> kI32 = {ValType::I32};
constexpr std::array<ValType, 3> kThreeI32 = {ValType::I32, ValType::I32, ValType::I32};

using Args = std::span<const abi::Value>;

// An await's outcome as the guest sees it: its code, or a stop when the caller's deadline passed.
Outcome awaited(std::string_view name, int32_t id, AwaitOutcome outcome) {
    if (!outcome.interrupted) return {outcome.code, std::nullopt};
    return {0, std::string(name) + ": the caller's timeout passed while it awaited call " + std::to_string(id),
            abi::TrapCode::Interrupted};
}

Outcome wrongArity(std::string_view name) {
    return {0, std::string(name) + ": called with the wrong number of arguments"};
}

const std::array<ServerlessFunction, 12> kFunctions = {{
    {"__faasm_read_input", kPointerAndLength, kI32,
     [](CallContext& call, const wasi::GuestMemory& memory, std::span<const abi::Value> args) -> Outcome {
         if (args.size() != 2) return wrongArity("__faasm_read_input");
         return {readInput(call, memory, args[0].i32, args[1].i32), std::nullopt};
     }},
    {"__faasm_write_output", kPointerAndLength, {},
     [](CallContext& call, const wasi::GuestMemory& memory, std::span<const abi::Value> args) -> Outcome {
         if (args.size() != 2) return wrongArity("__faasm_write_output");
         return {0, writeOutput(call, memory, args[0].i32, args[1].i32)};
     }},
    {"__faasm_chain_name", kThreeI32, kI32,
     [](CallContext& call, const wasi::GuestMemory& memory, Args args) -> Outcome {
         if (args.size() != 3) return wrongArity("__faasm_chain_name");
         return {chainName(call, memory, args[0].i32, args[1].i32, args[2].i32), std::nullopt};
     }},
    {"__faasm_chain_ptr", kThreeI32, kI32,
     [](CallContext& call, const wasi::GuestMemory& memory, Args args) -> Outcome {
         if (args.size() != 3) return wrongArity("__faasm_chain_ptr");
         return {chainTableSlot(call, memory, args[0].i32, args[1].i32, args[2].i32), std::nullopt};
     }},
    {"__faasm_await_call", kI32, kI32,
     [](CallContext& call, const wasi::GuestMemory&, Args args) -> Outcome {
         if (args.size() != 1) return wrongArity("__faasm_await_call");
         return awaited("__faasm_await_call", int32_t(args[0].i32), awaitCall(call, int32_t(args[0].i32), -1));
     }},
    {"__faasm_await_call_output", kThreeI32, kI32,
     [](CallContext& call, const wasi::GuestMemory& memory, Args args) -> Outcome {
         if (args.size() != 3) return wrongArity("__faasm_await_call_output");
         return awaited("__faasm_await_call_output", int32_t(args[0].i32),
                        awaitCallOutput(call, memory, int32_t(args[0].i32), args[1].i32, args[2].i32));
     }},
    {"__faaslet_chain_export", kThreeI32, kI32,
     [](CallContext& call, const wasi::GuestMemory& memory, Args args) -> Outcome {
         if (args.size() != 3) return wrongArity("__faaslet_chain_export");
         return {chainExport(call, memory, args[0].i32, args[1].i32, args[2].i32), std::nullopt};
     }},
    {"__faaslet_chain_batch", kThreeI32, kI32,
     [](CallContext& call, const wasi::GuestMemory& memory, Args args) -> Outcome {
         if (args.size() != 3) return wrongArity("__faaslet_chain_batch");
         return {chainBatch(call, memory, args[0].i32, int32_t(args[1].i32), args[2].i32), std::nullopt};
     }},
    {"__faaslet_await_call_timeout", kPointerAndLength, kI32,
     [](CallContext& call, const wasi::GuestMemory&, Args args) -> Outcome {
         if (args.size() != 2) return wrongArity("__faaslet_await_call_timeout");
         const int32_t id = int32_t(args[0].i32);
         const int32_t timeoutMs = int32_t(args[1].i32);
         // A negative timeout is a mistake here (plain __faasm_await_call waits without one).
         if (timeoutMs < 0) return {code(ChainCode::BadEntry), std::nullopt};
         return awaited("__faaslet_await_call_timeout", id, awaitCall(call, id, timeoutMs));
     }},
    {"__faaslet_call_output", kThreeI32, kI32,
     [](CallContext& call, const wasi::GuestMemory& memory, Args args) -> Outcome {
         if (args.size() != 3) return wrongArity("__faaslet_call_output");
         return {callOutput(call, memory, int32_t(args[0].i32), args[1].i32, args[2].i32), std::nullopt};
     }},
    {"__faaslet_call_error", kThreeI32, kI32,
     [](CallContext& call, const wasi::GuestMemory& memory, Args args) -> Outcome {
         if (args.size() != 3) return wrongArity("__faaslet_call_error");
         return {callError(call, memory, int32_t(args[0].i32), args[1].i32, args[2].i32), std::nullopt};
     }},
    {"__faaslet_call_release", kI32, kI32,
     [](CallContext& call, const wasi::GuestMemory&, Args args) -> Outcome {
         if (args.size() != 1) return wrongArity("__faaslet_call_release");
         return {releaseCall(call, int32_t(args[0].i32)), std::nullopt};
     }},
}};

}  // namespace

std::span<const ServerlessFunction> serverlessFunctions() {
    return kFunctions;
}

const ServerlessFunction* findServerlessFunction(std::string_view name) {
    for (const ServerlessFunction& f : kFunctions)
        if (f.name == name) return &f;
    return nullptr;
}

}  // namespace faaslet::serverless
