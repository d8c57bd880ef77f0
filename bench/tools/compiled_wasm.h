#pragma once
// What the in-process benchmark programs share: reading a .wasm file into a validated module, and
// a module compiled into a private directory and loaded, as `faaslet run` finds it in the cache,
// so that what they time is instantiation and calls, not compilation.

#include <filesystem>
#include <memory>
#include <string>

#include "compiler/compiler.h"
#include "runtime/loaded_module.h"

namespace faaslet::bench {

// Throws std::runtime_error with the reason when the file cannot be read, decoded or validated.
std::shared_ptr<const wasm::Module> readModule(const std::string& wasmFile);

class CompiledWasm {
public:
    // Throws std::runtime_error with the reason when the module cannot be read, compiled or loaded.
    explicit CompiledWasm(const std::string& wasmFile, const compiler::CompileOptions& options = {});
    ~CompiledWasm();
    CompiledWasm(const CompiledWasm&) = delete;
    CompiledWasm& operator=(const CompiledWasm&) = delete;

    const std::shared_ptr<const runtime::LoadedModule>& loaded() const { return loaded_; }

private:
    std::filesystem::path directory_;
    std::shared_ptr<const runtime::LoadedModule> loaded_;
};

}  // namespace faaslet::bench
