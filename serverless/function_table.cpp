#include "serverless/function_table.h"

#include <array>

#include "serverless/io_functions.h"

namespace faaslet::serverless {

namespace {

using wasm::ValType;

constexpr std::array<ValType, 2> kPointerAndLength = {ValType::I32, ValType::I32};
constexpr std::array<ValType, 1> kI32 = {ValType::I32};

Outcome wrongArity(std::string_view name) {
    return {0, std::string(name) + ": called with the wrong number of arguments"};
}

const std::array<ServerlessFunction, 2> kFunctions = {{
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
