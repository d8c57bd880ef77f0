#include "faaslets/watchdog.h"

namespace faaslet::faaslets {

Watchdog::Watchdog() : thread_([this] { watch(); }) {}

Watchdog::~Watchdog() {
    {
        std::lock_guard guard(lock_);
        stopping_ = true;
    }
    changed_.notify_all();
    thread_.join();
}

uint64_t Watchdog::arm(Clock::time_point deadline, runtime::Instance& instance) {
    std::lock_guard guard(lock_);
    const uint64_t ticket = nextTicket_++;
    const bool earliest = deadlines_.empty() || deadline < deadlines_.begin()->first;
    deadlines_.emplace(deadline, ticket);
    armed_.emplace(ticket, &instance);
    if (earliest) changed_.notify_all();
    return ticket;
}

bool Watchdog::disarm(uint64_t ticket) {
    std::lock_guard guard(lock_);
    if (armed_.erase(ticket)) {
        // Its deadline entry is dropped when it comes up: cheaper than finding it now.
        return false;
    }
    return fired_.erase(ticket) > 0;
}

void Watchdog::watch() {
    std::unique_lock guard(lock_);
    while (!stopping_) {
        if (deadlines_.empty()) {
            changed_.wait(guard);
            continue;
        }
        const auto [deadline, ticket] = *deadlines_.begin();
        if (Clock::now() < deadline) {
            changed_.wait_until(guard, deadline);
            continue;
        }
        deadlines_.erase(deadlines_.begin());
        auto armed = armed_.find(ticket);
        if (armed == armed_.end()) continue;  // disarmed in time
        armed->second->interrupt();
        armed_.erase(armed);
        fired_.insert(ticket);
    }
}

}  // namespace faaslet::faaslets
