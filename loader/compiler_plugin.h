#pragma once
// Loads libfaaslet-compiler.so (beside the faaslet executable) on first use, so that runs served
// from the cache never map LLVM.

#include <filesystem>
#include <string>
#include <vector>

#include "common/expected.h"
#include "compiler/compiler.h"

namespace faaslet::loader {

struct CompileReport {
    compiler::CompileTimings timings;
    unsigned partitions = 0;
};

// Compiles `wasm` into the shared object `output`; an error message on failure. Safe to call from
// several threads at once.
Expected<CompileReport, std::string> compileWithPlugin(const std::vector<uint8_t>& wasm,
                                                       const compiler::CompileOptions& options,
                                                       const std::filesystem::path& output);

}  // namespace faaslet::loader
