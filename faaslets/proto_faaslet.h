#pragma once
// A Proto-Faaslet: a function's instance captured after its initialisation (instantiation with
// the start function, a reactor's _initialize, the function's init export), which every Faaslet
// of the function starts from and returns to after each call. The initialisation runs once, on a
// sandboxed thread of its own, within the function's timeout.
//
// What it holds: the instance snapshot (memory image, globals, tables, dropped segments) and the
// WASI descriptor table. Descriptors the initialisation opened are duplicated into every Faaslet
// (so they share file offsets); stdout and stderr written during it are dropped.

#include <chrono>
#include <memory>
#include <string>

#include "common/expected.h"
#include "faaslets/function_config.h"
#include "faaslets/watchdog.h"
#include "runtime/loaded_module.h"
#include "runtime/snapshot.h"
#include "state/local_tier.h"
#include "wasi/context.h"

namespace faaslet::faaslets {

struct ProtoFaaslet {
    std::shared_ptr<const runtime::LoadedModule> loaded;
    FunctionConfig config;
    std::shared_ptr<const runtime::InstanceSnapshot> instance;
    wasi::WasiCheckpoint wasi;
    std::chrono::nanoseconds initTime{0};
    std::shared_ptr<state::LocalTier> state;  // the host's state values, shared by every Faaslet

    // The error says what failed: an import, a trap in the initialisation (with its message), a
    // timeout, a memory above the limit, state that cannot be captured.
    static Expected<std::shared_ptr<const ProtoFaaslet>, std::string> create(
        std::shared_ptr<const runtime::LoadedModule> loaded, FunctionConfig config, Watchdog& watchdog, bool sandbox,
        std::shared_ptr<state::LocalTier> state = nullptr);
};

}  // namespace faaslet::faaslets
