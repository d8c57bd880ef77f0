#pragma once
// Decoding of the WebAssembly 2.0 binary format into a Module.

#include <cstdint>
#include <vector>

#include "wasm/module/error.h"
#include "wasm/module/module.h"

namespace faaslet::wasm {

// Implementation limits. Counts in the binary are checked against these (and against the bytes
// that remain) before anything is allocated, so a hostile count cannot exhaust memory.
struct DecodeLimits {
    uint32_t maxTypes = 1'000'000;
    uint32_t maxFunctions = 1'000'000;
    uint32_t maxImports = 1'000'000;
    uint32_t maxExports = 1'000'000;
    uint32_t maxGlobals = 1'000'000;
    uint32_t maxDataSegments = 100'000;
    uint32_t maxElemSegments = 10'000'000;
    uint32_t maxParams = 1'000;
    uint32_t maxResults = 1'000;
    uint32_t maxLocals = 50'000;  // per function, parameters included
    uint32_t maxFunctionSize = 7'654'321;
    uint32_t maxTableSize = 10'000'000;
};

// Decodes a whole module. Function bodies are checked for their framing (sizes, local
// declarations) here; their instructions are decoded by the validator, which reports malformed
// instructions as Malformed errors.
Result<Module> decode(std::vector<uint8_t> bytes, const DecodeLimits& limits = {});

}  // namespace faaslet::wasm
