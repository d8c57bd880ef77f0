// libFuzzer entry point for the whole pipeline: any bytes are decoded and validated; a valid
// module is compiled (at O0 or O2, as the input's length is even or odd, so that seeds stay
// modules as they are), loaded, instantiated with every import
// defined as a host function that traps, and each exported function called with zero arguments,
// each call interrupted after 50 ms. Nothing may crash the process, leak, or escape: a guest's
// faults are traps, never the fuzzer's.

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "compiler/compiler.h"
#include "runtime/host_function.h"
#include "runtime/instance.h"
#include "runtime/invoke.h"
#include "runtime/linker.h"
#include "runtime/loaded_module.h"
#include "runtime/store.h"
#include "wasm/decoder/decoder.h"
#include "wasm/validator/validator.h"

namespace {

using namespace faaslet;

const std::filesystem::path& objectPath() {
    static const std::filesystem::path path = [] {
        std::string pattern = (std::filesystem::temp_directory_path() / "faaslet-fuzz-compile-XXXXXX").string();
        if (!::mkdtemp(pattern.data())) std::abort();
        return std::filesystem::path(pattern) / "module.so";
    }();
    return path;
}

// Every import gets what its type asks for, and calling a function import traps: the fuzzer
// tests the compiled module, not a host.
bool defineImports(const wasm::Module& module, runtime::Store& store, runtime::Linker& linker) {
    for (const wasm::Import& import : module.imports) {
        if (import.kind != wasm::ExternKind::Func) return false;  // memories, tables, globals: not worth faking
        auto function = store.createHostFunction(module.types.at(import.funcType), [](runtime::HostCall&, auto, auto) {
            return std::optional<runtime::Trap>(runtime::Trap::of(abi::TrapCode::HostTrap, "fuzzer import"));
        });
        if (!function) return false;  // a type host functions cannot take (v128)
        linker.define(import.module, import.name, (*function)->asExternValue());
    }
    return true;
}

// Interrupts the instance if a call runs past its time.
class CallTimer {
public:
    explicit CallTimer(runtime::Instance& instance) : instance_(instance), thread_([this] { watch(); }) {}
    ~CallTimer() {
        {
            std::lock_guard guard(lock_);
            done_ = true;
        }
        wake_.notify_one();
        thread_.join();
    }

private:
    void watch() {
        std::unique_lock guard(lock_);
        if (!wake_.wait_for(guard, std::chrono::milliseconds(50), [this] { return done_; })) instance_.interrupt();
    }
    runtime::Instance& instance_;
    std::mutex lock_;
    std::condition_variable wake_;
    bool done_ = false;
    std::thread thread_;
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    auto decoded = wasm::decode(std::vector<uint8_t>(data, data + size));
    if (!decoded || !wasm::validate(*decoded)) return 0;
    auto module = std::make_shared<const wasm::Module>(std::move(*decoded));

    compiler::CompileOptions options;
    options.optLevel = size % 2 ? compiler::OptLevel::O2 : compiler::OptLevel::O0;
    options.codegenThreads = 1;
    auto compiled = compiler::compile(*module, options, objectPath());
    if (!compiled.error.empty()) return 0;  // unsupported or over a limit: said, not crashed
    auto loaded = runtime::LoadedModule::load(objectPath().string(), module);
    if (!loaded) return 0;

    runtime::Store store;
    runtime::Linker linker;
    if (!defineImports(*module, store, linker)) return 0;
    auto imports = linker.resolve(*module);
    if (!imports) return 0;
    auto instance = store.instantiate(*loaded, *imports);
    if (!instance) return 0;
    for (const wasm::Export& e : module->exports) {
        if (e.kind != wasm::ExternKind::Func) continue;
        auto exported = (*instance)->exportNamed(e.name);
        std::vector<abi::Value> args(runtime::functionType(exported->function).params.size());
        std::memset(args.data(), 0, args.size() * sizeof(abi::Value));
        CallTimer timer(**instance);
        (void)runtime::invoke(exported->function, args);
    }
    return 0;
}
