#pragma once
// From WebAssembly bytes to a loaded module: key, decode, the compiled object from the cache — or
// validate, compile it through the compiler plugin on a miss, store it there and evict the least
// recently used entries beyond the cache's size limit — then load it. Every front end (`faaslet
// run`, `precompile`, the Faaslet layer, the server) loads modules through here.

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "cache/scratch.h"
#include "cache/size_limit.h"
#include "common/expected.h"
#include "compiler/compiler.h"
#include "loader/phase_times.h"
#include "runtime/loaded_module.h"

namespace faaslet::loader {

struct LoadOptions {
    compiler::CompileOptions compile;
    std::filesystem::path cacheDirectory;  // empty: no cache, compile every time
    uint64_t cacheMaxBytes = cache::kDefaultMaxCacheBytes;
};

// Hears what loading has to say while it works: warnings that do not stop it (a damaged cache
// entry, a cache that refused a store) and the progress of code generation on a miss.
class Listener {
public:
    virtual ~Listener() = default;
    virtual void note(const std::string& line) = 0;
    virtual void partitionsDone(const std::string& module, unsigned done, unsigned total) {
        (void)module, (void)done, (void)total;
    }
};

// The cache directory and size limit the environment asks for; what is wrong with them goes to
// `listener` as a warning and loading goes on (without a cache, or with the default limit).
LoadOptions loadOptionsFromEnvironment(Listener& listener);

struct LoadedWasm {
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

// Errors are messages for the user, naming `name` (a file name, or a function's).
Expected<LoadedWasm, std::string> loadBytes(std::vector<uint8_t> bytes, const std::string& name,
                                            const LoadOptions& options, Listener& listener);
Expected<LoadedWasm, std::string> loadFile(const std::string& file, const LoadOptions& options,
                                           Listener& listener);

}  // namespace faaslet::loader
