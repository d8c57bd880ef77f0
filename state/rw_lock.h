#pragma once
// The local read/write lock of a state key, between the Faaslets of this host. Unlike
// std::shared_mutex it waits with a deadline (a guest that never unlocks must not hang every
// other Faaslet for good) and lets writers go first, so a stream of readers cannot starve them.

#include <chrono>
#include <condition_variable>
#include <mutex>

namespace faaslet::state {

class RwLock {
public:
    using Clock = std::chrono::steady_clock;
    // false when the deadline passed first.
    bool lockShared(Clock::time_point deadline);
    bool lock(Clock::time_point deadline);
    void unlockShared();
    void unlock();

private:
    std::mutex mutex_;
    std::condition_variable changed_;
    unsigned readers_ = 0;
    unsigned waitingWriters_ = 0;
    bool writer_ = false;
};

}  // namespace faaslet::state
