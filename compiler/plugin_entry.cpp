// The compiler as a plugin: libfaaslet-compiler.so exports one C function, so the faaslet command
// loads LLVM (tens of milliseconds of start-up) only when a module is not in the cache.

#include <algorithm>
#include <cstring>

#include "wasm/decoder/decoder.h"
#include "compiler/compiler.h"
#include "compiler/compiler_plugin.h"
#include "wasm/validator/validator.h"

namespace {

int failWith(const std::string& message, char* error, size_t errorSize) {
    if (errorSize) {
        const size_t n = std::min(message.size(), errorSize - 1);
        std::memcpy(error, message.data(), n);
        error[n] = 0;
    }
    return 1;
}

}  // namespace

extern "C" __attribute__((visibility("default"))) int faaslet_compile_module_v2(const FaasletCompileRequest* request,
                                                                                FaasletCompileReport* report,
                                                                                char* error, size_t errorSize) {
    using namespace faaslet;
    auto decoded = wasm::decode(std::vector<uint8_t>(request->wasm, request->wasm + request->wasmSize));
    if (!decoded) return failWith("malformed: " + decoded.error().toString(), error, errorSize);
    if (auto valid = wasm::validate(*decoded); !valid) return failWith("invalid: " + valid.error().toString(), error, errorSize);
    compiler::CompileOptions options;
    options.optLevel = compiler::OptLevel(request->optLevel);
    options.interruptible = request->interruptible != 0;
    options.codegenThreads = request->codegenThreads;
    if (request->codegenProgress)
        options.codegenProgress = [request](unsigned done, unsigned total) {
            request->codegenProgress(request->progressContext, done, total);
        };
    auto result = compiler::compile(*decoded, options, request->output);
    if (!result.error.empty()) return failWith(result.error, error, errorSize);
    *report = {result.timings.lower.count(), result.timings.optimize.count(), result.timings.codegen.count(),
               result.timings.link.count(), result.partitions};
    return 0;
}
