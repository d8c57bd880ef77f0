#include "cli/compiler_plugin.h"

#include <dlfcn.h>

#include "compiler/llvm/compiler_plugin.h"

namespace faaslet::cli {

namespace {

std::filesystem::path pluginPath() {
    std::error_code ec;
    auto executable = std::filesystem::read_symlink("/proc/self/exe", ec);
    return (ec ? std::filesystem::path(".") : executable.parent_path()) / "libfaaslet-compiler.so";
}

}  // namespace

std::string compileWithPlugin(const std::vector<uint8_t>& wasm, const llvmgen::CompileOptions& options,
                              const std::filesystem::path& output) {
    static void* plugin = nullptr;
    if (!plugin) {
        const auto path = pluginPath();
        plugin = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
        if (!plugin) return "cannot load the compiler " + path.string() + ": " + dlerror();
    }
    auto compile = reinterpret_cast<FaasletCompileFunction>(dlsym(plugin, kFaasletCompileSymbol));
    if (!compile) return "the compiler plugin has no entry point " + std::string(kFaasletCompileSymbol);
    const std::string outputPath = output.string();
    FaasletCompileRequest request{wasm.data(), wasm.size(), int(options.optLevel), options.interruptible ? 1 : 0,
                                  outputPath.c_str()};
    char error[4096] = {};
    if (compile(&request, error, sizeof error) != 0) return error;
    return {};
}

}  // namespace faaslet::cli
