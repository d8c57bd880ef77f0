#pragma once
// Reads a module binary written by wast2json, then decodes and validates it, telling apart the
// stage that failed and the kind of error (Malformed or Invalid) the spec's assertions care about.

#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include "wasm/module/error.h"
#include "wasm/module/module.h"

namespace faaslet::spectest {

struct LoadedModule {
    enum class Stage {
        Ok,        // decoded and validated: `module` is set
        Decode,    // decode() returned `error`
        Validate,  // validate() returned `error`
        Harness,   // the file could not be read, or decode/validate threw: `harnessError`
    };
    Stage stage = Stage::Ok;
    std::shared_ptr<const wasm::Module> module;
    std::optional<wasm::Error> error;
    std::string harnessError;

    bool ok() const { return stage == Stage::Ok; }
    // "decode failed (malformed): type section at 0x1a: ..." / "validate failed (invalid): ..."
    std::string describe() const;
};

LoadedModule loadModule(const std::filesystem::path& wasmFile);

const char* toString(wasm::Error::Kind kind);

}  // namespace faaslet::spectest
