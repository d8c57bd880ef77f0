#include "bindings/wasi_bindings.h"

#include "wasi/function_table.h"
#include "runtime/host_function.h"
#include "runtime/instance.h"
#include "bindings/host_call_access.h"

namespace faaslet::bindings {

std::string defineWasi(runtime::Store& store, runtime::Linker& linker, wasi::WasiContext& wasi,
                       const wasm::Module* importer) {
    for (const wasi::WasiFunction& f : wasi::wasiFunctions()) {
        if (importer && !importsFunction(*importer, wasi::kWasiModuleName, f.name)) continue;
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
