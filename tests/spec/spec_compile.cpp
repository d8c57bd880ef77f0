#include "tests/spec/spec_compile.h"

#include "compiler/compiler.h"

namespace faaslet::spectest {

CompileOutcome compileForSpec(const wasm::Module& module, const std::filesystem::path& object) {
    compiler::CompileOptions options;
    options.optLevel = compiler::OptLevel::O2;
    auto result = compiler::compile(module, options, object);
    return {result.error, result.unsupported};
}

}  // namespace faaslet::spectest
