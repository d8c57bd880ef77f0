#include "faaslets/faaslet.h"

#include "bindings/wasi_bindings.h"
#include "sandbox/sandbox.h"
#include "serverless/payload_buffers.h"

namespace faaslet::faaslets {

namespace {

using Clock = std::chrono::steady_clock;

bool returnsCode(const runtime::ExternFunction& function) {
    const wasm::FuncType& type = runtime::functionType(function);
    return type.results.size() == 1 && type.results[0] == wasm::ValType::I32;
}

}  // namespace

Expected<std::unique_ptr<Faaslet>, std::string> Faaslet::create(std::shared_ptr<const ProtoFaaslet> proto,
                                                                Watchdog& watchdog, FunctionPool& pool,
                                                                CallRouter& router) {
    std::unique_ptr<Faaslet> faaslet(new Faaslet(proto, watchdog));
    auto env = GuestEnvironment::create(*proto->loaded, proto->config, false, proto->state.get());
    if (!env) return env.error();
    faaslet->env_ = std::move(*env);
    faaslet->chained_ = std::make_unique<ChainedCalls>(router, pool, proto->config);
    faaslet->env_->call->setChainer(faaslet->chained_.get());
    // The Proto-Faaslet's descriptors, duplicated into this Faaslet; then its own checkpoint of them.
    if (auto restored = faaslet->env_->wasi->restore(proto->wasi, {}); !restored) return restored.error();
    auto checkpoint = faaslet->env_->wasi->checkpoint();
    if (!checkpoint) return checkpoint.error();
    faaslet->checkpoint_ = std::move(*checkpoint);

    auto instance = faaslet->env_->store->instantiateFromSnapshot(proto->loaded, faaslet->env_->imports, *proto->instance);
    if (!instance) return instance.error().toString();
    faaslet->instance_ = *instance;
    faaslet->chained_->attach(**instance);
    auto entry = faaslet->instance_->exportNamed(proto->config.entry);
    if (!entry || entry->kind != wasm::ExternKind::Func)
        return "no exported function \"" + proto->config.entry + "\" to call";
    const wasm::FuncType& type = runtime::functionType(entry->function);
    faaslet->entryReturnsCode_ = returnsCode(entry->function);
    if (!type.params.empty() || !(type.results.empty() || faaslet->entryReturnsCode_))
        return "the entry \"" + proto->config.entry + "\" must take nothing and return nothing or an i32";
    faaslet->entry_ = entry->function;
    return faaslet;
}

StatusOf<std::string> Faaslet::enterSandbox() {
    return sandbox::enterSandbox();
}

StatusOf<std::string> Faaslet::reset() {
    // The calls this one chained are forgotten first: their results are nobody's now.
    chained_->end();
    // The call's input buffer serves a later payload.
    serverless::payloadBuffers().give(env_->wasi->takeStdin());
    // Locks the call still holds are released first, so other Faaslets wait no longer than needed;
    // the instance's restore then unmaps the state values it mapped.
    if (env_->state) env_->state->endCall();
    if (runtime::Status status = instance_->restore(*proto_->instance); !status) return status.error().toString();
    env_->call->viewInput({});
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
    // input, moved into the WASI stdin, is also what the serverless API reads: one buffer, no copy.
    wasi.setStdin(std::move(call.input));
    const std::string_view input = wasi.remainingStdin();
    env_->call->viewInput({reinterpret_cast<const uint8_t*>(input.data()), input.size()});
    // A chained call to one of the function's own exports or table slots runs that function.
    runtime::ExternFunction entry = entry_;
    bool entryReturnsCode = entryReturnsCode_;
    if (call.entryFunction) {
        entry = instance_->function(*call.entryFunction);
        entryReturnsCode = returnsCode(entry);
    }
    const auto started = Clock::now();
    result.timings.restore = started - taken;

    const auto& config = proto_->config;
    std::optional<Clock::time_point> deadline;
    if (config.timeout.count()) deadline = started + config.timeout;
    chained_->begin(call.chainDepth, deadline);
    const uint64_t ticket = deadline ? watchdog_.arm(*deadline, *instance_) : 0;
    if (env_->state && deadline) env_->state->beginCall(*deadline);
    runtime::CallResult outcome = runtime::invoke(entry, {});
    const bool timedOut = ticket && watchdog_.disarm(ticket);
    const auto finished = Clock::now();
    result.timings.run = finished - started;

    if (wasi.exitCode) {
        result.returnCode = int32_t(*wasi.exitCode);
    } else if (outcome) {
        result.returnCode = entryReturnsCode ? int32_t(outcome->at(0).i32) : 0;
    } else {
        result.returnCode = 1;
        const bool interrupted = outcome.error().code == abi::TrapCode::Interrupted;
        // An await stops its caller at the deadline itself, maybe just before the watchdog fires.
        const bool pastDeadline = deadline && finished >= *deadline;
        result.status = (timedOut || pastDeadline) && interrupted ? CallStatus::TimedOut : CallStatus::Trapped;
        result.error = result.status == CallStatus::TimedOut
                           ? "timed out after " + std::to_string(config.timeout.count()) + " ms"
                           : outcome.error().toString();
    }
    result.output = env_->call->takeOutput();
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
