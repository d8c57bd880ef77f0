#pragma once
// A Faaslet: one thread running one function's calls, one at a time, each on the Proto-Faaslet's
// state. The thread makes its instance from the snapshot (a copy-on-write mapping, no
// initialisation), enters the sandbox, then serves calls from its pool until it is retired:
// input in, entry export run under the function's timeout, result out, and a reset (memory pages
// dropped back to the image, grown memory returned, globals, tables and descriptors restored)
// before the result is delivered, so no call ever sees what another wrote.

#include <memory>
#include <string>

#include "common/expected.h"
#include "faaslets/call_router.h"
#include "faaslets/chained_calls.h"
#include "faaslets/guest_environment.h"
#include "faaslets/pending_call.h"
#include "faaslets/proto_faaslet.h"
#include "faaslets/watchdog.h"
#include "runtime/instance.h"

namespace faaslet::faaslets {

class Faaslet {
public:
    // Set-up on the calling thread (which then runs the calls): the error says what failed. Its
    // calls chain through `router`, and lend their slot in `pool` while they await.
    static Expected<std::unique_ptr<Faaslet>, std::string> create(std::shared_ptr<const ProtoFaaslet> proto,
                                                                  Watchdog& watchdog, FunctionPool& pool,
                                                                  CallRouter& router);
    // Confines the calling thread for good.
    StatusOf<std::string> enterSandbox();
    // Runs one call and resets; the result is complete (the timings included).
    CallResult run(PendingCall& call);
    // A reset failed: the Faaslet may hold a call's data and must not serve another.
    bool broken() const { return broken_; }

private:
    Faaslet(std::shared_ptr<const ProtoFaaslet> proto, Watchdog& watchdog) : proto_(std::move(proto)), watchdog_(watchdog) {}
    // Back to the Proto-Faaslet's state: instance, serverless call context, descriptors.
    StatusOf<std::string> reset();

    std::shared_ptr<const ProtoFaaslet> proto_;
    Watchdog& watchdog_;
    std::unique_ptr<ChainedCalls> chained_;
    std::unique_ptr<GuestEnvironment> env_;
    wasi::WasiCheckpoint checkpoint_;
    runtime::Instance* instance_ = nullptr;
    runtime::ExternFunction entry_{};
    bool entryReturnsCode_ = false;
    bool broken_ = false;
};

}  // namespace faaslet::faaslets
