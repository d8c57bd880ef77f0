#pragma once
// The threads that talk to Redis for a tier, each with a connection of its own, so that callers
// never touch a socket: a Faaslet's thread in the sandbox may not create or connect one (socket
// and connect are refused there). A caller queues its request and waits on a condition variable
// (futex, which the sandbox allows) until a worker has run it.
//
// The pool starts with one thread, made by the constructor, so construct it where the sandbox
// does not apply (a tier is made at start-up). It grows from its own threads, never from a
// caller's: a worker that takes a request while none is idle, and either more are queued or its
// request may block for long (a lock wait in BLPOP), first starts another worker, so queued
// requests are not held up behind a waiting lock. It never grows past `maxThreads`; requests then
// wait for a worker to finish. The workers block SIGPIPE, so a Redis that went away is an error of
// the call, not the end of the process.

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

#include "state/redis_connection.h"

namespace faaslet::state {

class RedisWorkers {
public:
    using Job = std::function<void(RedisConnection&)>;

    RedisWorkers(RedisAddress address, RedisHealth& health, size_t maxThreads);
    // Waits for the requests being run (a lock wait ends at its deadline) and ends the threads.
    ~RedisWorkers();
    RedisWorkers(const RedisWorkers&) = delete;
    RedisWorkers& operator=(const RedisWorkers&) = delete;

    // Runs `job` on a worker's connection; returns once it has run. `mayBlock`: the job may wait
    // long in Redis, so another worker is kept free for the other requests.
    void run(const Job& job, bool mayBlock);

private:
    struct Request {
        Request(const Job& job, bool mayBlock) : job(&job), mayBlock(mayBlock) {}
        const Job* job;
        bool mayBlock;
        bool done = false;
        std::condition_variable finished;
    };

    void serve();
    void startThreadLocked();

    RedisAddress address_;
    RedisHealth& health_;
    const size_t maxThreads_;
    std::mutex mutex_;
    std::condition_variable queued_;
    std::deque<Request*> queue_;
    std::vector<std::thread> threads_;
    size_t idle_ = 0;
    bool stopping_ = false;
};

}  // namespace faaslet::state
