#include "bench/tools/compiled_wasm.h"

#include <stdlib.h>

#include <fstream>
#include <iterator>
#include <stdexcept>

#include "wasm/decoder/decoder.h"
#include "wasm/validator/validator.h"

namespace faaslet::bench {

std::shared_ptr<const wasm::Module> readModule(const std::string& wasmFile) {
    std::ifstream in(wasmFile, std::ios::binary);
    if (!in) throw std::runtime_error(wasmFile + ": cannot read the file");
    std::vector<uint8_t> bytes{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    auto decoded = wasm::decode(std::move(bytes));
    if (!decoded) throw std::runtime_error(wasmFile + ": " + decoded.error().toString());
    if (auto valid = wasm::validate(*decoded); !valid)
        throw std::runtime_error(wasmFile + ": " + valid.error().toString());
    return std::make_shared<const wasm::Module>(std::move(*decoded));
}

CompiledWasm::CompiledWasm(const std::string& wasmFile, const compiler::CompileOptions& options) {
    auto module = readModule(wasmFile);
    std::string pattern = (std::filesystem::temp_directory_path() / "faaslet-bench-XXXXXX").string();
    if (!mkdtemp(pattern.data())) throw std::runtime_error("cannot create a temporary directory");
    directory_ = pattern;
    const auto object = directory_ / "module.so";
    auto compiled = compiler::compile(*module, options, object);
    if (!compiled.error.empty()) throw std::runtime_error(wasmFile + ": " + compiled.error);
    auto loaded = runtime::LoadedModule::load(object.string(), module);
    if (!loaded) throw std::runtime_error(loaded.error().toString());
    loaded_ = *loaded;
}

CompiledWasm::~CompiledWasm() {
    loaded_.reset();
    std::error_code ignored;
    std::filesystem::remove_all(directory_, ignored);
}

}  // namespace faaslet::bench
