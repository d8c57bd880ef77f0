#include "cli/module_preparation.h"

#include <fcntl.h>
#include <sys/stat.h>

#include <cerrno>
#include <cstring>
#include <optional>

#include "abi/abi.h"
#include "cache/cache_directory.h"
#include "cache/cache_key.h"
#include "cache/file_io.h"
#include "cache/host_identity.h"
#include "cache/object_cache.h"
#include "cli/compiler_plugin.h"
#include "compiler/decoder/decoder.h"
#include "compiler/llvm/code_revision.h"
#include "compiler/validator/validator.h"
#include "fmt/format.h"
#include "spdlog/spdlog.h"
#include "text/text.h"

namespace faaslet::cli {

namespace fs = std::filesystem;

namespace {

cache::CacheKey cacheKeyOf(const std::vector<uint8_t>& bytes, const llvmgen::CompileOptions& options) {
    cache::KeyInputs inputs;
    inputs.wasm = bytes;
    inputs.compilerVersion =
        fmt::format("faaslet {}, code revision {}", FAASLET_VERSION, llvmgen::kCodeRevision);
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

// The file in one read of its size, not byte by byte through a stream: modules run to megabytes.
Expected<std::vector<uint8_t>, std::string> readWholeFile(const std::string& file) {
    cache::Fd fd(::open(file.c_str(), O_RDONLY | O_CLOEXEC));
    struct stat status;
    if (!fd.valid() || ::fstat(fd.get(), &status) != 0)
        return fmt::format("{}: cannot read the file: {}", file, std::strerror(errno));
    std::vector<uint8_t> bytes(size_t(status.st_size));
    const int64_t read = cache::readFull(fd.get(), bytes, 0);
    if (read < 0) return fmt::format("{}: cannot read the file: {}", file, std::strerror(int(-read)));
    bytes.resize(size_t(read));
    return bytes;
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
                                                      const PrepareOptions& options,
                                                      const std::optional<cache::ObjectCache>& objects,
                                                      PreparedModule& prepared, Progress& progress) {
    progress.note(fmt::format("faaslet: compiling {} (not in the cache)", file));
    auto scratch = cache::ScratchDirectory::create();
    if (!scratch) return "cannot compile: " + scratch.error().toString();
    prepared.scratch = std::make_shared<const cache::ScratchDirectory>(std::move(*scratch));
    const fs::path compiled = prepared.scratch->objectPath(key);

    llvmgen::CompileOptions compile = options.compile;
    compile.codegenProgress = [&progress, &file](unsigned done, unsigned total) {
        progress.partitionsDone(file, done, total);
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
        progress.note(fmt::format("faaslet: warning: not cached: {}", stored.error().toString()));
        return CompiledObject{compiled};
    }
    if (stored->warning) progress.note(fmt::format("faaslet: warning: {}", stored->warning->toString()));
    return CompiledObject{stored->objectPath, true};
}

// Keeps the cache under its size limit after a store; the entry just stored stays.
void evictBeyondLimit(const cache::ObjectCache& objects, const cache::CacheKey& stored,
                      const PrepareOptions& options, Progress& progress) {
    auto pruned = objects.prune(options.cacheMaxBytes, stored);
    if (!pruned) {
        progress.note(fmt::format("faaslet: warning: cannot keep the cache under {}: {}",
                                  cache::formatSize(options.cacheMaxBytes), pruned.error().toString()));
        return;
    }
    if (!pruned->evicted.empty())
        spdlog::info("evicted {} least recently used cache entries ({} to {}, limit {})",
                     pruned->evicted.size(), cache::formatSize(pruned->bytesBefore),
                     cache::formatSize(pruned->bytesAfter), cache::formatSize(options.cacheMaxBytes));
}

}  // namespace

PrepareOptions prepareOptionsFromEnvironment(Progress& progress) {
    PrepareOptions options;
    if (auto directory = cache::resolveCacheDirectory())
        options.cacheDirectory = *directory;
    else
        progress.note(fmt::format("faaslet: warning: {}", directory.error().toString()));
    const cache::SizeLimit limit = cache::configuredSizeLimit();
    if (!limit.problem.empty())
        progress.note(fmt::format("faaslet: warning: {}; the default applies", limit.problem));
    options.cacheMaxBytes = limit.bytes;
    return options;
}

Expected<PreparedModule, std::string> prepareModule(const std::string& file, const PrepareOptions& options,
                                                    Progress& progress) {
    PreparedModule prepared;
    // A .wat is encoded first; the key is over the binary, so a .wat and its .wasm share an entry.
    auto bytes = text::isTextModuleFile(file) ? text::readModuleFile(file) : readWholeFile(file);
    if (!bytes) return bytes.error();
    prepared.times.mark("read");

    const cache::CacheKey key = cacheKeyOf(*bytes, options.compile);
    prepared.key = key.hex();
    prepared.times.mark("key");
    auto decoded = wasm::decode(std::move(*bytes));
    if (!decoded) return fmt::format("{}: malformed: {}", file, decoded.error().toString());
    prepared.times.mark("decode");

    std::optional<cache::ObjectCache> objects;
    if (!options.cacheDirectory.empty()) objects.emplace(options.cacheDirectory);
    fs::path object;
    bool storedNow = false;
    if (objects) {
        auto found = objects->lookup(key);
        if (found.warning) progress.note(fmt::format("faaslet: warning: {}", found.warning->toString()));
        if (found.hit) {
            prepared.cacheHit = true;
            object = found.hit->objectPath;
        }
    }
    prepared.times.mark(prepared.cacheHit ? "cache lookup (hit)" : "cache lookup (miss)");
    // An entry exists only for bytes that were validated when it was compiled, and the key covers
    // every byte: a hit needs no validation.
    if (!prepared.cacheHit) {
        if (auto valid = wasm::validate(*decoded); !valid)
            return fmt::format("{}: invalid: {}", file, valid.error().toString());
        prepared.times.mark("validate");
    }
    prepared.module = std::make_shared<const wasm::Module>(std::move(*decoded));
    if (!prepared.cacheHit) {
        auto compiled = compileAndStore(file, prepared.module->bytes, key, options, objects, prepared, progress);
        if (!compiled) return compiled.error();
        object = compiled->path;
        storedNow = compiled->inCache;
    }

    std::error_code ignored;
    prepared.objectBytes = fs::file_size(object, ignored);
    auto loaded = runtime::LoadedModule::load(object.string(), prepared.module);
    if (!loaded) return loaded.error().toString();
    prepared.loaded = *loaded;
    prepared.times.mark("load");
    // After loading: evicting the entry (by a later store of another process) cannot unmap it.
    if (storedNow) {
        evictBeyondLimit(*objects, key, options, progress);
        prepared.times.mark("evict");
    }
    return prepared;
}

}  // namespace faaslet::cli
