#include "wasi/interruptible_wait.h"

#include <poll.h>

#include <cerrno>

#include "wasi/host_file.h"

namespace faaslet::wasi {

WasiErrno awaitReady(const WasiContext& wasi, const Descriptor& d, bool write) {
    const bool mayBlock = d.stream == Stream::Host && d.type != preview1::FileType::RegularFile &&
                          d.type != preview1::FileType::Directory && !(d.flags & preview1::fdflags::Nonblock);
    if (!wasi.interruptible() || !mayBlock) return WasiErrno::Success;
    pollfd watched{d.hostFd, short(write ? POLLOUT : POLLIN), 0};
    const timespec slice = timespecOf(kInterruptSliceNs);
    for (;;) {
        if (wasi.interruptRequested()) return WasiErrno::Intr;
        const int n = ::ppoll(&watched, 1, &slice, nullptr);
        // Ready, or an error the transfer itself will report.
        if (n > 0 || (n < 0 && errno != EINTR)) return WasiErrno::Success;
    }
}

}  // namespace faaslet::wasi
