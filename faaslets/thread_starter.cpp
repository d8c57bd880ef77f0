#include "faaslets/thread_starter.h"

namespace faaslet::faaslets {

ThreadStarter::ThreadStarter() : thread_([this] { loop(); }) {}

ThreadStarter::~ThreadStarter() {
    {
        std::lock_guard guard(lock_);
        stopping_ = true;
    }
    posted_.notify_all();
    thread_.join();
}

void ThreadStarter::post(std::function<void()> job) {
    {
        std::lock_guard guard(lock_);
        jobs_.push_back(std::move(job));
    }
    posted_.notify_one();
}

void ThreadStarter::loop() {
    std::unique_lock guard(lock_);
    for (;;) {
        posted_.wait(guard, [this] { return stopping_ || !jobs_.empty(); });
        if (jobs_.empty()) return;
        std::function<void()> job = std::move(jobs_.front());
        jobs_.pop_front();
        guard.unlock();
        job();
        guard.lock();
    }
}

}  // namespace faaslet::faaslets
