#pragma once
// Compiling a module of the suite to a shared object the runtime can load.

#include <filesystem>
#include <string>

#include "wasm/module/module.h"

namespace faaslet::spectest {

struct CompileOutcome {
    std::string error;         // empty on success
    bool unsupported = false;  // the module uses something the compiler does not support yet
};

CompileOutcome compileForSpec(const wasm::Module& module, const std::filesystem::path& object);

}  // namespace faaslet::spectest
