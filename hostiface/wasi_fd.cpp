// Descriptor functions on the descriptors the host handed in (stdio).

#include <sys/stat.h>
#include <limits.h>
#include <sys/uio.h>
#include <unistd.h>

#include <cerrno>
#include <vector>

#include "hostiface/wasi_functions.h"

namespace faaslet::hostiface {

namespace {

// Reads a guest iovec array (pointer, length pairs) into host iovecs, checking every buffer.
WasiErrno hostIovecs(const GuestMemory& memory, uint32_t iovs, uint32_t count, std::vector<iovec>& out) {
    if (count > IOV_MAX) return WasiErrno::Inval;
    // The whole array first, so the element addresses below cannot wrap around.
    if (!memory.range(iovs, 8 * uint64_t(count))) return WasiErrno::Fault;
    for (uint32_t i = 0; i < count; ++i) {
        auto base = memory.read<uint32_t>(iovs + 8 * i);
        auto length = memory.read<uint32_t>(iovs + 8 * i + 4);
        auto bytes = memory.range(*base, *length);
        if (!bytes) return WasiErrno::Fault;
        out.push_back({bytes->data(), bytes->size()});
    }
    return WasiErrno::Success;
}

WasiErrno transfer(WasiContext& wasi, const GuestMemory& memory, WasiArgs args, bool write) {
    auto fd = wasi.hostFd(args[0].i32);
    if (!fd) return WasiErrno::BadF;
    std::vector<iovec> iov;
    if (auto e = hostIovecs(memory, args[1].i32, args[2].i32, iov); e != WasiErrno::Success) return e;
    if (!memory.range(args[3].i32, 4)) return WasiErrno::Fault;
    ssize_t n = write ? ::writev(*fd, iov.data(), int(iov.size())) : ::readv(*fd, iov.data(), int(iov.size()));
    if (n < 0) return wasiErrnoFromHost(errno);
    memory.write<uint32_t>(args[3].i32, uint32_t(n));
    return WasiErrno::Success;
}

}  // namespace

WasiErrno fdWrite(WasiContext& wasi, const GuestMemory& memory, WasiArgs args) {
    return transfer(wasi, memory, args, true);
}
WasiErrno fdRead(WasiContext& wasi, const GuestMemory& memory, WasiArgs args) {
    return transfer(wasi, memory, args, false);
}

WasiErrno fdClose(WasiContext& wasi, const GuestMemory&, WasiArgs args) {
    return wasi.close(args[0].i32) ? WasiErrno::Success : WasiErrno::BadF;
}

WasiErrno fdSeek(WasiContext& wasi, const GuestMemory& memory, WasiArgs args) {
    auto fd = wasi.hostFd(args[0].i32);
    if (!fd) return WasiErrno::BadF;
    const uint32_t whence = args[2].i32;
    if (whence > 2) return WasiErrno::Inval;
    if (!memory.range(args[3].i32, 8)) return WasiErrno::Fault;
    const int hostWhence = whence == 0 ? SEEK_SET : whence == 1 ? SEEK_CUR : SEEK_END;
    off_t position = ::lseek(*fd, off_t(args[1].i64), hostWhence);
    if (position < 0) return wasiErrnoFromHost(errno);
    memory.write<uint64_t>(args[3].i32, uint64_t(position));
    return WasiErrno::Success;
}

WasiErrno fdFdstatGet(WasiContext& wasi, const GuestMemory& memory, WasiArgs args) {
    auto fd = wasi.hostFd(args[0].i32);
    if (!fd) return WasiErrno::BadF;
    auto out = memory.range(args[1].i32, 24);
    if (!out) return WasiErrno::Fault;
    struct stat st;
    if (::fstat(*fd, &st) != 0) return wasiErrnoFromHost(errno);
    // filetype: 2 character device, 4 regular file, 3 directory, 6 socket (stream), 0 unknown.
    uint8_t type = S_ISCHR(st.st_mode) ? 2 : S_ISREG(st.st_mode) ? 4 : S_ISDIR(st.st_mode) ? 3 : S_ISSOCK(st.st_mode) ? 6 : 0;
    std::fill(out->begin(), out->end(), 0);
    memory.write<uint8_t>(args[1].i32, type);
    // Rights: reading, writing, seeking and stat on stdio; the guest cannot gain more.
    const uint64_t rights = (1u << 1) | (1u << 2) | (1u << 5) | (1u << 6) | (1u << 21);
    memory.write<uint64_t>(args[1].i32 + 8, rights);
    return WasiErrno::Success;
}

// No directories are preopened yet: EBADF ends wasi-libc's scan of the preopens.
WasiErrno fdPrestatGet(WasiContext&, const GuestMemory&, WasiArgs) { return WasiErrno::BadF; }

}  // namespace faaslet::hostiface
