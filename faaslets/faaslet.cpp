#include "faaslets/faaslet.h"

#include "bindings/wasi_bindings.h"
#include "sandbox/sandbox.h"

namespace faaslet::faaslets {

namespace {

using Clock = std::chrono::steady_clock;

}  // namespace

Expected<std::unique_ptr<Faaslet>, std::string> Faaslet::create(std::shared_ptr<const ProtoFaaslet> proto,
                                                                Watchdog& watchdog) {
    std::unique_ptr<Faaslet> faaslet(new Faaslet(proto, watchdog));
    auto env = GuestEnvironment::create(*proto->loaded, proto->config, false, proto->state.get());
    if (!env) return env.error();
    faaslet->env_ = std::move(*env);
    // The Proto-Faaslet's descriptors, duplicated into this Faaslet; then its own checkpoint of them.
    if (auto restored = faaslet->env_->wasi->restore(proto->wasi, {}); !restored) return restored.error();
    auto checkpoint = faaslet->env_->wasi->checkpoint();
    if (!checkpoint) return checkpoint.error();
    faaslet->checkpoint_ = std::move(*checkpoint);

    auto instance = faaslet->env_->store->instantiateFromSnapshot(proto->loaded, faaslet->env_->imports, *proto->instance);
    if (!instance) return instance.error().toString();
    faaslet->instance_ = *instance;
    auto entry = faaslet->instance_->exportNamed(proto->config.entry);
    if (!entry || entry->kind != wasm::ExternKind::Func)
        return "no exported function \"" + proto->config.entry + "\" to call";
    const wasm::FuncType& type = runtime::functionType(entry->function);
    faaslet->entryReturnsCode_ = type.results.size() == 1 && type.results[0] == wasm::ValType::I32;
    if (!type.params.empty() || !(type.results.empty() || faaslet->entryReturnsCode_))
        return "the entry \"" + proto->config.entry + "\" must take nothing and return nothing or an i32";
    faaslet->entry_ = entry->function;
    return faaslet;
}

StatusOf<std::string> Faaslet::enterSandbox() {
    return sandbox::enterSandbox();
}

StatusOf<std::string> Faaslet::reset() {
    // Locks the call still holds are released first, so other Faaslets wait no longer than needed;
    // the instance's restore then unmaps the state values it mapped.
    if (env_->state) env_->state->endCall();
    if (runtime::Status status = instance_->restore(*proto_->instance); !status) return status.error().toString();
    env_->call->setInput({});
    env_->call->clearOutput();
    return env_->wasi->restore(checkpoint_, {});
}

CallResult Faaslet::run(PendingCall& call) {
    CallResult result;
    result.id = call.id;
    const auto taken = Clock::now();
    result.timings.queue = taken - call.queued;
    wasi::WasiContext& wasi = *env_->wasi;
    // The state is the Proto-Faaslet's already (the reset after the last call, or creation); the
    // input becomes both the serverless API's and the stdin of a WASI command.
    env_->call->setInput(std::vector<uint8_t>(call.input.begin(), call.input.end()));
    wasi.setStdin(std::move(call.input));
    const auto started = Clock::now();
    result.timings.restore = started - taken;

    const auto& config = proto_->config;
    const uint64_t ticket = config.timeout.count() ? watchdog_.arm(started + config.timeout, *instance_) : 0;
    if (env_->state && config.timeout.count()) env_->state->beginCall(started + config.timeout);
    runtime::CallResult outcome = runtime::invoke(entry_, {});
    const bool timedOut = ticket && watchdog_.disarm(ticket);
    const auto finished = Clock::now();
    result.timings.run = finished - started;

    if (wasi.exitCode) {
        result.returnCode = int32_t(*wasi.exitCode);
    } else if (outcome) {
        result.returnCode = entryReturnsCode_ ? int32_t(outcome->at(0).i32) : 0;
    } else {
        result.returnCode = 1;
        const bool interrupted = outcome.error().code == abi::TrapCode::Interrupted;
        result.status = timedOut && interrupted ? CallStatus::TimedOut : CallStatus::Trapped;
        result.error = result.status == CallStatus::TimedOut
                           ? "timed out after " + std::to_string(config.timeout.count()) + " ms"
                           : outcome.error().toString();
    }
    const std::vector<uint8_t> output = env_->call->takeOutput();
    result.output.assign(output.begin(), output.end());
    result.stdoutText = wasi.capturedStdout();
    result.stderrText = wasi.capturedStderr();

    if (auto clean = reset(); !clean) {
        // The instance may still hold this call's data: it serves nobody again.
        broken_ = true;
        if (result.ok()) {
            result.status = CallStatus::Failed;
            result.error = "the Faaslet could not be reset: " + clean.error();
        }
    }
    result.timings.reset = Clock::now() - finished;
    return result;
}

}  // namespace faaslet::faaslets
