#pragma once
// From WebAssembly bytes to a loaded module: key, decode, the compiled object from the cache — or
// validate, compile it through the compiler plugin on a miss, store it there and evict the least
// recently used entries beyond the cache's size limit — then load it. Every front end (`faaslet
// run`, `precompile`, the Faaslet layer, the server) loads modules through here.

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "cache/build_claim.h"
#include "cache/scratch.h"
#include "cache/sealing_key.h"
#include "cache/size_limit.h"
#include "common/expected.h"
#include "compiler/compiler.h"
#include "loader/phase_times.h"
#include "runtime/loaded_module.h"

namespace faaslet::loader {

// The two tiers of compiled code. The quick tier is the -O0 pipeline: compiled in a fraction of
// the optimised tier's time, so that a large module not in the cache runs at once; the optimised
// tier (-O2 or -O3) is what it is replaced by, built in the background (cli/run_command.cpp).
// Both are entries of the cache, under the keys of their own options.
bool isQuickTier(compiler::OptLevel level);
// "quick", "optimised -O2", "optimised -O3": how listings name an entry's tier.
std::string tierName(compiler::OptLevel level);

struct LoadOptions {
    // The tier to load (with quickTierAbove: the optimised tier to prefer).
    compiler::CompileOptions compile;
    std::filesystem::path cacheDirectory;  // empty: no cache, compile every time
    std::optional<cache::SealingKey> sealingKey;  // set whenever cacheDirectory is
    uint64_t cacheMaxBytes = cache::kDefaultMaxCacheBytes;
    // Set: a module of more bytes than this whose optimised entry is not in the cache is loaded
    // from its quick-tier entry instead (compiled now if need be), and LoadedWasm::optimisedMissing
    // says so. Unset: always the tier `compile` asks for.
    std::optional<uint64_t> quickTierAbove;
    // What to do when another process is compiling the same entry (its build claim,
    // cache/build_claim.h): wait for it and take its entry, or give up (LoadedWasm::compiledElsewhere).
    cache::IfClaimed ifClaimed = cache::IfClaimed::Wait;
    // After storing an optimised entry, remove the same module's quick-tier entry: the optimised
    // one replaces it (what the background build does).
    bool replaceQuickTier = false;
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

// Modules above this many bytes start on the quick tier by default: below it, the optimised tier
// compiles in about as long as a user would wait for the quick one.
inline constexpr uint64_t kDefaultQuickTierAbove = uint64_t(256) << 10;
// $FAASLET_QUICK_TIER_ABOVE (a size: 0, 300K, 2M), else kDefaultQuickTierAbove; what is wrong
// with the variable goes to `listener` and the default applies.
uint64_t quickTierThresholdFromEnvironment(Listener& listener);

struct LoadedWasm {
    std::shared_ptr<const wasm::Module> module;
    std::shared_ptr<const runtime::LoadedModule> loaded;
    std::string key;
    compiler::OptLevel optLevel = compiler::OptLevel::O2;  // of the code loaded
    bool cacheHit = false;
    // Loaded from the quick tier because the optimised entry (`optimisedKey`) is not in the cache.
    bool optimisedMissing = false;
    std::string optimisedKey;
    // Another process is compiling this entry and LoadOptions::ifClaimed said not to wait: nothing
    // is loaded (`loaded` is null).
    bool compiledElsewhere = false;
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
