#include "wasi/host_file.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/socket.h>

namespace faaslet::wasi {

preview1::FileType fileTypeOf(mode_t mode) {
    switch (mode & S_IFMT) {
        case S_IFREG: return preview1::FileType::RegularFile;
        case S_IFDIR: return preview1::FileType::Directory;
        case S_IFCHR: return preview1::FileType::CharacterDevice;
        case S_IFBLK: return preview1::FileType::BlockDevice;
        case S_IFLNK: return preview1::FileType::SymbolicLink;
        case S_IFSOCK: return preview1::FileType::SocketStream;  // datagram sockets are told apart by fdstat
        default: return preview1::FileType::Unknown;             // FIFOs have no WASI type
    }
}

preview1::FileType fileTypeOfDescriptor(int fd, mode_t mode) {
    preview1::FileType type = fileTypeOf(mode);
    if (type == preview1::FileType::SocketStream) {
        int socketType = 0;
        socklen_t length = sizeof socketType;
        if (::getsockopt(fd, SOL_SOCKET, SO_TYPE, &socketType, &length) == 0 && socketType == SOCK_DGRAM)
            type = preview1::FileType::SocketDgram;
    }
    return type;
}

preview1::FileType fileTypeOfDirent(unsigned char dType) {
    return fileTypeOf(DTTOIF(dType));
}

uint16_t fdflagsFromHost(int hostFlags) {
    uint16_t flags = 0;
    if (hostFlags & O_APPEND) flags |= preview1::fdflags::Append;
    if (hostFlags & O_NONBLOCK) flags |= preview1::fdflags::Nonblock;
    // On Linux O_SYNC includes the O_DSYNC bit, and O_RSYNC is O_SYNC.
    if ((hostFlags & O_SYNC) == O_SYNC)
        flags |= preview1::fdflags::Sync;
    else if (hostFlags & O_DSYNC)
        flags |= preview1::fdflags::Dsync;
    return flags;
}

int hostFlagsFromFdflags(uint16_t flags) {
    int host = 0;
    if (flags & preview1::fdflags::Append) host |= O_APPEND;
    if (flags & preview1::fdflags::Nonblock) host |= O_NONBLOCK;
    if (flags & preview1::fdflags::Dsync) host |= O_DSYNC;
    if (flags & (preview1::fdflags::Sync | preview1::fdflags::Rsync)) host |= O_SYNC;
    return host;
}

uint64_t timestampOf(const timespec& t) {
    if (t.tv_sec < 0) return 0;
    return uint64_t(t.tv_sec) * 1'000'000'000u + uint64_t(t.tv_nsec);
}

bool writeFilestat(const GuestMemory& memory, uint64_t address, const struct stat& st) {
    namespace f = preview1::filestat;
    auto out = memory.range(address, f::Size);
    if (!out) return false;
    std::fill(out->begin(), out->end(), 0);
    memory.write<uint64_t>(address + f::Dev, uint64_t(st.st_dev));
    memory.write<uint64_t>(address + f::Ino, uint64_t(st.st_ino));
    memory.write<uint8_t>(address + f::FileType, uint8_t(fileTypeOf(st.st_mode)));
    memory.write<uint64_t>(address + f::Nlink, uint64_t(st.st_nlink));
    memory.write<uint64_t>(address + f::FileSize, st.st_size < 0 ? 0 : uint64_t(st.st_size));
    memory.write<uint64_t>(address + f::Atim, timestampOf(st.st_atim));
    memory.write<uint64_t>(address + f::Mtim, timestampOf(st.st_mtim));
    memory.write<uint64_t>(address + f::Ctim, timestampOf(st.st_ctim));
    return true;
}

timespec timespecOf(uint64_t ns) {
    timespec t;
    t.tv_sec = time_t(ns / 1'000'000'000u);
    t.tv_nsec = long(ns % 1'000'000'000u);
    return t;
}

WasiErrno hostTimes(uint64_t atim, uint64_t mtim, uint32_t fstFlags, timespec out[2]) {
    namespace f = preview1::fstflags;
    if (fstFlags & ~f::All) return WasiErrno::Inval;
    if ((fstFlags & f::Atim) && (fstFlags & f::AtimNow)) return WasiErrno::Inval;
    if ((fstFlags & f::Mtim) && (fstFlags & f::MtimNow)) return WasiErrno::Inval;
    out[0] = (fstFlags & f::Atim) ? timespecOf(atim)
                                  : timespec{0, (fstFlags & f::AtimNow) ? UTIME_NOW : UTIME_OMIT};
    out[1] = (fstFlags & f::Mtim) ? timespecOf(mtim)
                                  : timespec{0, (fstFlags & f::MtimNow) ? UTIME_NOW : UTIME_OMIT};
    return WasiErrno::Success;
}

}  // namespace faaslet::wasi
