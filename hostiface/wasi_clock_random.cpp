// Clocks, randomness and scheduling.

#include <sched.h>
#include <sys/random.h>
#include <time.h>

#include <cerrno>

#include "hostiface/wasi_functions.h"

namespace faaslet::hostiface {

namespace {

// WASI clock ids: realtime, monotonic, process CPU time, thread CPU time.
bool hostClock(uint32_t id, clockid_t& out) {
    static constexpr clockid_t kClocks[] = {CLOCK_REALTIME, CLOCK_MONOTONIC, CLOCK_PROCESS_CPUTIME_ID,
                                            CLOCK_THREAD_CPUTIME_ID};
    if (id >= 4) return false;
    out = kClocks[id];
    return true;
}

uint64_t nanoseconds(const timespec& t) { return uint64_t(t.tv_sec) * 1'000'000'000u + uint64_t(t.tv_nsec); }

}  // namespace

WasiErrno clockResGet(WasiContext&, const GuestMemory& memory, WasiArgs args) {
    clockid_t clock;
    if (!hostClock(args[0].i32, clock)) return WasiErrno::Inval;
    timespec t;
    if (clock_getres(clock, &t) != 0) return wasiErrnoFromHost(errno);
    return memory.write<uint64_t>(args[1].i32, nanoseconds(t)) ? WasiErrno::Success : WasiErrno::Fault;
}

WasiErrno clockTimeGet(WasiContext&, const GuestMemory& memory, WasiArgs args) {
    clockid_t clock;
    if (!hostClock(args[0].i32, clock)) return WasiErrno::Inval;
    timespec t;
    if (clock_gettime(clock, &t) != 0) return wasiErrnoFromHost(errno);
    return memory.write<uint64_t>(args[2].i32, nanoseconds(t)) ? WasiErrno::Success : WasiErrno::Fault;
}

WasiErrno randomGet(WasiContext&, const GuestMemory& memory, WasiArgs args) {
    auto buffer = memory.range(args[0].i32, args[1].i32);
    if (!buffer) return WasiErrno::Fault;
    for (size_t done = 0; done < buffer->size();) {
        ssize_t n = getrandom(buffer->data() + done, buffer->size() - done, 0);
        if (n < 0) {
            if (errno == EINTR) continue;
            return wasiErrnoFromHost(errno);
        }
        done += size_t(n);
    }
    return WasiErrno::Success;
}

WasiErrno schedYield(WasiContext&, const GuestMemory&, WasiArgs) {
    sched_yield();
    return WasiErrno::Success;
}

}  // namespace faaslet::hostiface
