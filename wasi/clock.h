#pragma once
// WASI clock ids as host clocks, and timestamps in nanoseconds.

#include <time.h>

#include <cstdint>

#include "wasi/host_file.h"
#include "wasi/preview1_types.h"

namespace faaslet::wasi {

inline bool hostClock(uint32_t id, clockid_t& out) {
    switch (id) {
        case preview1::kClockRealtime: out = CLOCK_REALTIME; return true;
        case preview1::kClockMonotonic: out = CLOCK_MONOTONIC; return true;
        case preview1::kClockProcessCputime: out = CLOCK_PROCESS_CPUTIME_ID; return true;
        case preview1::kClockThreadCputime: out = CLOCK_THREAD_CPUTIME_ID; return true;
        default: return false;
    }
}

// The current time of `clock` in nanoseconds (0 if the host cannot read it).
inline uint64_t nowOf(clockid_t clock) {
    timespec t{};
    ::clock_gettime(clock, &t);
    return timestampOf(t);
}

}  // namespace faaslet::wasi
