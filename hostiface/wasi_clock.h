#pragma once
// WASI clock ids as host clocks, and timestamps in nanoseconds.

#include <time.h>

#include <cstdint>

#include "hostiface/host_file.h"
#include "hostiface/wasi_types.h"

namespace faaslet::hostiface {

inline bool hostClock(uint32_t id, clockid_t& out) {
    switch (id) {
        case wasi::kClockRealtime: out = CLOCK_REALTIME; return true;
        case wasi::kClockMonotonic: out = CLOCK_MONOTONIC; return true;
        case wasi::kClockProcessCputime: out = CLOCK_PROCESS_CPUTIME_ID; return true;
        case wasi::kClockThreadCputime: out = CLOCK_THREAD_CPUTIME_ID; return true;
        default: return false;
    }
}

// The current time of `clock` in nanoseconds (0 if the host cannot read it).
inline uint64_t nowOf(clockid_t clock) {
    timespec t{};
    ::clock_gettime(clock, &t);
    return timestampOf(t);
}

}  // namespace faaslet::hostiface
