#include "faaslets/runtime.h"

#include <thread>

#include "faaslets/call_router.h"
#include "faaslets/cpu_weights.h"
#include "faaslets/function_pool.h"
#include "faaslets/proto_faaslet.h"
#include "faaslets/thread_starter.h"
#include "faaslets/watchdog.h"
#include "state/local_tier.h"
#include "state/open_tier.h"

namespace faaslet::faaslets {

namespace {

// Loading notes (a damaged cache entry, a cache that refused a store) are not the caller's
// errors; they are dropped here, as the result says whether the function was added.
class QuietListener final : public loader::Listener {
public:
    void note(const std::string&) override {}
};

}  // namespace

const char* toString(CallStatus status) {
    switch (status) {
        case CallStatus::Ok: return "ok";
        case CallStatus::Trapped: return "trapped";
        case CallStatus::TimedOut: return "timed out";
        case CallStatus::Overloaded: return "overloaded";
        case CallStatus::Refused: return "refused";
        case CallStatus::Failed: return "failed";
    }
    return "unknown";
}

Runtime::Runtime(RuntimeOptions options)
    : options_(std::move(options)),
      watchdog_(std::make_unique<Watchdog>()),
      budget_(std::make_unique<FaasletBudget>(options_.maxFaaslets)),
      cpuWeights_(std::make_unique<CpuWeights>()),
      starter_(std::make_unique<ThreadStarter>()) {
    // In process by default: opening it needs no file, so it cannot fail.
    if (!options_.stateTier) options_.stateTier = *state::openGlobalTier("memory");
    localState_ = std::make_shared<state::LocalTier>(options_.stateTier);
    if (!options_.maxFaasletsPerFunction)
        options_.maxFaasletsPerFunction = std::max(1u, std::thread::hardware_concurrency());
    auto find = [this](const std::string& name) {
        std::lock_guard guard(lock_);
        auto it = functions_.find(name);
        return it == functions_.end() ? std::shared_ptr<FunctionPool>() : it->second;
    };
    router_ = std::make_unique<CallRouter>(find, nextCallId_,
                                           ChainLimits{options_.maxChainDepth, options_.maxChainedCallsPerCall});
}

Runtime::~Runtime() {
    std::map<std::string, std::shared_ptr<FunctionPool>> functions;
    std::vector<std::shared_ptr<FunctionPool>> replaced;
    {
        std::lock_guard guard(lock_);
        functions.swap(functions_);
        replaced.swap(replaced_);
    }
    // Pools drain and join their Faaslets as they go.
}

StatusOf<std::string> Runtime::addFunction(FunctionConfig config, std::vector<uint8_t> wasm) {
    QuietListener listener;
    auto loaded = loader::loadBytes(std::move(wasm), config.name, options_.load, listener);
    if (!loaded) return loaded.error();
    return addFunction(std::move(config), loaded->loaded);
}

StatusOf<std::string> Runtime::addFunction(FunctionConfig config, std::shared_ptr<const runtime::LoadedModule> loaded) {
    const std::string name = config.name;
    auto proto = ProtoFaaslet::create(std::move(loaded), std::move(config), *watchdog_, options_.sandbox, localState_);
    if (!proto) return proto.error();
    PoolLimits limits;
    limits.maxFaaslets = (*proto)->config.maxFaaslets ? (*proto)->config.maxFaaslets : options_.maxFaasletsPerFunction;
    limits.maxQueued = options_.maxQueuedCalls;
    limits.idleTime = options_.idleTime;
    limits.sandbox = options_.sandbox;
    auto pool = std::make_shared<FunctionPool>(std::move(*proto), limits, *watchdog_, *budget_, *cpuWeights_,
                                               *starter_, *router_);
    std::shared_ptr<FunctionPool> previous;
    {
        std::lock_guard guard(lock_);
        std::erase_if(replaced_, [](const auto& old) { return old->liveFaaslets() == 0; });
        auto& slot = functions_[name];
        previous = std::exchange(slot, std::move(pool));
        if (previous) replaced_.push_back(previous);
    }
    return {};
}

bool Runtime::removeFunction(const std::string& name) {
    std::shared_ptr<FunctionPool> removed;
    {
        std::lock_guard guard(lock_);
        auto it = functions_.find(name);
        if (it == functions_.end()) return false;
        removed = std::move(it->second);
        functions_.erase(it);
    }
    return true;  // the pool drains its queue and retires its Faaslets as it is destroyed here
}

bool Runtime::hasFunction(const std::string& name) const {
    std::lock_guard guard(lock_);
    return functions_.count(name) > 0;
}

std::future<CallResult> Runtime::invokeAsync(const std::string& name, std::string input) {
    PendingCall call;
    call.id = nextCallId_++;
    call.input = std::move(input);
    std::future<CallResult> future = call.result.get_future();
    std::shared_ptr<FunctionPool> pool;
    {
        std::lock_guard guard(lock_);
        auto it = functions_.find(name);
        if (it != functions_.end()) pool = it->second;
    }
    if (!pool) {
        CallResult refused;
        refused.id = call.id;
        refused.status = CallStatus::Refused;
        refused.returnCode = 1;
        refused.error = "no function named \"" + name + "\"";
        call.result.set_value(std::move(refused));
        return future;
    }
    pool->submit(std::move(call));
    return future;
}

CallResult Runtime::invoke(const std::string& name, std::string input) {
    return invokeAsync(name, std::move(input)).get();
}

const std::optional<std::string>& Runtime::cpuWeightsUnsupported() const {
    return cpuWeights_->unsupportedReason();
}

std::optional<std::string> Runtime::cpuGroupOf(const std::string& name) const {
    return cpuWeights_->groupOf(name);
}

unsigned Runtime::liveFaaslets() const {
    std::lock_guard guard(lock_);
    unsigned live = 0;
    for (const auto& [name, pool] : functions_) live += pool->liveFaaslets();
    for (const auto& pool : replaced_) live += pool->liveFaaslets();
    return live;
}

}  // namespace faaslet::faaslets
