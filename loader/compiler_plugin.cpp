#include "loader/compiler_plugin.h"

#include <dlfcn.h>

#include "compiler/compiler_plugin.h"

namespace faaslet::loader {

namespace {

std::filesystem::path pluginPath() {
    std::error_code ec;
    auto executable = std::filesystem::read_symlink("/proc/self/exe", ec);
    return (ec ? std::filesystem::path(".") : executable.parent_path()) / "libfaaslet-compiler.so";
}

// The plugin's entry point, or why there is none. Loaded once per process.
Expected<FaasletCompileFunction, std::string> loadPlugin() {
    const auto path = pluginPath();
    void* plugin = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (!plugin) return "cannot load the compiler " + path.string() + ": " + dlerror();
    auto compile = reinterpret_cast<FaasletCompileFunction>(dlsym(plugin, kFaasletCompileSymbol));
    if (!compile)
        return "the compiler plugin " + path.string() + " has no entry point " + kFaasletCompileSymbol +
               " (is it from another build?)";
    return compile;
}

void forwardProgress(void* context, unsigned done, unsigned total) {
    (*static_cast<const std::function<void(unsigned, unsigned)>*>(context))(done, total);
}

}  // namespace

Expected<CompileReport, std::string> compileWithPlugin(const std::vector<uint8_t>& wasm,
                                                       const compiler::CompileOptions& options,
                                                       const std::filesystem::path& output) {
    static const auto plugin = loadPlugin();
    if (!plugin) return plugin.error();
    const std::string outputPath = output.string();
    FaasletCompileRequest request{};
    request.wasm = wasm.data();
    request.wasmSize = wasm.size();
    request.optLevel = int(options.optLevel);
    request.interruptible = options.interruptible ? 1 : 0;
    request.codegenThreads = options.codegenThreads;
    request.output = outputPath.c_str();
    if (options.codegenProgress) {
        request.codegenProgress = forwardProgress;
        request.progressContext =
            const_cast<std::function<void(unsigned, unsigned)>*>(&options.codegenProgress);
    }
    FaasletCompileReport report{};
    char error[4096] = {};
    if ((*plugin)(&request, &report, error, sizeof error) != 0) return std::string(error);
    using std::chrono::nanoseconds;
    CompileReport result;
    result.timings = {nanoseconds(report.lowerNanoseconds), nanoseconds(report.optimizeNanoseconds),
                      nanoseconds(report.codegenNanoseconds), nanoseconds(report.linkNanoseconds)};
    result.partitions = report.partitions;
    return result;
}

}  // namespace faaslet::loader
