// Reading, writing and positioning descriptors; closing and renumbering them.

#include <sys/uio.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <vector>

#include "wasi/interruptible_wait.h"
#include "wasi/functions.h"
#include "wasi/iovec.h"

namespace faaslet::wasi {

namespace right = preview1::right;

namespace {

WasiErrno hostTransfer(const WasiContext& wasi, const Descriptor& d, const std::vector<iovec>& iov,
                       const uint64_t* offset, bool write, size_t& done) {
    if (d.stream != Stream::Host) return WasiErrno::BadF;
    if (!offset)
        if (auto e = awaitReady(wasi, d, write); e != WasiErrno::Success) return e;
    const int count = int(iov.size());
    ssize_t n;
    if (offset)
        n = write ? ::pwritev(d.hostFd, iov.data(), count, off_t(*offset))
                  : ::preadv(d.hostFd, iov.data(), count, off_t(*offset));
    else
        n = write ? ::writev(d.hostFd, iov.data(), count) : ::readv(d.hostFd, iov.data(), count);
    if (n < 0) return wasiErrnoFromHost(errno);
    done = size_t(n);
    return WasiErrno::Success;
}

WasiErrno readInto(WasiContext& wasi, Descriptor& d, const std::vector<iovec>& iov, const uint64_t* offset,
                   size_t& done) {
    if (d.stream == Stream::CapturedStdin) {
        if (offset) return WasiErrno::SPipe;
        done = scatter(wasi.remainingStdin(), iov);
        wasi.consumeStdin(done);
        return WasiErrno::Success;
    }
    return hostTransfer(wasi, d, iov, offset, false, done);
}

WasiErrno writeFrom(WasiContext& wasi, Descriptor& d, const std::vector<iovec>& iov, const uint64_t* offset,
                    size_t& done) {
    if (d.stream == Stream::CapturedStdout || d.stream == Stream::CapturedStderr) {
        if (offset) return WasiErrno::SPipe;
        std::string& buffer = wasi.captureBuffer(d.stream);
        const size_t limit = wasi.config().captureLimit;
        const size_t room = buffer.size() < limit ? limit - buffer.size() : 0;
        if (room == 0 && totalLength(iov) > 0) return WasiErrno::NoSpc;
        done = gather(iov, buffer, room);
        return WasiErrno::Success;
    }
    return hostTransfer(wasi, d, iov, offset, true, done);
}

// One read or write, positioned when `offset` is given.
WasiErrno transfer(WasiContext& wasi, const GuestMemory& memory, uint32_t fd, uint32_t iovs, uint32_t iovsLen,
                   const uint64_t* offset, uint32_t countOut, bool write) {
    Descriptor* d = nullptr;
    // Reading a directory is EISDIR, as read(2) says on Linux, rather than a missing right (which
    // wasi-libc would turn into EBADF).
    if (Descriptor* open = wasi.get(fd); !write && open && open->isDirectory()) return WasiErrno::IsDir;
    const uint64_t needed = (write ? right::FdWrite : right::FdRead) | (offset ? right::FdSeek : 0);
    if (auto e = wasi.lookup(fd, needed, d); e != WasiErrno::Success) return e;
    if (offset && *offset > uint64_t(INT64_MAX)) return WasiErrno::Inval;
    std::vector<iovec> iov;
    if (auto e = guestIovecs(memory, iovs, iovsLen, iov); e != WasiErrno::Success) return e;
    if (!memory.contains(countOut, 4)) return WasiErrno::Fault;
    size_t done = 0;
    auto e = write ? writeFrom(wasi, *d, iov, offset, done) : readInto(wasi, *d, iov, offset, done);
    if (e != WasiErrno::Success) return e;
    // At most IOV_MAX buffers of at most 4 GiB - 1 each, but the count the guest gets is a u32: a
    // transfer that large is reported short (the host has moved the bytes; the guest sees fewer,
    // which only ever happens past 4 GiB, i.e. with the same buffer given several times).
    memory.write<uint32_t>(countOut, uint32_t(std::min<size_t>(done, UINT32_MAX)));
    return WasiErrno::Success;
}

}  // namespace

WasiErrno fdRead(WasiContext& wasi, const GuestMemory& memory, uint32_t fd, uint32_t iovs, uint32_t iovsLen,
                 uint32_t nreadOut) {
    return transfer(wasi, memory, fd, iovs, iovsLen, nullptr, nreadOut, false);
}

WasiErrno fdWrite(WasiContext& wasi, const GuestMemory& memory, uint32_t fd, uint32_t iovs, uint32_t iovsLen,
                  uint32_t nwrittenOut) {
    return transfer(wasi, memory, fd, iovs, iovsLen, nullptr, nwrittenOut, true);
}

WasiErrno fdPread(WasiContext& wasi, const GuestMemory& memory, uint32_t fd, uint32_t iovs, uint32_t iovsLen,
                  uint64_t offset, uint32_t nreadOut) {
    return transfer(wasi, memory, fd, iovs, iovsLen, &offset, nreadOut, false);
}

WasiErrno fdPwrite(WasiContext& wasi, const GuestMemory& memory, uint32_t fd, uint32_t iovs, uint32_t iovsLen,
                   uint64_t offset, uint32_t nwrittenOut) {
    return transfer(wasi, memory, fd, iovs, iovsLen, &offset, nwrittenOut, true);
}

WasiErrno fdSeek(WasiContext& wasi, const GuestMemory& memory, uint32_t fd, uint64_t offset, uint32_t whence,
                 uint32_t newOffsetOut) {
    Descriptor* d = nullptr;
    if (auto e = wasi.lookup(fd, 0, d); e != WasiErrno::Success) return e;
    // Asking where we are (cur + 0) needs only fd_tell; fd_seek implies it.
    const bool tellOnly = whence == preview1::kWhenceCur && offset == 0;
    if (!(d->rightsBase & (right::FdSeek | (tellOnly ? right::FdTell : 0)))) return WasiErrno::NotCapable;
    if (whence > preview1::kWhenceEnd) return WasiErrno::Inval;
    if (!memory.contains(newOffsetOut, 8)) return WasiErrno::Fault;
    if (d->stream != Stream::Host) return WasiErrno::SPipe;
    const int hostWhence = whence == preview1::kWhenceSet   ? SEEK_SET
                           : whence == preview1::kWhenceCur ? SEEK_CUR
                                                        : SEEK_END;
    const off_t position = ::lseek(d->hostFd, off_t(int64_t(offset)), hostWhence);
    if (position < 0) return wasiErrnoFromHost(errno);
    memory.write<uint64_t>(newOffsetOut, uint64_t(position));
    return WasiErrno::Success;
}

// The same as fd_seek(0, cur), which fd_tell alone allows.
WasiErrno fdTell(WasiContext& wasi, const GuestMemory& memory, uint32_t fd, uint32_t offsetOut) {
    return fdSeek(wasi, memory, fd, 0, preview1::kWhenceCur, offsetOut);
}

WasiErrno fdClose(WasiContext& wasi, const GuestMemory&, uint32_t fd) {
    return wasi.close(fd);
}

WasiErrno fdRenumber(WasiContext& wasi, const GuestMemory&, uint32_t fd, uint32_t to) {
    return wasi.renumber(fd, to);
}

}  // namespace faaslet::wasi
