#include "cli/module_preparation.h"

#include "cli/compiler_plugin.h"

#include <stdlib.h>

#include <fstream>
#include <iterator>

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

std::string cacheKeyOf(const std::vector<uint8_t>& bytes, const llvmgen::CompileOptions& options) {
    cache::CacheKeyInputs inputs;
    inputs.wasm = bytes;
    inputs.compilerVersion = fmt::format("faaslet {} abi {}", FAASLET_VERSION, abi::kAbiVersion);
    inputs.target = std::string("LLVM ") + FAASLET_LLVM_VERSION + "; " + cache::hostIdentity();
    inputs.options = {{"opt", std::to_string(int(options.optLevel))},
                      {"interruptible", options.interruptible ? "1" : "0"},
                      {"bounds", "guard-pages"}};
    return cache::cacheKey(inputs);
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
    prepared.key = cacheKeyOf(bytes, options.compile);
    auto decoded = wasm::decode(bytes);
    if (!decoded) return fmt::format("{}: malformed: {}", file, decoded.error().toString());
    if (auto valid = wasm::validate(*decoded); !valid)
        return fmt::format("{}: invalid: {}", file, valid.error().toString());
    prepared.module = std::make_shared<const wasm::Module>(std::move(*decoded));

    cache::ObjectCache objects(options.cacheDirectory);
    auto found = objects.lookup(prepared.key);
    if (!found.warning.empty()) fmt::print(stderr, "faaslet: warning: {}\n", found.warning);
    fs::path object;
    if (found.object) {
        prepared.cacheHit = true;
        object = *found.object;
    } else {
        fmt::print(stderr, "faaslet: compiling {} (not in the cache)\n", file);
        prepared.scratch = scratchDirectory();
        if (!prepared.scratch) return std::string("cannot create a temporary directory");
        const fs::path compiled = *prepared.scratch / "module.so";
        const auto start = std::chrono::steady_clock::now();
        if (auto error = compileWithPlugin(bytes, options.compile, compiled); !error.empty())
            return fmt::format("{}: cannot compile: {}", file, error);
        prepared.compileTime = std::chrono::steady_clock::now() - start;
        auto stored = objects.store(prepared.key, compiled);
        if (stored) {
            object = *stored;
        } else {
            fmt::print(stderr, "faaslet: warning: not cached: {}\n", stored.error());
            object = compiled;
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
