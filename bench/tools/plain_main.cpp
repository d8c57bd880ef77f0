// faaslet-bench-plain: faaslet's code without interruption polling, which `faaslet run` always
// compiles in (the compute goal is stated for this "plain" code; polling costs the difference).
//   faaslet-bench-plain compile FILE.wasm OBJECT.so   compile once, -O2 as faaslet's default
//   faaslet-bench-plain run FILE.wasm OBJECT.so       run the command's _start with WASI
// Two steps so that the kernels' rounds time running, not compiling. The exit status is the
// guest's; a trap is printed and exits with 1.

#include <cstdio>
#include <cstring>
#include <exception>
#include <stdexcept>
#include <string>

#include "bench/tools/compiled_wasm.h"
#include "bindings/wasi_bindings.h"
#include "runtime/instance.h"
#include "runtime/invoke.h"
#include "runtime/linker.h"
#include "runtime/store.h"

namespace {

using namespace faaslet;

void compilePlain(const std::string& wasmFile, const std::string& object) {
    auto module = bench::readModule(wasmFile);
    compiler::CompileOptions options;
    options.interruptible = false;
    auto compiled = compiler::compile(*module, options, object);
    if (!compiled.error.empty()) throw std::runtime_error(wasmFile + ": " + compiled.error);
}

int runCommand(const std::string& wasmFile, const std::string& object) {
    auto loaded = runtime::LoadedModule::load(object, bench::readModule(wasmFile));
    if (!loaded) throw std::runtime_error(loaded.error().toString());
    wasi::WasiConfig config;
    config.args = {wasmFile};
    wasi::WasiContext wasi(std::move(config));
    runtime::Store store;
    runtime::Linker linker;
    if (auto error = bindings::defineWasi(store, linker, wasi); !error.empty())
        throw std::runtime_error(error);
    auto imports = linker.resolve((*loaded)->module());
    if (!imports) throw std::runtime_error(imports.error().toString());
    auto instance = store.instantiate(*loaded, *imports);
    if (!instance) throw std::runtime_error(instance.error().toString());
    auto start = (*instance)->exportNamed("_start");
    if (!start || start->kind != wasm::ExternKind::Func) throw std::runtime_error(wasmFile + ": no _start");
    auto result = runtime::invoke(start->function, {});
    if (wasi.exitCode) return int(*wasi.exitCode & 0xff);
    if (!result) throw std::runtime_error("trap: " + result.error().toString());
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 4 || (std::strcmp(argv[1], "compile") != 0 && std::strcmp(argv[1], "run") != 0)) {
        std::fprintf(stderr, "usage: %s compile|run FILE.wasm OBJECT.so\n", argv[0]);
        return 2;
    }
    try {
        if (std::strcmp(argv[1], "compile") == 0) {
            compilePlain(argv[2], argv[3]);
            return 0;
        }
        return runCommand(argv[2], argv[3]);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "faaslet-bench-plain: %s\n", e.what());
        return 1;
    }
}
