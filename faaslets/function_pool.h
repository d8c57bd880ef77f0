#pragma once
// The warm Faaslets of one function and its queue of calls. A call goes to an idle Faaslet; when
// none is idle a new one is started, up to the function's bound and the runtime's total (a
// FaasletBudget); past both, calls wait in a bounded queue, and a call that finds the queue full
// is answered "overloaded" at once. A Faaslet idle for longer than the idle time retires.
//
// A Faaslet blocked in an await of a chained call lends its slot (lend/reclaim): while it waits,
// neither the pool's bound nor the runtime's budget counts it, so the calls it waits for (on this
// pool or another) always find a Faaslet. Once it resumes, the pool may be over its bound until a
// call ends: a Faaslet takes a call only while fewer than the bound run one, and one more than the
// bound stays spare for a short while (kSpareTime), for the next await, before it retires.
//
// Replacing a function makes a new pool: calls already queued on the old one still run there,
// on the old code, and its Faaslets retire once it is drained.

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <list>
#include <memory>
#include <mutex>
#include <thread>

#include "faaslets/call_router.h"
#include "faaslets/cpu_weights.h"
#include "faaslets/pending_call.h"
#include "faaslets/proto_faaslet.h"
#include "faaslets/thread_starter.h"
#include "faaslets/watchdog.h"

namespace faaslet::faaslets {

class FunctionPool;

// Faaslets the whole runtime may have at once. A pool that finds none left is remembered, and
// the next Faaslet to retire anywhere lets it start one, so its queued calls never wait for a
// call that may not come.
class FaasletBudget {
public:
    explicit FaasletBudget(unsigned total) : free_(total) {}
    // A weak reference: a pool that drains in its destructor (an awaiting Faaslet lends its slot
    // there) has no shared one left.
    bool take(std::weak_ptr<FunctionPool> starved);
    // Call without holding any pool's lock.
    void give();
    // Takes one back for a Faaslet that lent its own and resumes: the budget may go below zero
    // until Faaslets retire, as a blocked Faaslet cannot wait for a slot.
    void borrow();

private:
    std::mutex lock_;
    long free_;
    std::deque<std::weak_ptr<FunctionPool>> starved_;
};

struct PoolLimits {
    unsigned maxFaaslets = 4;
    size_t maxQueued = 10'000;
    std::chrono::milliseconds idleTime{30'000};
    bool sandbox = true;
};

class FunctionPool : public std::enable_shared_from_this<FunctionPool> {
public:
    FunctionPool(std::shared_ptr<const ProtoFaaslet> proto, PoolLimits limits, Watchdog& watchdog,
                 FaasletBudget& budget, CpuWeights& cpuWeights, ThreadStarter& starter, CallRouter& router);
    // Runs what is queued, then retires every Faaslet.
    ~FunctionPool();
    FunctionPool(const FunctionPool&) = delete;
    FunctionPool& operator=(const FunctionPool&) = delete;

    // Queues the call, or answers it at once (overloaded) through its promise.
    void submit(PendingCall call);

    // Tries again to start a Faaslet for waiting calls (the budget has one free).
    void retry();

    // A Faaslet of this pool blocks in an await (lend), and resumes (reclaim). Any thread.
    void lend();
    void reclaim();

    const ProtoFaaslet& proto() const { return *proto_; }
    unsigned liveFaaslets() const;

private:
    struct Worker {
        std::thread thread;
        bool finished = false;
    };

    static constexpr std::chrono::milliseconds kSpareTime{200};

    // Starts a Faaslet when calls wait and none is idle, within the bounds. Lock held.
    void maybeStart();
    // On the starter's thread: the Faaslet's thread itself.
    void launch(std::list<Worker>::iterator self);
    void serve(std::list<Worker>::iterator self);
    // The next call for a Faaslet, or nothing once it should retire. Lock held by `guard`.
    std::optional<PendingCall> next(std::unique_lock<std::mutex>& guard);

    const std::shared_ptr<const ProtoFaaslet> proto_;
    const PoolLimits limits_;
    Watchdog& watchdog_;
    FaasletBudget& budget_;
    CpuWeights& cpuWeights_;
    ThreadStarter& starter_;
    CallRouter& router_;

    mutable std::mutex lock_;
    std::condition_variable work_;
    std::deque<PendingCall> queue_;
    std::list<Worker> workers_;
    unsigned live_ = 0;
    unsigned idle_ = 0;
    unsigned starting_ = 0;
    unsigned running_ = 0;    // Faaslets running a call, not counting those that lent their slot
    unsigned lent_ = 0;       // live Faaslets blocked in an await
    unsigned launching_ = 0;  // threads the starter has yet to make
    std::condition_variable launched_;
    bool stopping_ = false;
};

}  // namespace faaslet::faaslets
