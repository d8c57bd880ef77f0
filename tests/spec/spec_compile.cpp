#include "tests/spec/spec_compile.h"

#include "compiler/llvm/compiler.h"

namespace faaslet::spectest {

CompileOutcome compileForSpec(const wasm::Module& module, const std::filesystem::path& object) {
    llvmgen::CompileOptions options;
    options.optLevel = llvmgen::OptLevel::O2;
    auto result = llvmgen::compile(module, options, object);
    return {result.error, result.unsupported};
}

}  // namespace faaslet::spectest
