#include "loader/loader.h"

#include <fcntl.h>
#include <sys/stat.h>

#include <cerrno>
#include <cstring>
#include <optional>

#include "abi/abi.h"
#include "cache/cache_directory.h"
#include "cache/cache_key.h"
#include "cache/elf_policy.h"
#include "cache/host_identity.h"
#include "cache/object_cache.h"
#include "loader/compiler_plugin.h"
#include "loader/module_file.h"
#include "wasm/decoder/decoder.h"
#include "compiler/code_revision.h"
#include "wasm/validator/validator.h"
#include "fmt/format.h"
#include "spdlog/spdlog.h"

namespace faaslet::loader {

namespace fs = std::filesystem;

namespace {

cache::CacheKey cacheKeyOf(const std::vector<uint8_t>& bytes, const compiler::CompileOptions& options) {
    cache::KeyInputs inputs;
    inputs.wasm = bytes;
    inputs.compilerVersion =
        fmt::format("faaslet {}, code revision {}", FAASLET_VERSION, compiler::kCodeRevision);
    inputs.llvmVersion = FAASLET_LLVM_VERSION;
    // Architecture, CPU model and feature flags as CPUID reports them: the faaslet command computes
    // keys without loading LLVM to ask it for the triple, CPU and features.
    inputs.cpuName = cache::hostIdentity();
    // Not the number of code-generation threads: the code is the same whatever it is.
    inputs.options = {{"opt", std::to_string(int(options.optLevel))},
                      {"interruptible", options.interruptible ? "1" : "0"},
                      {"bounds", "guard-pages"}};
    inputs.abiVersion = abi::kAbiVersion;
    return cache::deriveKey(inputs);
}

struct CompiledObject {
    fs::path path;
    bool inCache = false;
};

// Compiles on a miss and stores the object in the cache; when the cache refuses it, the object
// stays in a scratch directory and is used from there.
Expected<CompiledObject, std::string> compileAndStore(const std::string& file,
                                                      const std::vector<uint8_t>& bytes,
                                                      const cache::CacheKey& key,
                                                      const compiler::CompileOptions& options,
                                                      const std::optional<cache::ObjectCache>& objects,
                                                      LoadedWasm& prepared, Listener& listener) {
    listener.note(fmt::format("faaslet: compiling {} (not in the cache; {} tier)", file, tierName(options.optLevel)));
    auto scratch = cache::ScratchDirectory::create();
    if (!scratch) return "cannot compile: " + scratch.error().toString();
    prepared.scratch = std::make_shared<const cache::ScratchDirectory>(std::move(*scratch));
    const fs::path compiled = prepared.scratch->objectPath(key);

    compiler::CompileOptions compile = options;
    compile.codegenProgress = [&listener, &file](unsigned done, unsigned total) {
        listener.partitionsDone(file, done, total);
    };
    const auto start = PhaseTimes::Clock::now();
    auto report = compileWithPlugin(bytes, compile, compiled);
    if (!report) return fmt::format("{}: cannot compile: {}", file, report.error());
    prepared.compileTime = PhaseTimes::Clock::now() - start;
    prepared.partitions = report->partitions;
    prepared.times.mark("compile");
    prepared.times.addDetail("lower", report->timings.lower);
    prepared.times.addDetail("optimize", report->timings.optimize);
    prepared.times.addDetail("codegen", report->timings.codegen);
    prepared.times.addDetail("link (lld)", report->timings.link);
    if (!objects) return CompiledObject{compiled};

    const std::string name = fmt::format("{} [{}]", fs::path(file).filename().string(), tierName(options.optLevel));
    auto stored = objects->storeFile(key, {}, compiled, name);
    prepared.times.mark("store");
    if (!stored) {
        listener.note(fmt::format("faaslet: warning: not cached: {}", stored.error().toString()));
        return CompiledObject{compiled};
    }
    if (stored->warning) listener.note(fmt::format("faaslet: warning: {}", stored->warning->toString()));
    // Loaded from the object just compiled, which is the one stored.
    return CompiledObject{compiled, true};
}

// The entry for `key`, or a miss, with the warning a lookup may bring passed on.
std::optional<cache::CacheHit> lookUp(const cache::ObjectCache& objects, const cache::CacheKey& key,
                                      Listener& listener) {
    auto found = objects.lookup(key);
    if (found.warning) listener.note(fmt::format("faaslet: warning: {}", found.warning->toString()));
    return std::move(found.hit);
}

// Claims the compilation of `key` after a miss (cache/build_claim.h), waiting for another
// claimant if `ifClaimed` says so. Returns false when another process holds the claim and we do
// not wait. A claim that cannot be made at all (a read-only cache) is no reason not to compile.
bool claimCompilation(const cache::ObjectCache& objects, const cache::CacheKey& key, const std::string& file,
                      cache::IfClaimed ifClaimed, std::optional<cache::BuildClaim>& claim, Listener& listener) {
    auto claimed = objects.claimBuild(key, cache::IfClaimed::GiveUp);
    if (claimed && !*claimed) {
        if (ifClaimed == cache::IfClaimed::GiveUp) return false;
        listener.note(fmt::format("faaslet: waiting for another process compiling {}", file));
        claimed = objects.claimBuild(key, cache::IfClaimed::Wait);
    }
    if (!claimed) {
        spdlog::info("compiling {} without a build claim: {}", file, claimed.error().toString());
        return true;
    }
    claim = std::move(*claimed);
    return true;
}

// Keeps the cache under its size limit after a store; the entry just stored stays.
void evictBeyondLimit(const cache::ObjectCache& objects, const cache::CacheKey& stored,
                      const LoadOptions& options, Listener& listener) {
    auto pruned = objects.prune(options.cacheMaxBytes, stored);
    if (!pruned) {
        listener.note(fmt::format("faaslet: warning: cannot keep the cache under {}: {}",
                                  cache::formatSize(options.cacheMaxBytes), pruned.error().toString()));
        return;
    }
    if (!pruned->evicted.empty())
        spdlog::info("evicted {} least recently used cache entries ({} to {}, limit {})",
                     pruned->evicted.size(), cache::formatSize(pruned->bytesBefore),
                     cache::formatSize(pruned->bytesAfter), cache::formatSize(options.cacheMaxBytes));
}

}  // namespace

bool isQuickTier(compiler::OptLevel level) {
    return level == compiler::OptLevel::O0;
}

std::string tierName(compiler::OptLevel level) {
    switch (level) {
        case compiler::OptLevel::O0: return "quick";
        case compiler::OptLevel::O2: return "optimised -O2";
        case compiler::OptLevel::O3: return "optimised -O3";
    }
    return "unknown";
}

uint64_t quickTierThresholdFromEnvironment(Listener& listener) {
    const char* text = getenv("FAASLET_QUICK_TIER_ABOVE");
    if (!text) return kDefaultQuickTierAbove;
    auto bytes = cache::parseSize(text);
    if (!bytes) {
        listener.note(fmt::format("faaslet: warning: FAASLET_QUICK_TIER_ABOVE: {}; the default ({}) applies",
                                  bytes.error().toString(), cache::formatSize(kDefaultQuickTierAbove)));
        return kDefaultQuickTierAbove;
    }
    return *bytes;
}

LoadOptions loadOptionsFromEnvironment(Listener& listener) {
    LoadOptions options;
    // The cache is used only with the user's sealing key (cache/sealing_key.h), kept apart from it.
    auto directory = cache::resolveCacheDirectory();
    auto keyFile = directory ? cache::resolveSealingKeyFile() : directory.error();
    auto key = keyFile ? cache::loadOrCreateSealingKey(*keyFile) : keyFile.error();
    if (key) {
        options.cacheDirectory = *directory;
        options.sealingKey = std::move(*key);
    } else {
        listener.note(fmt::format("faaslet: warning: {}; compiling without the cache", key.error().toString()));
    }
    const cache::SizeLimit limit = cache::configuredSizeLimit();
    if (!limit.problem.empty())
        listener.note(fmt::format("faaslet: warning: {}; the default applies", limit.problem));
    options.cacheMaxBytes = limit.bytes;
    return options;
}

Expected<LoadedWasm, std::string> loadBytes(std::vector<uint8_t> bytes, const std::string& file,
                                            const LoadOptions& options, Listener& listener) {
    LoadedWasm prepared;
    compiler::CompileOptions compile = options.compile;
    cache::CacheKey key = cacheKeyOf(bytes, compile);
    prepared.times.mark("key");
    auto decoded = wasm::decode(std::move(bytes));
    if (!decoded) return decoded.error().toStringFor(file);
    prepared.times.mark("decode");

    std::optional<cache::ObjectCache> objects;
    if (!options.cacheDirectory.empty() && options.sealingKey)
        objects.emplace(options.cacheDirectory, *options.sealingKey, cache::elfPolicyViolation);
    std::optional<cache::CacheHit> hit;
    if (objects) hit = lookUp(*objects, key, listener);
    // A large module without its optimised entry starts on the quick tier.
    if (!hit && options.quickTierAbove && !isQuickTier(compile.optLevel) &&
        decoded->bytes.size() > *options.quickTierAbove) {
        prepared.optimisedMissing = true;
        prepared.optimisedKey = key.hex();
        compile.optLevel = compiler::OptLevel::O0;
        key = cacheKeyOf(decoded->bytes, compile);
        if (objects) hit = lookUp(*objects, key, listener);
    }
    std::optional<cache::BuildClaim> claim;
    if (!hit && objects) {
        if (!claimCompilation(*objects, key, file, options.ifClaimed, claim, listener)) {
            prepared.compiledElsewhere = true;
            prepared.key = key.hex();
            prepared.module = std::make_shared<const wasm::Module>(std::move(*decoded));
            return prepared;
        }
        // Whoever held the claim before us has probably stored the entry.
        if (claim) hit = lookUp(*objects, key, listener);
    }
    prepared.key = key.hex();
    prepared.optLevel = compile.optLevel;
    prepared.cacheHit = hit.has_value();
    prepared.times.mark(prepared.cacheHit ? "cache lookup (hit)" : "cache lookup (miss)");
    // An entry exists only for bytes that were validated when it was compiled, and the key covers
    // every byte: a hit needs no validation.
    if (!prepared.cacheHit) {
        if (auto valid = wasm::validate(*decoded); !valid)
            return valid.error().toStringFor(file);
        prepared.times.mark("validate");
    }
    prepared.module = std::make_shared<const wasm::Module>(std::move(*decoded));
    fs::path object = hit ? hit->objectPath : fs::path();
    bool storedNow = false;
    if (!prepared.cacheHit) {
        auto compiled = compileAndStore(file, prepared.module->bytes, key, compile, objects, prepared, listener);
        if (!compiled) return compiled.error();
        object = compiled->path;
        storedNow = compiled->inCache;
    }
    claim.reset();
    if (storedNow && options.replaceQuickTier && !isQuickTier(compile.optLevel)) {
        compile.optLevel = compiler::OptLevel::O0;
        if (auto removed = objects->remove(cacheKeyOf(prepared.module->bytes, compile)); !removed)
            listener.note(fmt::format("faaslet: warning: the quick tier of {} stays in the cache: {}", file,
                                      removed.error().toString()));
    }

    std::error_code ignored;
    prepared.objectBytes = hit ? hit->objectSize : fs::file_size(object, ignored);
    // A hit is loaded from the sealed copy its checks were made on, never from its path again.
    // Backtraces name the module as the user gave it: its file, or the function it is stored as.
    auto loaded = hit ? runtime::LoadedModule::load(std::move(hit->object), object.string(),
                                                    prepared.module, file)
                      : runtime::LoadedModule::load(object.string(), prepared.module, file);
    if (!loaded) return loaded.error().toString();
    prepared.loaded = *loaded;
    prepared.times.mark("load");
    // After loading: evicting the entry (by a later store of another process) cannot unmap it.
    if (storedNow) {
        evictBeyondLimit(*objects, key, options, listener);
        prepared.times.mark("evict");
    }
    return prepared;
}

Expected<LoadedWasm, std::string> loadFile(const std::string& file, const LoadOptions& options,
                                           Listener& listener) {
    const auto start = PhaseTimes::Clock::now();
    auto bytes = readModuleFile(file);
    if (!bytes) return bytes.error();
    // Only the read: loadBytes times its own phases.
    const auto read = PhaseTimes::Clock::now() - start;
    auto loaded = loadBytes(std::move(*bytes), file, options, listener);
    if (loaded) loaded->times.prepend("read", read);
    return loaded;
}

}  // namespace faaslet::loader
