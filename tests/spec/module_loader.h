#pragma once
// Turns a script's module into a decoded and validated Module, telling apart the stage that failed
// (the text, decoding, validation) and the kind of error (Malformed or Invalid) the spec's
// assertions care about.

#include <memory>
#include <optional>
#include <string>

#include "text/module_text.h"
#include "wasm/module/error.h"
#include "wasm/module/module.h"

namespace faaslet::spectest {

struct LoadedModule {
    enum class Stage {
        Ok,        // decoded and validated: `module` is set
        Text,      // a quoted module's text is malformed: `textError`
        Decode,    // decode() returned `error`
        Validate,  // validate() returned `error`
        Harness,   // the file could not be read, or decode/validate threw: `harnessError`
    };
    Stage stage = Stage::Ok;
    std::shared_ptr<const wasm::Module> module;
    std::optional<wasm::Error> error;
    std::string harnessError;
    std::string textError;

    bool ok() const { return stage == Stage::Ok; }
    // "decode failed (malformed): type section at 0x1a: ..." / "validate failed (invalid): ..."
    std::string describe() const;
};

LoadedModule loadModule(const text::ModuleDefinition& definition);

}  // namespace faaslet::spectest
