#pragma once
// From a .wasm file to a loaded module: read, decode and validate, then the compiled object from
// the cache — or compile it on a miss and store it there. Shared by `run` and `precompile`.

#include <chrono>
#include <filesystem>
#include <memory>
#include <string>

#include "common/expected.h"
#include "compiler/llvm/compiler.h"
#include "runtime/loaded_module.h"

namespace faaslet::cli {

struct PrepareOptions {
    llvmgen::CompileOptions compile;
    std::filesystem::path cacheDirectory;
};

struct PreparedModule {
    std::shared_ptr<const wasm::Module> module;
    std::shared_ptr<const runtime::LoadedModule> loaded;
    std::string key;
    bool cacheHit = false;
    std::chrono::nanoseconds compileTime{0};
    uint64_t objectBytes = 0;
    // Holds the object when the cache could not take it (read-only or full directory).
    std::shared_ptr<std::filesystem::path> scratch;
};

// Errors are messages for the user; warnings (a damaged cache entry, a cache that refused a store)
// are printed to stderr and do not stop the run.
Expected<PreparedModule, std::string> prepareModule(const std::string& file, const PrepareOptions& options);

}  // namespace faaslet::cli
