#pragma once
// What one instance of a function lives in: its WASI context (captured stdio, the function's
// arguments and environment), its serverless call context (input and output), the allocator that holds its memory to the function's limit, a
// store whose host functions act on that context, and the module's imports resolved in it; with a
// local state tier, the state API's context (state/state_call.h) too.
// Made on the thread that will run the guest, before that thread enters the sandbox (host
// functions need executable closures).

#include <memory>
#include <string>
#include <vector>

#include "common/expected.h"
#include "faaslets/function_config.h"
#include "runtime/extern_value.h"
#include "runtime/instance_allocator.h"
#include "runtime/loaded_module.h"
#include "runtime/store.h"
#include "serverless/call_context.h"
#include "state/local_tier.h"
#include "state/state_call.h"
#include "wasi/context.h"

namespace faaslet::faaslets {

struct GuestEnvironment {
    std::unique_ptr<runtime::OnDemandAllocator> allocator;
    std::unique_ptr<wasi::WasiContext> wasi;
    std::unique_ptr<serverless::CallContext> call;  // the serverless API's input and output
    std::unique_ptr<state::StateCall> state;        // the state API's, when there is a tier
    std::unique_ptr<runtime::Store> store;
    std::vector<runtime::ExternValue> imports;

    // With `openPreopens`, the function's preopened directories are opened into the context (a
    // Proto-Faaslet); without, the caller restores the context from a checkpoint instead. A
    // Proto-Faaslet's initialisation may not map state values (its memory becomes an image).
    static Expected<std::unique_ptr<GuestEnvironment>, std::string> create(const runtime::LoadedModule& loaded,
                                                                          const FunctionConfig& config,
                                                                          bool openPreopens,
                                                                          state::LocalTier* stateTier = nullptr);
};

}  // namespace faaslet::faaslets
