// Clocks and randomness.

#include <sys/random.h>
#include <time.h>

#include <cerrno>

#include "wasi/clock.h"
#include "wasi/functions.h"

namespace faaslet::wasi {

namespace {

WasiErrno readClock(const GuestMemory& memory, uint32_t clockId, uint32_t resultOut,
                    int (*query)(clockid_t, timespec*)) {
    clockid_t clock;
    if (!hostClock(clockId, clock)) return WasiErrno::Inval;
    if (!memory.contains(resultOut, 8)) return WasiErrno::Fault;
    timespec t;
    if (query(clock, &t) != 0) return wasiErrnoFromHost(errno);
    memory.write<uint64_t>(resultOut, timestampOf(t));
    return WasiErrno::Success;
}

}  // namespace

WasiErrno clockResGet(WasiContext&, const GuestMemory& memory, uint32_t clockId, uint32_t resolutionOut) {
    return readClock(memory, clockId, resolutionOut, ::clock_getres);
}

// The precision is a hint the host may ignore; Linux's clocks are as precise as they get.
WasiErrno clockTimeGet(WasiContext&, const GuestMemory& memory, uint32_t clockId, uint64_t,
                       uint32_t timeOut) {
    return readClock(memory, clockId, timeOut, ::clock_gettime);
}

WasiErrno randomGet(WasiContext&, const GuestMemory& memory, uint32_t buf, uint32_t bufLen) {
    auto buffer = memory.range(buf, bufLen);
    if (!buffer) return WasiErrno::Fault;
    // getrandom returns at most 32 MiB per call and may be interrupted: loop until it is all there.
    for (size_t done = 0; done < buffer->size();) {
        ssize_t n = ::getrandom(buffer->data() + done, buffer->size() - done, 0);
        if (n < 0) {
            if (errno == EINTR) continue;
            return wasiErrnoFromHost(errno);
        }
        done += size_t(n);
    }
    return WasiErrno::Success;
}

}  // namespace faaslet::wasi
