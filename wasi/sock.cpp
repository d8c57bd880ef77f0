// sock_*: on sockets the host handed to the guest (WasiContext::addHostDescriptor). Preview1 has no
// way to create, bind or connect a socket, so these are all there is.

#include <sys/socket.h>

#include <cerrno>
#include <vector>

#include "wasi/host_file.h"
#include "wasi/interruptible_wait.h"
#include "wasi/functions.h"
#include "wasi/iovec.h"

namespace faaslet::wasi {

namespace right = preview1::right;

namespace {

WasiErrno hostSocket(WasiContext& wasi, uint32_t fd, uint64_t rights, Descriptor*& d) {
    if (auto e = wasi.lookup(fd, rights, d); e != WasiErrno::Success) return e;
    if (d->stream != Stream::Host) return WasiErrno::NotSock;
    return WasiErrno::Success;
}

}  // namespace

WasiErrno sockAccept(WasiContext& wasi, const GuestMemory& memory, uint32_t fd, uint32_t flags,
                     uint32_t fdOut) {
    Descriptor* d = nullptr;
    if (auto e = hostSocket(wasi, fd, right::SockAccept, d); e != WasiErrno::Success) return e;
    if (flags & ~uint32_t(preview1::fdflags::Nonblock)) return WasiErrno::Inval;
    if (!memory.contains(fdOut, 4)) return WasiErrno::Fault;
    if (auto e = awaitReady(wasi, *d, false); e != WasiErrno::Success) return e;
    const int accepted = ::accept4(d->hostFd, nullptr, nullptr,
                                   SOCK_CLOEXEC | ((flags & preview1::fdflags::Nonblock) ? SOCK_NONBLOCK : 0));
    if (accepted < 0) return wasiErrnoFromHost(errno);
    auto number = wasi.addHostDescriptor(UniqueFd(accepted));
    if (!number) return number.error();
    memory.write<uint32_t>(fdOut, *number);
    return WasiErrno::Success;
}

WasiErrno sockRecv(WasiContext& wasi, const GuestMemory& memory, uint32_t fd, uint32_t riData,
                   uint32_t riDataLen, uint32_t riFlags, uint32_t roDatalenOut, uint32_t roFlagsOut) {
    Descriptor* d = nullptr;
    if (auto e = hostSocket(wasi, fd, right::FdRead, d); e != WasiErrno::Success) return e;
    if (riFlags & ~uint32_t(preview1::kRecvPeek | preview1::kRecvWaitall)) return WasiErrno::Inval;
    std::vector<iovec> iov;
    if (auto e = guestIovecs(memory, riData, riDataLen, iov); e != WasiErrno::Success) return e;
    if (!memory.contains(roDatalenOut, 4) || !memory.contains(roFlagsOut, 2)) return WasiErrno::Fault;
    msghdr message{};
    message.msg_iov = iov.data();
    message.msg_iovlen = iov.size();
    int hostFlags = 0;
    if (riFlags & preview1::kRecvPeek) hostFlags |= MSG_PEEK;
    if (riFlags & preview1::kRecvWaitall) hostFlags |= MSG_WAITALL;
    if (auto e = awaitReady(wasi, *d, false); e != WasiErrno::Success) return e;
    const ssize_t n = ::recvmsg(d->hostFd, &message, hostFlags);
    if (n < 0) return wasiErrnoFromHost(errno);
    memory.write<uint32_t>(roDatalenOut, uint32_t(n));
    memory.write<uint16_t>(roFlagsOut, (message.msg_flags & MSG_TRUNC) ? preview1::kRecvDataTruncated : 0);
    return WasiErrno::Success;
}

WasiErrno sockSend(WasiContext& wasi, const GuestMemory& memory, uint32_t fd, uint32_t siData,
                   uint32_t siDataLen, uint32_t siFlags, uint32_t soDatalenOut) {
    Descriptor* d = nullptr;
    if (auto e = hostSocket(wasi, fd, right::FdWrite, d); e != WasiErrno::Success) return e;
    if (siFlags != 0) return WasiErrno::Inval;  // siflags has no flags defined
    std::vector<iovec> iov;
    if (auto e = guestIovecs(memory, siData, siDataLen, iov); e != WasiErrno::Success) return e;
    if (!memory.contains(soDatalenOut, 4)) return WasiErrno::Fault;
    msghdr message{};
    message.msg_iov = iov.data();
    message.msg_iovlen = iov.size();
    // A peer that went away is EPIPE for the guest, not SIGPIPE for the whole process.
    if (auto e = awaitReady(wasi, *d, true); e != WasiErrno::Success) return e;
    const ssize_t n = ::sendmsg(d->hostFd, &message, MSG_NOSIGNAL);
    if (n < 0) return wasiErrnoFromHost(errno);
    memory.write<uint32_t>(soDatalenOut, uint32_t(n));
    return WasiErrno::Success;
}

WasiErrno sockShutdown(WasiContext& wasi, const GuestMemory&, uint32_t fd, uint32_t how) {
    Descriptor* d = nullptr;
    if (auto e = hostSocket(wasi, fd, right::SockShutdown, d); e != WasiErrno::Success) return e;
    int hostHow;
    switch (how) {
        case preview1::kShutdownRead: hostHow = SHUT_RD; break;
        case preview1::kShutdownWrite: hostHow = SHUT_WR; break;
        case preview1::kShutdownRead | preview1::kShutdownWrite: hostHow = SHUT_RDWR; break;
        default: return WasiErrno::Inval;
    }
    return hostResult(::shutdown(d->hostFd, hostHow));
}

}  // namespace faaslet::wasi
