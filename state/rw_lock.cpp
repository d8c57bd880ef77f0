#include "state/rw_lock.h"

namespace faaslet::state {

bool RwLock::lockShared(Clock::time_point deadline) {
    std::unique_lock guard(mutex_);
    if (!changed_.wait_until(guard, deadline, [&] { return !writer_ && waitingWriters_ == 0; })) return false;
    ++readers_;
    return true;
}

bool RwLock::lock(Clock::time_point deadline) {
    std::unique_lock guard(mutex_);
    ++waitingWriters_;
    const bool granted = changed_.wait_until(guard, deadline, [&] { return !writer_ && readers_ == 0; });
    --waitingWriters_;
    if (granted) writer_ = true;
    // Readers held back by this writer may go now that it has given up.
    if (!granted) changed_.notify_all();
    return granted;
}

void RwLock::unlockShared() {
    std::lock_guard guard(mutex_);
    if (readers_ > 0 && --readers_ == 0) changed_.notify_all();
}

void RwLock::unlock() {
    std::lock_guard guard(mutex_);
    writer_ = false;
    changed_.notify_all();
}

}  // namespace faaslet::state
