#include "bindings/wasi_bindings.h"

#include <algorithm>

#include "wasi/function_table.h"
#include "runtime/host_function.h"
#include "runtime/instance.h"
#include "runtime/linear_memory.h"

namespace faaslet::bindings {

namespace {

wasi::GuestMemory guestMemory(runtime::HostCall& call) {
    runtime::LinearMemory* memory = call.memory();
    return memory ? wasi::GuestMemory(memory->bytes()) : wasi::GuestMemory();
}

bool imports(const wasm::Module& module, std::string_view name) {
    return std::any_of(module.imports.begin(), module.imports.end(), [name](const wasm::Import& import) {
        return import.kind == wasm::ExternKind::Func && import.module == std::string(wasi::kWasiModuleName) && import.name == name;
    });
}

}  // namespace

std::string defineWasi(runtime::Store& store, runtime::Linker& linker, wasi::WasiContext& wasi,
                       const wasm::Module* importer) {
    for (const wasi::WasiFunction& f : wasi::wasiFunctions()) {
        if (importer && !imports(*importer, f.name)) continue;
        wasm::FuncType type;
        type.params.assign(f.params.begin(), f.params.end());
        type.results.assign(f.results.begin(), f.results.end());
        auto function = store.createHostFunction(
            std::move(type), [&wasi, call = f.call](runtime::HostCall& host, auto args, auto results) {
                wasi.setInterruptFlag(host.context ? &host.context->interrupt : nullptr);
                const wasi::WasiOutcome outcome = call(wasi, guestMemory(host), args);
                if (const auto* exit = std::get_if<wasi::WasiExit>(&outcome)) {
                    wasi.exitCode = exit->code;
                    return std::optional<runtime::Trap>(
                        runtime::Trap::of(abi::TrapCode::HostTrap, kExitTrapMessage));
                }
                const wasi::WasiErrno error = std::get<wasi::WasiErrno>(outcome);
                if (error == wasi::WasiErrno::Intr && wasi.interruptRequested()) {
                    // As in compiled code, the interrupt is consumed by the trap it causes.
                    if (runtime::Instance* instance = host.instance()) instance->clearInterrupt();
                    return std::optional<runtime::Trap>(runtime::Trap::of(abi::TrapCode::Interrupted));
                }
                results[0] = abi::Value{};
                results[0].i32 = uint32_t(error);
                return std::optional<runtime::Trap>();
            });
        if (!function) return function.error().toString();
        linker.define(std::string(wasi::kWasiModuleName), f.name, (*function)->asExternValue());
    }
    return {};
}

}  // namespace faaslet::bindings
