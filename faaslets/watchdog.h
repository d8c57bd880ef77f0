#pragma once
// One thread that interrupts instances whose call has run past its deadline. A Faaslet arms it
// before a call and disarms it after; disarming says whether it fired, and happens before the
// Faaslet's reset, which withdraws any interrupt the firing left.

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <mutex>
#include <set>
#include <thread>

#include "runtime/instance.h"

namespace faaslet::faaslets {

class Watchdog {
public:
    using Clock = std::chrono::steady_clock;

    Watchdog();
    ~Watchdog();
    Watchdog(const Watchdog&) = delete;
    Watchdog& operator=(const Watchdog&) = delete;

    // A ticket for disarm().
    uint64_t arm(Clock::time_point deadline, runtime::Instance& instance);
    // True when the deadline passed and the instance was interrupted.
    bool disarm(uint64_t ticket);

private:
    void watch();

    std::mutex lock_;
    std::condition_variable changed_;
    std::multimap<Clock::time_point, uint64_t> deadlines_;
    std::map<uint64_t, runtime::Instance*> armed_;  // tickets still waiting
    std::set<uint64_t> fired_;                      // tickets whose deadline passed, until disarmed
    uint64_t nextTicket_ = 1;
    bool stopping_ = false;
    std::thread thread_;
};

}  // namespace faaslet::faaslets
