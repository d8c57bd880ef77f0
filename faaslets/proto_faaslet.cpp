#include "faaslets/proto_faaslet.h"

#include <thread>

#include "faaslets/guest_environment.h"
#include "runtime/instance.h"
#include "sandbox/sandbox.h"

namespace faaslet::faaslets {

namespace {

// Runs an export of the instance, if it has it, as part of the initialisation.
StatusOf<std::string> runInitExport(runtime::Instance& instance, const std::string& name, bool required) {
    auto exported = instance.exportNamed(name);
    if (!exported || exported->kind != wasm::ExternKind::Func) {
        if (required) return "the init export \"" + name + "\" is not an exported function";
        return {};
    }
    auto result = runtime::invoke(exported->function, {});
    if (!result) return "trap in " + name + ": " + result.error().toString();
    return {};
}

}  // namespace

Expected<std::shared_ptr<const ProtoFaaslet>, std::string> ProtoFaaslet::create(
    std::shared_ptr<const runtime::LoadedModule> loaded, FunctionConfig config, Watchdog& watchdog, bool sandbox,
    std::shared_ptr<state::LocalTier> state) {
    auto environment = GuestEnvironment::create(*loaded, config, true, state.get());
    if (!environment) return environment.error();
    GuestEnvironment& env = **environment;

    // The guest's initialisation runs on a thread of its own, sandboxed; the capture afterwards
    // (a memfd, duplicated descriptors) on this one.
    runtime::Instance* instance = nullptr;
    std::string failure;
    const auto start = std::chrono::steady_clock::now();
    std::thread initializer([&] {
        if (sandbox) {
            if (auto entered = sandbox::enterSandbox(); !entered) {
                failure = entered.error();
                return;
            }
        }
        auto made = env.store->instantiate(loaded, env.imports);
        if (!made) {
            failure = made.error().toString();
            return;
        }
        instance = *made;
        uint64_t ticket = 0;
        if (config.timeout.count())
            ticket = watchdog.arm(Watchdog::Clock::now() + config.timeout, *instance);
        auto status = runInitExport(*instance, "_initialize", false);
        if (status && !config.initExport.empty()) status = runInitExport(*instance, config.initExport, true);
        const bool timedOut = ticket && watchdog.disarm(ticket);
        if (env.wasi->exitCode) {
            failure = "the initialisation exited with status " + std::to_string(*env.wasi->exitCode);
        } else if (timedOut) {
            failure = "the initialisation ran past the timeout of " + std::to_string(config.timeout.count()) + " ms";
        } else if (!status) {
            failure = status.error();
        }
    });
    initializer.join();
    if (!failure.empty()) return config.name + ": " + failure;

    auto snapshot = instance->capture();
    if (!snapshot) return config.name + ": " + snapshot.error().toString();
    auto checkpoint = env.wasi->checkpoint();
    if (!checkpoint) return config.name + ": " + checkpoint.error();

    auto proto = std::make_shared<ProtoFaaslet>();
    proto->loaded = std::move(loaded);
    proto->config = std::move(config);
    proto->instance = std::move(*snapshot);
    proto->wasi = std::move(*checkpoint);
    proto->initTime = std::chrono::steady_clock::now() - start;
    proto->state = std::move(state);
    return std::shared_ptr<const ProtoFaaslet>(std::move(proto));
}

}  // namespace faaslet::faaslets
