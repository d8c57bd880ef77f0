#pragma once
// A Faaslet's chained calls: the serverless Chainer (serverless/chaining.h) over the runtime's
// pools. A call chains through the same pools and queues as calls from outside; the calls one
// call chained are remembered until it ends (end(): their results, awaited or not, are dropped
// then, so nothing outlives the caller's call but callees still running, which drop their own
// results when they finish). While an await blocks, the Faaslet lends its slot to its pool.
//
// Used by its Faaslet's thread only.

#include <chrono>
#include <future>
#include <optional>
#include <string>
#include <unordered_map>

#include "faaslets/call_result.h"
#include "faaslets/call_router.h"
#include "faaslets/function_config.h"
#include "runtime/instance.h"
#include "serverless/chaining.h"

namespace faaslet::faaslets {

class FunctionPool;

class ChainedCalls final : public serverless::Chainer {
public:
    using Clock = std::chrono::steady_clock;

    // `pool` is the Faaslet's own (chains to the caller's own exports go there, on this version
    // of the function); `config` names the caller's user for names without one.
    ChainedCalls(CallRouter& router, FunctionPool& pool, const FunctionConfig& config)
        : router_(router), pool_(pool), config_(config) {}

    // The instance whose exports and table chains to the caller's own function refer to.
    void attach(const runtime::Instance& instance) { instance_ = &instance; }
    // A call starts at `depth`; an await past `deadline` (the call's timeout) stops the caller.
    void begin(unsigned depth, std::optional<Clock::time_point> deadline);
    // The call ended: every call it chained is forgotten.
    void end();

    int32_t chain(serverless::ChainRequest request) override;
    BatchOutcome chainBatch(std::vector<serverless::ChainRequest> requests) override;
    serverless::AwaitOutcome await(int32_t id, std::optional<std::chrono::milliseconds> timeout) override;
    Finished output(int32_t id) const override;
    Finished error(int32_t id) const override;
    int32_t release(int32_t id) override;

private:
    // Where a request goes: a pool and the entry there, or a ChainCode.
    struct Route {
        std::shared_ptr<FunctionPool> pool;  // null for the caller's own pool
        std::optional<uint32_t> entryFunction;
        int32_t code = 0;
    };
    Route route(const serverless::ChainTarget& target) const;
    Route ownEntry(uint32_t funcIndex) const;
    int32_t submit(const Route& route, std::string input);

    struct Remembered {
        std::future<CallResult> future;
        std::optional<CallResult> result;  // once awaited
    };
    const Remembered* awaited(int32_t id, int32_t& code) const;

    CallRouter& router_;
    FunctionPool& pool_;
    const FunctionConfig& config_;
    const runtime::Instance* instance_ = nullptr;
    unsigned depth_ = 0;
    std::optional<Clock::time_point> deadline_;
    std::unordered_map<int32_t, Remembered> calls_;
};

}  // namespace faaslet::faaslets
