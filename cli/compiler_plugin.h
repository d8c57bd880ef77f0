#pragma once
// Loads libfaaslet-compiler.so (beside the faaslet executable) on first use, so that runs served
// from the cache never map LLVM.

#include <filesystem>
#include <string>
#include <vector>

#include "compiler/llvm/compiler.h"

namespace faaslet::cli {

// Compiles `wasm` into the shared object `output`; returns an error message, empty on success.
std::string compileWithPlugin(const std::vector<uint8_t>& wasm, const llvmgen::CompileOptions& options,
                              const std::filesystem::path& output);

}  // namespace faaslet::cli
