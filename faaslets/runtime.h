#pragma once
// The embedding API of faaslet: a runtime that holds functions and runs their calls on warm,
// sandboxed Faaslets restored from Proto-Faaslets.
//
//   faaslet::faaslets::Runtime runtime;
//   faaslet::faaslets::FunctionConfig config;
//   config.name = "demo/echo";
//   config.timeout = std::chrono::seconds(5);
//   if (auto added = runtime.addFunction(config, wasmBytes); !added) ... added.error() ...
//   CallResult r = runtime.invoke("demo/echo", "hello");           // r.returnCode, r.output, ...
//   std::future<CallResult> later = runtime.invokeAsync("demo/echo", "again");
//
// Thread-safe: any thread may add, remove and invoke at any time.

#include <chrono>
#include <cstdint>
#include <future>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "common/expected.h"
#include "faaslets/call_result.h"
#include "faaslets/function_config.h"
#include "loader/loader.h"
#include "runtime/loaded_module.h"
#include "state/global_tier.h"

namespace faaslet::faaslets {

struct RuntimeOptions {
    unsigned maxFaaslets = 256;            // in the whole runtime
    unsigned maxFaasletsPerFunction = 0;   // default for functions that set none; 0: one per core
    size_t maxQueuedCalls = 10'000;        // per function; a call past it is Overloaded
    std::chrono::milliseconds idleTime{30'000};  // an idle Faaslet retires after this
    bool sandbox = true;                   // Faaslet threads enter the sandbox (as `faaslet run`)
    unsigned maxChainDepth = 64;           // chained calls deeper than this fail (ELOOP)
    size_t maxChainedCallsPerCall = 16'384;  // calls one call may chain (EMFILE past it)
    loader::LoadOptions load;              // the cache and compiler options for addFunction's bytes
    // The global tier of state (state/open_tier.h opens one from a URI); null: in this process.
    std::shared_ptr<state::GlobalTier> stateTier;
};

class CallRouter;
class CpuWeights;
}  // namespace faaslet::faaslets
namespace faaslet::state {
class LocalTier;
}  // namespace faaslet::state
namespace faaslet::faaslets {
class FunctionPool;
class FaasletBudget;
class ThreadStarter;
class Watchdog;

class Runtime {
public:
    explicit Runtime(RuntimeOptions options = {});
    // Runs every queued call, then retires every Faaslet.
    ~Runtime();
    Runtime(const Runtime&) = delete;
    Runtime& operator=(const Runtime&) = delete;

    // Compiles (or finds in the cache) `wasm`, runs its initialisation into a Proto-Faaslet and
    // makes the function callable as `config.name`. Adding a name again replaces the function:
    // calls already queued finish on the old code, later ones get the new.
    StatusOf<std::string> addFunction(FunctionConfig config, std::vector<uint8_t> wasm);
    StatusOf<std::string> addFunction(FunctionConfig config, std::shared_ptr<const runtime::LoadedModule> loaded);
    bool removeFunction(const std::string& name);
    bool hasFunction(const std::string& name) const;

    CallResult invoke(const std::string& name, std::string input);
    std::future<CallResult> invokeAsync(const std::string& name, std::string input);

    // Faaslets alive now, over every function.
    unsigned liveFaaslets() const;
    // Why functions' CPU weights are not applied on this host, if they are not.
    const std::optional<std::string>& cpuWeightsUnsupported() const;
    // The cgroup a function's Faaslets are placed in, once one was.
    std::optional<std::string> cpuGroupOf(const std::string& name) const;
    // This host's state values (the local tier), shared by every function's Faaslets.
    state::LocalTier& localState() const { return *localState_; }

private:
    RuntimeOptions options_;
    std::unique_ptr<Watchdog> watchdog_;
    std::unique_ptr<FaasletBudget> budget_;
    std::unique_ptr<CpuWeights> cpuWeights_;
    std::unique_ptr<ThreadStarter> starter_;  // makes Faaslet threads: pools outlive no job of it
    std::unique_ptr<CallRouter> router_;      // what chained calls reach of this runtime
    std::shared_ptr<state::LocalTier> localState_;
    mutable std::mutex lock_;
    std::map<std::string, std::shared_ptr<FunctionPool>> functions_;
    std::vector<std::shared_ptr<FunctionPool>> replaced_;  // draining; dropped once they are idle
    std::atomic<uint64_t> nextCallId_{1};
};

}  // namespace faaslet::faaslets
