#include "faaslets/guest_environment.h"

#include "bindings/serverless_bindings.h"
#include "bindings/state_bindings.h"
#include "bindings/wasi_bindings.h"
#include "runtime/linker.h"
#include "state/state_key.h"
#include "wasm/module/types.h"

namespace faaslet::faaslets {

Expected<std::unique_ptr<GuestEnvironment>, std::string> GuestEnvironment::create(const runtime::LoadedModule& loaded,
                                                                                 const FunctionConfig& config,
                                                                                 bool openPreopens,
                                                                                 state::LocalTier* stateTier) {
    auto environment = std::make_unique<GuestEnvironment>();
    const uint64_t limitPages = config.maxMemoryBytes ? config.maxMemoryBytes / wasm::kPageSize : wasm::kMaxPages;
    environment->allocator = std::make_unique<runtime::OnDemandAllocator>(
        uint32_t(std::min<uint64_t>(limitPages, wasm::kMaxPages)));

    wasi::WasiConfig wasiConfig;
    wasiConfig.args = {config.name};
    wasiConfig.env = config.env;
    wasiConfig.stdio = wasi::StdioMode::Capture;
    wasiConfig.captureLimit = config.maxOutputBytes;
    environment->wasi = std::make_unique<wasi::WasiContext>(std::move(wasiConfig));
    if (openPreopens) {
        for (const wasi::Preopen& preopen : config.preopens) {
            if (auto added = environment->wasi->addPreopen(preopen); !added) return added.error();
        }
    }

    environment->call = std::make_unique<serverless::CallContext>(std::vector<uint8_t>(), config.maxOutputBytes);

    environment->store = std::make_unique<runtime::Store>(*environment->allocator);
    runtime::Linker linker;
    if (auto error = bindings::defineWasi(*environment->store, linker, *environment->wasi, &loaded.module());
        !error.empty()) {
        return error;
    }
    if (auto error = bindings::defineServerless(*environment->store, linker, *environment->call, &loaded.module());
        !error.empty()) {
        return error;
    }
    if (stateTier) {
        environment->state =
            std::make_unique<state::StateCall>(*stateTier, config.stateUser.empty() ? state::stateUserOf(config.name) : config.stateUser, !openPreopens);
        if (auto error = bindings::defineState(*environment->store, linker, *environment->state, &loaded.module());
            !error.empty()) {
            return error;
        }
    }
    auto imports = linker.resolve(loaded.module());
    if (!imports) return imports.error().toString();
    environment->imports = std::move(*imports);
    return environment;
}

}  // namespace faaslet::faaslets
