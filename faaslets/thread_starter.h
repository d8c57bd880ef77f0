#pragma once
// The one thread that starts Faaslet threads. A Faaslet's thread is sandboxed and may not create
// threads, yet it is the one that finds a new Faaslet is needed when it chains a call or lends its
// slot while it awaits one; so every pool asks this thread, which is never sandboxed, to do it.

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>

namespace faaslet::faaslets {

class ThreadStarter {
public:
    ThreadStarter();
    // Runs the jobs posted before, then ends.
    ~ThreadStarter();
    ThreadStarter(const ThreadStarter&) = delete;
    ThreadStarter& operator=(const ThreadStarter&) = delete;

    // `job` runs on the starter's thread, after the jobs posted before it.
    void post(std::function<void()> job);

private:
    void loop();

    std::mutex lock_;
    std::condition_variable posted_;
    std::deque<std::function<void()>> jobs_;
    bool stopping_ = false;
    std::thread thread_;
};

}  // namespace faaslet::faaslets
