#include "cli/module_preparation.h"

#include "cli/compiler_plugin.h"

#include <stdlib.h>

#include <fstream>
#include <iterator>
#include <optional>

#include "abi/abi.h"
#include "cache/cache_key.h"
#include "cache/host_identity.h"
#include "cache/object_cache.h"
#include "compiler/decoder/decoder.h"
#include "compiler/validator/validator.h"
#include "fmt/format.h"

namespace faaslet::cli {

namespace fs = std::filesystem;

namespace {

cache::CacheKey cacheKeyOf(const std::vector<uint8_t>& bytes, const llvmgen::CompileOptions& options) {
    cache::KeyInputs inputs;
    inputs.wasm = bytes;
    inputs.compilerVersion = fmt::format("faaslet {}", FAASLET_VERSION);
    inputs.llvmVersion = FAASLET_LLVM_VERSION;
    // Architecture, CPU model and feature flags as the kernel reports them: the faaslet command
    // computes keys without loading LLVM to ask it for the triple, CPU and features.
    inputs.cpuName = cache::hostIdentity();
    inputs.options = {{"opt", std::to_string(int(options.optLevel))},
                      {"interruptible", options.interruptible ? "1" : "0"},
                      {"bounds", "guard-pages"}};
    inputs.abiVersion = abi::kAbiVersion;
    return cache::deriveKey(inputs);
}

// A directory removed when the last PreparedModule that uses it goes.
std::shared_ptr<fs::path> scratchDirectory() {
    std::string pattern = (fs::temp_directory_path() / "faaslet-compile-XXXXXX").string();
    if (!mkdtemp(pattern.data())) return nullptr;
    return std::shared_ptr<fs::path>(new fs::path(pattern), [](fs::path* p) {
        std::error_code ignored;
        fs::remove_all(*p, ignored);
        delete p;
    });
}

}  // namespace

Expected<PreparedModule, std::string> prepareModule(const std::string& file, const PrepareOptions& options) {
    std::ifstream in(file, std::ios::binary);
    if (!in) return fmt::format("{}: cannot read the file", file);
    std::vector<uint8_t> bytes{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};

    PreparedModule prepared;
    const cache::CacheKey key = cacheKeyOf(bytes, options.compile);
    prepared.key = key.hex();
    auto decoded = wasm::decode(bytes);
    if (!decoded) return fmt::format("{}: malformed: {}", file, decoded.error().toString());
    if (auto valid = wasm::validate(*decoded); !valid)
        return fmt::format("{}: invalid: {}", file, valid.error().toString());
    prepared.module = std::make_shared<const wasm::Module>(std::move(*decoded));

    // No cache directory (no home directory at all): compile every time.
    std::optional<cache::ObjectCache> objects;
    if (!options.cacheDirectory.empty()) objects.emplace(options.cacheDirectory);
    fs::path object;
    if (objects) {
        auto found = objects->lookup(key);
        if (found.warning) fmt::print(stderr, "faaslet: warning: {}\n", found.warning->toString());
        if (found.hit) {
            prepared.cacheHit = true;
            object = found.hit->objectPath;
        }
    }
    if (!prepared.cacheHit) {
        fmt::print(stderr, "faaslet: compiling {} (not in the cache)\n", file);
        prepared.scratch = scratchDirectory();
        if (!prepared.scratch) return std::string("cannot create a temporary directory");
        const fs::path compiled = *prepared.scratch / "module.so";
        const auto start = std::chrono::steady_clock::now();
        if (auto error = compileWithPlugin(bytes, options.compile, compiled); !error.empty())
            return fmt::format("{}: cannot compile: {}", file, error);
        prepared.compileTime = std::chrono::steady_clock::now() - start;
        object = compiled;
        if (objects) {
            auto stored = objects->storeFile(key, {}, compiled, fs::path(file).filename().string());
            if (!stored) {
                fmt::print(stderr, "faaslet: warning: not cached: {}\n", stored.error().toString());
            } else {
                if (stored->warning) fmt::print(stderr, "faaslet: warning: {}\n", stored->warning->toString());
                object = stored->objectPath;
            }
        }
    }
    std::error_code ignored;
    prepared.objectBytes = fs::file_size(object, ignored);
    auto loaded = runtime::LoadedModule::load(object.string(), prepared.module);
    if (!loaded) return loaded.error().toString();
    prepared.loaded = *loaded;
    return prepared;
}

}  // namespace faaslet::cli
