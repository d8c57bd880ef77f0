#include "state/redis_workers.h"

#include <pthread.h>
#include <signal.h>

namespace faaslet::state {

RedisWorkers::RedisWorkers(RedisAddress address, RedisHealth& health, size_t maxThreads)
    : address_(std::move(address)), health_(health), maxThreads_(maxThreads < 1 ? 1 : maxThreads) {
    std::lock_guard<std::mutex> lock(mutex_);
    startThreadLocked();
}

RedisWorkers::~RedisWorkers() {
    std::vector<std::thread> threads;
    {
        std::lock_guard<std::mutex> lock(mutex_);
        stopping_ = true;
        queued_.notify_all();
        // No thread starts once stopping_ is set, so the list is final; joined outside the
        // lock, which the threads need to end.
        threads.swap(threads_);
    }
    for (std::thread& thread : threads) thread.join();
}

void RedisWorkers::startThreadLocked() {
    ++idle_;
    threads_.emplace_back([this] { serve(); });
}

void RedisWorkers::run(const Job& job, bool mayBlock) {
    Request request(job, mayBlock);
    std::unique_lock<std::mutex> lock(mutex_);
    queue_.push_back(&request);
    queued_.notify_one();
    request.finished.wait(lock, [&] { return request.done; });
}

void RedisWorkers::serve() {
    // A write to a Redis that went away raises SIGPIPE on the writing thread, which would end the
    // process: blocked here (and in the workers this one starts), the write fails with EPIPE and
    // the call answers Unavailable. The pending signal stays with this thread, which never takes it.
    sigset_t pipe;
    sigemptyset(&pipe);
    sigaddset(&pipe, SIGPIPE);
    pthread_sigmask(SIG_BLOCK, &pipe, nullptr);
    RedisConnection connection(address_, health_);
    std::unique_lock<std::mutex> lock(mutex_);
    for (;;) {
        queued_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
        if (queue_.empty()) break;  // stopping, and nothing left to run
        Request* request = queue_.front();
        queue_.pop_front();
        --idle_;
        if (idle_ == 0 && (request->mayBlock || !queue_.empty()) && !stopping_ && threads_.size() < maxThreads_)
            startThreadLocked();
        lock.unlock();
        (*request->job)(connection);
        lock.lock();
        ++idle_;
        request->done = true;
        request->finished.notify_one();
    }
    --idle_;
}

}  // namespace faaslet::state
