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
                                                      const LoadOptions& options,
                                                      const std::optional<cache::ObjectCache>& objects,
                                                      LoadedWasm& prepared, Listener& listener) {
    listener.note(fmt::format("faaslet: compiling {} (not in the cache)", file));
    auto scratch = cache::ScratchDirectory::create();
    if (!scratch) return "cannot compile: " + scratch.error().toString();
    prepared.scratch = std::make_shared<const cache::ScratchDirectory>(std::move(*scratch));
    const fs::path compiled = prepared.scratch->objectPath(key);

    compiler::CompileOptions compile = options.compile;
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

    auto stored = objects->storeFile(key, {}, compiled, fs::path(file).filename().string());
    prepared.times.mark("store");
    if (!stored) {
        listener.note(fmt::format("faaslet: warning: not cached: {}", stored.error().toString()));
        return CompiledObject{compiled};
    }
    if (stored->warning) listener.note(fmt::format("faaslet: warning: {}", stored->warning->toString()));
    // Loaded from the object just compiled, which is the one stored.
    return CompiledObject{compiled, true};
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
    const cache::CacheKey key = cacheKeyOf(bytes, options.compile);
    prepared.key = key.hex();
    prepared.times.mark("key");
    auto decoded = wasm::decode(std::move(bytes));
    if (!decoded) return decoded.error().toStringFor(file);
    prepared.times.mark("decode");

    std::optional<cache::ObjectCache> objects;
    if (!options.cacheDirectory.empty() && options.sealingKey)
        objects.emplace(options.cacheDirectory, *options.sealingKey, cache::elfPolicyViolation);
    fs::path object;
    std::optional<cache::CacheHit> hit;
    bool storedNow = false;
    if (objects) {
        auto found = objects->lookup(key);
        if (found.warning) listener.note(fmt::format("faaslet: warning: {}", found.warning->toString()));
        if (found.hit) {
            prepared.cacheHit = true;
            object = found.hit->objectPath;
            hit = std::move(found.hit);
        }
    }
    prepared.times.mark(prepared.cacheHit ? "cache lookup (hit)" : "cache lookup (miss)");
    // An entry exists only for bytes that were validated when it was compiled, and the key covers
    // every byte: a hit needs no validation.
    if (!prepared.cacheHit) {
        if (auto valid = wasm::validate(*decoded); !valid)
            return valid.error().toStringFor(file);
        prepared.times.mark("validate");
    }
    prepared.module = std::make_shared<const wasm::Module>(std::move(*decoded));
    if (!prepared.cacheHit) {
        auto compiled = compileAndStore(file, prepared.module->bytes, key, options, objects, prepared, listener);
        if (!compiled) return compiled.error();
        object = compiled->path;
        storedNow = compiled->inCache;
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
    auto loaded = loadBytes(std::move(*bytes), file, options, listener);
    if (loaded) loaded->times.prepend("read", PhaseTimes::Clock::now() - start);
    return loaded;
}

}  // namespace faaslet::loader
