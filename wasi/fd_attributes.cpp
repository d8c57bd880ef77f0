// Descriptor attributes (fdstat, flags, rights, preopen names) and file attributes (filestat, size,
// times, space, advice, syncing).

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>

#include "wasi/host_file.h"
#include "wasi/functions.h"

namespace faaslet::wasi {

namespace right = preview1::right;

namespace {

// Descriptors whose bytes the context holds have no host file to act on.
WasiErrno hostOnly(const Descriptor& d) {
    return d.stream == Stream::Host ? WasiErrno::Success : WasiErrno::Inval;
}

WasiErrno syncDescriptor(WasiContext& wasi, uint32_t fd, uint64_t right, int (*sync)(int)) {
    Descriptor* d = nullptr;
    if (auto e = wasi.lookup(fd, right, d); e != WasiErrno::Success) return e;
    if (auto e = hostOnly(*d); e != WasiErrno::Success) return e;
    return hostResult(sync(d->hostFd));
}

}  // namespace

WasiErrno fdAdvise(WasiContext& wasi, const GuestMemory&, uint32_t fd, uint64_t offset, uint64_t len,
                   uint32_t advice) {
    Descriptor* d = nullptr;
    if (auto e = wasi.lookup(fd, right::FdAdvise, d); e != WasiErrno::Success) return e;
    if (advice > preview1::kAdviceMax || offset > uint64_t(INT64_MAX) || len > uint64_t(INT64_MAX))
        return WasiErrno::Inval;
    if (d->stream != Stream::Host) return WasiErrno::SPipe;
    static constexpr int kAdvice[] = {POSIX_FADV_NORMAL,   POSIX_FADV_SEQUENTIAL, POSIX_FADV_RANDOM,
                                      POSIX_FADV_WILLNEED, POSIX_FADV_DONTNEED,   POSIX_FADV_NOREUSE};
    // posix_fadvise returns the error instead of setting errno.
    return wasiErrnoFromHost(::posix_fadvise(d->hostFd, off_t(offset), off_t(len), kAdvice[advice]));
}

WasiErrno fdAllocate(WasiContext& wasi, const GuestMemory&, uint32_t fd, uint64_t offset, uint64_t len) {
    Descriptor* d = nullptr;
    if (auto e = wasi.lookup(fd, right::FdAllocate, d); e != WasiErrno::Success) return e;
    if (offset > uint64_t(INT64_MAX) || len > uint64_t(INT64_MAX)) return WasiErrno::Inval;
    if (offset + len > uint64_t(INT64_MAX)) return WasiErrno::FBig;
    if (auto e = hostOnly(*d); e != WasiErrno::Success) return e;
    return wasiErrnoFromHost(::posix_fallocate(d->hostFd, off_t(offset), off_t(len)));
}

WasiErrno fdDatasync(WasiContext& wasi, const GuestMemory&, uint32_t fd) {
    return syncDescriptor(wasi, fd, right::FdDatasync, ::fdatasync);
}

WasiErrno fdSync(WasiContext& wasi, const GuestMemory&, uint32_t fd) {
    return syncDescriptor(wasi, fd, right::FdSync, ::fsync);
}

WasiErrno fdFdstatGet(WasiContext& wasi, const GuestMemory& memory, uint32_t fd, uint32_t fdstatOut) {
    Descriptor* d = nullptr;
    if (auto e = wasi.lookup(fd, 0, d); e != WasiErrno::Success) return e;
    namespace f = preview1::fdstat;
    auto out = memory.range(fdstatOut, f::Size);
    if (!out) return WasiErrno::Fault;
    std::fill(out->begin(), out->end(), 0);
    memory.write<uint8_t>(fdstatOut + f::FileType, uint8_t(d->type));
    memory.write<uint16_t>(fdstatOut + f::Flags, d->flags);
    memory.write<uint64_t>(fdstatOut + f::RightsBase, d->rightsBase);
    memory.write<uint64_t>(fdstatOut + f::RightsInheriting, d->rightsInheriting);
    return WasiErrno::Success;
}

WasiErrno fdFdstatSetFlags(WasiContext& wasi, const GuestMemory&, uint32_t fd, uint32_t flags) {
    Descriptor* d = nullptr;
    if (auto e = wasi.lookup(fd, right::FdFdstatSetFlags, d); e != WasiErrno::Success) return e;
    if (flags & ~uint32_t(preview1::fdflags::All)) return WasiErrno::Inval;
    constexpr uint16_t kSyncFlags = preview1::fdflags::Dsync | preview1::fdflags::Rsync | preview1::fdflags::Sync;
    constexpr uint16_t kChangeable = preview1::fdflags::Append | preview1::fdflags::Nonblock;
    // Linux cannot change the synchronisation of an open file (F_SETFL ignores those flags).
    if ((flags & kSyncFlags) != (d->flags & kSyncFlags)) return WasiErrno::NotSup;
    if (d->stream == Stream::Host) {
        const int current = ::fcntl(d->hostFd, F_GETFL);
        if (current < 0) return wasiErrnoFromHost(errno);
        const int wanted =
            (current & ~(O_APPEND | O_NONBLOCK)) | hostFlagsFromFdflags(uint16_t(flags & kChangeable));
        if (::fcntl(d->hostFd, F_SETFL, wanted) != 0) return wasiErrnoFromHost(errno);
    }
    d->flags = uint16_t((d->flags & ~kChangeable) | (flags & kChangeable));
    return WasiErrno::Success;
}

WasiErrno fdFdstatSetRights(WasiContext& wasi, const GuestMemory&, uint32_t fd, uint64_t rightsBase,
                            uint64_t rightsInheriting) {
    Descriptor* d = nullptr;
    if (auto e = wasi.lookup(fd, 0, d); e != WasiErrno::Success) return e;
    // Rights can be dropped, never gained.
    if ((rightsBase & ~d->rightsBase) || (rightsInheriting & ~d->rightsInheriting))
        return WasiErrno::NotCapable;
    d->rightsBase = rightsBase;
    d->rightsInheriting = rightsInheriting;
    return WasiErrno::Success;
}

WasiErrno fdFilestatGet(WasiContext& wasi, const GuestMemory& memory, uint32_t fd, uint32_t filestatOut) {
    Descriptor* d = nullptr;
    if (auto e = wasi.lookup(fd, right::FdFilestatGet, d); e != WasiErrno::Success) return e;
    if (!memory.contains(filestatOut, preview1::filestat::Size)) return WasiErrno::Fault;
    struct stat st {};
    if (d->stream == Stream::Host) {
        if (::fstat(d->hostFd, &st) != 0) return wasiErrnoFromHost(errno);
    } else {
        st.st_mode = S_IFIFO;  // a captured stream: nothing but its (unknown) type to report
        st.st_nlink = 1;
    }
    writeFilestat(memory, filestatOut, st);
    return WasiErrno::Success;
}

WasiErrno fdFilestatSetSize(WasiContext& wasi, const GuestMemory&, uint32_t fd, uint64_t size) {
    Descriptor* d = nullptr;
    if (auto e = wasi.lookup(fd, right::FdFilestatSetSize, d); e != WasiErrno::Success) return e;
    if (size > uint64_t(INT64_MAX)) return WasiErrno::FBig;
    if (auto e = hostOnly(*d); e != WasiErrno::Success) return e;
    return hostResult(::ftruncate(d->hostFd, off_t(size)));
}

WasiErrno fdFilestatSetTimes(WasiContext& wasi, const GuestMemory&, uint32_t fd, uint64_t atim, uint64_t mtim,
                             uint32_t fstFlags) {
    Descriptor* d = nullptr;
    if (auto e = wasi.lookup(fd, right::FdFilestatSetTimes, d); e != WasiErrno::Success) return e;
    timespec times[2];
    if (auto e = hostTimes(atim, mtim, fstFlags, times); e != WasiErrno::Success) return e;
    if (auto e = hostOnly(*d); e != WasiErrno::Success) return e;
    return hostResult(::futimens(d->hostFd, times));
}

WasiErrno fdPrestatGet(WasiContext& wasi, const GuestMemory& memory, uint32_t fd, uint32_t prestatOut) {
    Descriptor* d = wasi.get(fd);
    // EBADF for every descriptor that is not a preopen: it ends wasi-libc's scan of them.
    if (!d || !d->preopenPath) return WasiErrno::BadF;
    namespace p = preview1::prestat;
    auto out = memory.range(prestatOut, p::Size);
    if (!out) return WasiErrno::Fault;
    std::fill(out->begin(), out->end(), 0);
    memory.write<uint8_t>(prestatOut + p::Tag, preview1::kPreopenDir);
    memory.write<uint32_t>(prestatOut + p::NameLen, uint32_t(d->preopenPath->size()));
    return WasiErrno::Success;
}

WasiErrno fdPrestatDirName(WasiContext& wasi, const GuestMemory& memory, uint32_t fd, uint32_t path,
                           uint32_t pathLen) {
    Descriptor* d = wasi.get(fd);
    if (!d || !d->preopenPath) return WasiErrno::BadF;
    if (!memory.contains(path, pathLen)) return WasiErrno::Fault;
    if (pathLen < d->preopenPath->size()) return WasiErrno::NameTooLong;
    // Exactly the name, no NUL: the guest knows the length from fd_prestat_get.
    return memory.writeBytes(path, *d->preopenPath) ? WasiErrno::Success : WasiErrno::Fault;
}

}  // namespace faaslet::wasi
