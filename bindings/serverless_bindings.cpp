#include "bindings/serverless_bindings.h"

#include "runtime/host_function.h"
#include "bindings/host_call_access.h"
#include "serverless/function_table.h"

namespace faaslet::bindings {

std::string defineServerless(runtime::Store& store, runtime::Linker& linker, serverless::CallContext& call,
                             const wasm::Module* importer) {
    for (const serverless::ServerlessFunction& f : serverless::serverlessFunctions()) {
        if (importer && !importsFunction(*importer, serverless::kImportModule, f.name)) continue;
        wasm::FuncType type;
        type.params.assign(f.params.begin(), f.params.end());
        type.results.assign(f.results.begin(), f.results.end());
        auto function = store.createHostFunction(
            std::move(type), [&call, run = f.call](runtime::HostCall& host, auto args, auto results) {
                serverless::Outcome outcome = run(call, guestMemory(host), args);
                if (outcome.trap)
                    return std::optional<runtime::Trap>(
                        runtime::Trap::of(outcome.trapCode, std::move(*outcome.trap)));
                if (!results.empty()) {
                    results[0] = abi::Value{};
                    results[0].i32 = uint32_t(outcome.result);
                }
                return std::optional<runtime::Trap>();
            });
        if (!function) return function.error().toString();
        linker.define(std::string(serverless::kImportModule), std::string(f.name), (*function)->asExternValue());
    }
    return {};
}

}  // namespace faaslet::bindings
