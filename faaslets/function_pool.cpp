#include "faaslets/function_pool.h"

#include "faaslets/faaslet.h"

#include <unistd.h>

#include <system_error>

namespace faaslet::faaslets {

namespace {

CallResult unserved(uint64_t id, CallStatus status, std::string error) {
    CallResult result;
    result.id = id;
    result.status = status;
    result.returnCode = 1;
    result.error = std::move(error);
    return result;
}

}  // namespace

bool FaasletBudget::take(std::weak_ptr<FunctionPool> starved) {
    std::lock_guard guard(lock_);
    if (free_ > 0) {
        --free_;
        return true;
    }
    starved_.push_back(std::move(starved));
    return false;
}

void FaasletBudget::borrow() {
    std::lock_guard guard(lock_);
    --free_;
}

void FaasletBudget::give() {
    std::shared_ptr<FunctionPool> waiting;
    {
        std::lock_guard guard(lock_);
        ++free_;
        while (!waiting && !starved_.empty()) {
            waiting = starved_.front().lock();
            starved_.pop_front();
        }
    }
    if (waiting) waiting->retry();
}

FunctionPool::FunctionPool(std::shared_ptr<const ProtoFaaslet> proto, PoolLimits limits, Watchdog& watchdog,
                           FaasletBudget& budget, CpuWeights& cpuWeights, ThreadStarter& starter, CallRouter& router)
    : proto_(std::move(proto)),
      limits_(limits),
      watchdog_(watchdog),
      budget_(budget),
      cpuWeights_(cpuWeights),
      starter_(starter),
      router_(router) {}

FunctionPool::~FunctionPool() {
    std::unique_lock guard(lock_);
    stopping_ = true;
    work_.notify_all();
    // Queued calls are still served; without a Faaslet to serve them they are refused.
    if (live_ == 0 && starting_ == 0) {
        for (PendingCall& call : queue_)
            call.result.set_value(unserved(call.id, CallStatus::Refused, "the function was removed"));
        queue_.clear();
    }
    // A Faaslet blocked in an await may start a successor for a queued call while the pool
    // drains, so threads are joined until none is left, each once the starter has made it.
    for (;;) {
        launched_.wait(guard, [this] { return launching_ == 0; });
        if (workers_.empty()) break;
        std::list<Worker> workers;
        workers.swap(workers_);
        guard.unlock();
        // The last owner may be one of this pool's own Faaslets on its way out (through the
        // budget): that thread is past its last use of the pool and is left to end by itself.
        for (Worker& worker : workers) {
            if (!worker.thread.joinable()) continue;  // the starter could not make it
            if (worker.thread.get_id() == std::this_thread::get_id())
                worker.thread.detach();
            else
                worker.thread.join();
        }
        guard.lock();
    }
}

unsigned FunctionPool::liveFaaslets() const {
    std::lock_guard guard(lock_);
    return live_;
}

void FunctionPool::submit(PendingCall call) {
    std::lock_guard guard(lock_);
    if (stopping_) {
        call.result.set_value(unserved(call.id, CallStatus::Refused, "the function is being removed"));
        return;
    }
    if (queue_.size() >= limits_.maxQueued) {
        call.result.set_value(unserved(call.id, CallStatus::Overloaded,
                                       proto_->config.name + " is overloaded: " + std::to_string(queue_.size()) +
                                           " calls are waiting already"));
        return;
    }
    queue_.push_back(std::move(call));
    if (idle_ > 0) {
        work_.notify_one();
        return;
    }
    maybeStart();
}

void FunctionPool::retry() {
    std::lock_guard guard(lock_);
    if (!stopping_ && !queue_.empty() && idle_ == 0) maybeStart();
}

void FunctionPool::lend() {
    budget_.give();
    std::lock_guard guard(lock_);
    ++lent_;
    --running_;
    // Even while the pool drains: the call awaited may be one of those still queued here. A
    // Faaslet kept spare (below) takes it if there is one; else a new one starts.
    if (queue_.empty()) return;
    if (idle_ > 0)
        work_.notify_one();
    else
        maybeStart();
}

void FunctionPool::reclaim() {
    budget_.borrow();
    std::lock_guard guard(lock_);
    --lent_;
    ++running_;  // the bound may be passed until a call ends: the resumed one cannot wait
}

void FunctionPool::maybeStart() {
    // Threads that retired are joined here, so the list stays as long as the live Faaslets.
    for (auto it = workers_.begin(); it != workers_.end();) {
        if (it->finished) {
            if (it->thread.joinable()) it->thread.join();
            it = workers_.erase(it);
        } else {
            ++it;
        }
    }
    if (queue_.size() <= starting_ || live_ - lent_ + starting_ >= limits_.maxFaaslets ||
        !budget_.take(weak_from_this()))
        return;
    ++starting_;
    ++launching_;
    auto self = workers_.emplace(workers_.end());
    starter_.post([this, self] { launch(self); });
}

void FunctionPool::launch(std::list<Worker>::iterator self) {
    // The pool outlives this job: its destructor waits until launching_ is 0.
    FaasletBudget& budget = budget_;
    bool failed = false;
    {
        std::lock_guard guard(lock_);
        try {
            self->thread = std::thread([this, self] { serve(self); });
        } catch (const std::system_error& error) {
            failed = true;
            --starting_;
            self->finished = true;
            if (live_ == 0 && starting_ == 0) {
                for (PendingCall& call : queue_)
                    call.result.set_value(unserved(call.id, CallStatus::Failed,
                                                   std::string("cannot start a Faaslet's thread: ") + error.what()));
                queue_.clear();
            }
        }
        --launching_;
        launched_.notify_all();
    }
    if (failed) budget.give();
}

std::optional<PendingCall> FunctionPool::next(std::unique_lock<std::mutex>& guard) {
    const auto mayTake = [this] { return !queue_.empty() && running_ < limits_.maxFaaslets; };
    for (;;) {
        if (mayTake()) {
            PendingCall call = std::move(queue_.front());
            queue_.pop_front();
            ++running_;
            return call;
        }
        if (stopping_ && queue_.empty()) return std::nullopt;
        // A Faaslet over the bound (the slots lent by awaiting Faaslets were reclaimed) is kept
        // spare for a short while, for the next await to lend its slot to without starting a
        // thread; then it retires. Within the bound it waits for the idle time.
        const bool spare = live_ - lent_ > limits_.maxFaaslets;
        const auto wait = spare ? std::min(limits_.idleTime, kSpareTime) : limits_.idleTime;
        ++idle_;
        const bool woken =
            work_.wait_for(guard, wait, [&] { return mayTake() || (stopping_ && queue_.empty()); });
        --idle_;
        if (!woken) return std::nullopt;
    }
}

void FunctionPool::serve(std::list<Worker>::iterator self) {
    auto faaslet = Faaslet::create(proto_, watchdog_, *this, router_);
    StatusOf<std::string> confined;
    // Into the function's CPU cgroup while the thread may still write there; then the sandbox.
    if (faaslet) {
        if (auto refused = cpuWeights_.place(::gettid(), proto_->config.name, proto_->config.cpuWeight))
            confined = "cannot apply the CPU weight: " + *refused;
    }
    if (faaslet && confined && limits_.sandbox) confined = (*faaslet)->enterSandbox();

    std::unique_lock guard(lock_);
    --starting_;
    if (!faaslet || !confined) {
        // Nothing can run here: the calls this Faaslet was started for fail rather than wait for
        // a Faaslet that cannot be made.
        const std::string why = !faaslet ? faaslet.error() : confined.error();
        if (live_ == 0 && starting_ == 0) {
            for (PendingCall& call : queue_)
                call.result.set_value(unserved(call.id, CallStatus::Failed, "cannot start a Faaslet: " + why));
            queue_.clear();
        }
        guard.unlock();
        budget_.give();
        guard.lock();
        self->finished = true;
        return;
    }
    ++live_;
    while (auto call = next(guard)) {
        guard.unlock();
        CallResult result = (*faaslet)->run(*call);
        call->result.set_value(std::move(result));
        guard.lock();
        --running_;
        if ((*faaslet)->broken()) break;
    }
    --live_;
    guard.unlock();
    budget_.give();
    guard.lock();
    // Calls that came while this Faaslet was leaving get a successor. Marked finished last: the
    // successor's start joins finished threads, and this one is still running.
    if (!stopping_ && !queue_.empty() && idle_ == 0) maybeStart();
    self->finished = true;
}

}  // namespace faaslet::faaslets
