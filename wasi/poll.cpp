// poll_oneoff: wait for clocks and descriptors. Subscriptions (48 bytes) are read once into host
// memory before anything waits, events (32 bytes) are written after, so in and out may overlap.
//
// Clock subscriptions on the realtime and monotonic clocks, relative or absolute, and fd_read /
// fd_write subscriptions on host descriptors (through ppoll) and captured stdio (always ready). A
// subscription that cannot be served becomes an event carrying its error, as the spec wants; the
// call itself fails only for a malformed request.

#include <poll.h>
#include <sys/ioctl.h>
#include <time.h>

#include <algorithm>
#include <cerrno>
#include <vector>

#include "wasi/host_file.h"
#include "wasi/interruptible_wait.h"
#include "wasi/clock.h"
#include "wasi/functions.h"

namespace faaslet::wasi {

namespace {

// More subscriptions than this is EINVAL (as poll(2) past RLIMIT_NOFILE): the host keeps state for
// each one.
constexpr uint32_t kMaxSubscriptions = 1u << 16;

struct Subscription {
    uint64_t userdata = 0;
    uint8_t type = 0;
    // clock
    clockid_t clock = CLOCK_MONOTONIC;
    uint64_t deadline = 0;
    // fd_read / fd_write on a host descriptor: its entry in the pollfd array
    int pollIndex = -1;
    // ready without waiting (captured stdio, or an error to report)
    bool immediate = false;
    WasiErrno error = WasiErrno::Success;
    uint64_t nbytes = 0;
};

uint64_t saturatingAdd(uint64_t a, uint64_t b) {
    return a > UINT64_MAX - b ? UINT64_MAX : a + b;
}

// Reads one subscription; false for a malformed one (unknown type).
bool parse(WasiContext& wasi, const GuestMemory& memory, uint64_t at, Subscription& s,
           std::vector<pollfd>& fds) {
    namespace sub = preview1::subscription;
    s.userdata = *memory.read<uint64_t>(at + sub::Userdata);
    s.type = *memory.read<uint8_t>(at + sub::Tag);
    if (s.type == preview1::kEventClock) {
        const uint32_t id = *memory.read<uint32_t>(at + sub::ClockId);
        const uint64_t timeout = *memory.read<uint64_t>(at + sub::ClockTimeout);
        const uint16_t flags = *memory.read<uint16_t>(at + sub::ClockFlags);
        // Waiting is on real or monotonic time; CPU-time clocks cannot be waited for here.
        if ((id != preview1::kClockRealtime && id != preview1::kClockMonotonic) ||
            (flags & ~preview1::kSubclockAbstime)) {
            s.immediate = true;
            s.error = WasiErrno::Inval;
            return true;
        }
        hostClock(id, s.clock);
        s.deadline = (flags & preview1::kSubclockAbstime) ? timeout : saturatingAdd(nowOf(s.clock), timeout);
        return true;
    }
    if (s.type != preview1::kEventFdRead && s.type != preview1::kEventFdWrite) return false;
    const bool read = s.type == preview1::kEventFdRead;
    const uint32_t fd = *memory.read<uint32_t>(at + sub::FdReadwriteFd);
    Descriptor* d = nullptr;
    WasiErrno e = wasi.lookup(
        fd, preview1::right::PollFdReadwrite | (read ? preview1::right::FdRead : preview1::right::FdWrite), d);
    if (e != WasiErrno::Success) {
        s.immediate = true;
        s.error = e;
        return true;
    }
    switch (d->stream) {
        case Stream::Host:
            s.pollIndex = int(fds.size());
            fds.push_back({d->hostFd, short(read ? POLLIN : POLLOUT), 0});
            break;
        case Stream::CapturedStdin:
            s.immediate = true;
            s.nbytes = wasi.remainingStdin().size();
            break;
        case Stream::CapturedStdout:
        case Stream::CapturedStderr: {
            s.immediate = true;
            const size_t used = wasi.captureBuffer(d->stream).size(), limit = wasi.config().captureLimit;
            s.nbytes = used < limit ? limit - used : 0;
            break;
        }
    }
    return true;
}

}  // namespace

WasiErrno pollOneoff(WasiContext& wasi, const GuestMemory& memory, uint32_t in, uint32_t out,
                     uint32_t nsubscriptions, uint32_t neventsOut) {
    namespace ev = preview1::event;
    if (!memory.contains(in, uint64_t(preview1::subscription::Size) * nsubscriptions) ||
        !memory.contains(out, uint64_t(ev::Size) * nsubscriptions) || !memory.contains(neventsOut, 4))
        return WasiErrno::Fault;
    // Waiting for nothing would block forever.
    if (nsubscriptions == 0 || nsubscriptions > kMaxSubscriptions) return WasiErrno::Inval;

    std::vector<Subscription> subs(nsubscriptions);
    std::vector<pollfd> fds;
    bool anyImmediate = false, anyClock = false;
    for (uint32_t i = 0; i < nsubscriptions; ++i) {
        if (!parse(wasi, memory, uint64_t(in) + uint64_t(preview1::subscription::Size) * i, subs[i], fds))
            return WasiErrno::Inval;
        anyImmediate |= subs[i].immediate;
        anyClock |= subs[i].type == preview1::kEventClock && !subs[i].immediate;
    }

    auto clockFired = [](const Subscription& s) {
        return s.type == preview1::kEventClock && !s.immediate && nowOf(s.clock) >= s.deadline;
    };
    for (;;) {
        if (wasi.interruptRequested()) return WasiErrno::Intr;
        // Wait until the nearest deadline; not at all when something is ready already.
        uint64_t wait = anyImmediate ? 0 : UINT64_MAX;
        if (!anyImmediate && anyClock) {
            for (const auto& s : subs) {
                if (s.type != preview1::kEventClock || s.immediate) continue;
                const uint64_t now = nowOf(s.clock);
                wait = std::min(wait, s.deadline > now ? s.deadline - now : 0);
            }
        }
        // An interruptible call waits in slices, so that an interrupt ends even a long sleep.
        if (wasi.interruptible()) wait = std::min(wait, kInterruptSliceNs);
        const timespec timeout = timespecOf(wait);
        for (auto& p : fds) p.revents = 0;
        const int n = ::ppoll(fds.data(), fds.size(), wait == UINT64_MAX ? nullptr : &timeout, nullptr);
        if (n < 0) {
            if (errno == EINTR) continue;
            return wasiErrnoFromHost(errno);
        }
        if (n > 0 || anyImmediate) break;
        // A timeout: done once a clock has fired (ppoll's monotonic wait may end a hair before a
        // realtime deadline, or a slice before the deadline; then wait the rest).
        if (std::any_of(subs.begin(), subs.end(), clockFired)) break;
    }

    uint32_t count = 0;
    for (const auto& s : subs) {
        WasiErrno error = s.error;
        uint64_t nbytes = s.nbytes;
        uint16_t flags = 0;
        if (s.immediate) {
            // ready, or an error to report
        } else if (s.type == preview1::kEventClock) {
            if (!clockFired(s)) continue;
        } else {
            const pollfd& p = fds[size_t(s.pollIndex)];
            if (p.revents == 0) continue;
            if (p.revents & POLLNVAL) {
                error = WasiErrno::BadF;
            } else if ((p.revents & POLLERR) && !(p.revents & (POLLIN | POLLOUT))) {
                error = WasiErrno::Io;
            } else {
                if (p.revents & POLLHUP) flags |= preview1::kEventFdReadwriteHangup;
                int available = 0;
                if ((p.revents & POLLIN) && ::ioctl(p.fd, FIONREAD, &available) == 0 && available > 0)
                    nbytes = uint64_t(available);
            }
        }
        const uint64_t at = uint64_t(out) + uint64_t(ev::Size) * count++;
        auto record = memory.range(at, ev::Size);
        std::fill(record->begin(), record->end(), 0);
        memory.write<uint64_t>(at + ev::Userdata, s.userdata);
        memory.write<uint16_t>(at + ev::Error, uint16_t(error));
        memory.write<uint8_t>(at + ev::Type, s.type);
        if (s.type != preview1::kEventClock) {
            memory.write<uint64_t>(at + ev::NBytes, nbytes);
            memory.write<uint16_t>(at + ev::Flags, flags);
        }
    }
    memory.write<uint32_t>(neventsOut, count);
    return WasiErrno::Success;
}

}  // namespace faaslet::wasi
