#pragma once
// From a .wasm (or .wat) file to a loaded module: read (a .wat encoded to the binary format), decode and validate, then the compiled object from
// the cache — or compile it on a miss, store it there and evict the least recently used entries
// beyond the cache's size limit. Shared by `run` and `precompile`.

#include <chrono>
#include <filesystem>
#include <memory>
#include <string>

#include "cache/scratch.h"
#include "cache/size_limit.h"
#include "cli/phase_times.h"
#include "cli/progress.h"
#include "common/expected.h"
#include "compiler/llvm/compiler.h"
#include "runtime/loaded_module.h"

namespace faaslet::cli {

struct PrepareOptions {
    llvmgen::CompileOptions compile;
    std::filesystem::path cacheDirectory;  // empty: no cache, compile every time
    uint64_t cacheMaxBytes = cache::kDefaultMaxCacheBytes;
};

// The cache directory and size limit the environment asks for; what is wrong with them is
// printed as a warning and the command goes on (without a cache, or with the default limit).
PrepareOptions prepareOptionsFromEnvironment(Progress& progress);

struct PreparedModule {
    std::shared_ptr<const wasm::Module> module;
    std::shared_ptr<const runtime::LoadedModule> loaded;
    std::string key;
    bool cacheHit = false;
    std::chrono::nanoseconds compileTime{0};
    unsigned partitions = 0;  // of code generation, on a miss
    uint64_t objectBytes = 0;
    PhaseTimes times;
    // Holds the object when the cache could not take it (read-only or full directory).
    std::shared_ptr<const cache::ScratchDirectory> scratch;
};

// Errors are messages for the user; warnings (a damaged cache entry, a cache that refused a store)
// go to `progress` and do not stop the command.
Expected<PreparedModule, std::string> prepareModule(const std::string& file, const PrepareOptions& options,
                                                    Progress& progress);

}  // namespace faaslet::cli
