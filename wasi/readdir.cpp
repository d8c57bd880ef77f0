// fd_readdir: directory entries as a stream of dirent records (24 bytes) each followed by its name,
// cut off where the guest's buffer ends; the guest calls again from the d_next cookie of the last
// whole entry it got.
//
// Cookies are indexes into a listing taken when the guest reads from cookie 0 (rewinddir does), not
// the file system's own offsets: they stay meaningful whatever the file system, and the listing is
// one consistent snapshot for the guest's pass over the directory.

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "wasi/host_file.h"
#include "wasi/functions.h"

namespace faaslet::wasi {

namespace {

// A directory with more entries than this is ENOMEM for the guest rather than an unbounded amount
// of host memory.
constexpr size_t kMaxListing = size_t(1) << 20;

// The kernel's record from getdents64(2); glibc declares no type for it.
struct LinuxDirent64 {
    uint64_t d_ino;
    int64_t d_off;
    unsigned short d_reclen;
    unsigned char d_type;
    char d_name[];
};

WasiErrno readListing(int dirFd, std::vector<DirectoryEntry>& out) {
    out.clear();
    // Reads through a descriptor of our own, so the guest's descriptor keeps its position.
    UniqueFd fd(::openat(dirFd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (!fd) return wasiErrnoFromHost(errno);
    alignas(8) char buffer[32 * 1024];
    for (;;) {
        const long n = ::syscall(SYS_getdents64, fd.get(), buffer, sizeof buffer);
        if (n < 0) return wasiErrnoFromHost(errno);
        if (n == 0) return WasiErrno::Success;
        for (long at = 0; at < n;) {
            const auto* entry = reinterpret_cast<const LinuxDirent64*>(buffer + at);
            at += entry->d_reclen;
            DirectoryEntry e{entry->d_ino, fileTypeOfDirent(entry->d_type), entry->d_name};
            if (entry->d_type == DT_UNKNOWN) {  // some file systems leave the type to a stat
                struct stat st;
                if (::fstatat(fd.get(), entry->d_name, &st, AT_SYMLINK_NOFOLLOW) == 0)
                    e.type = fileTypeOf(st.st_mode);
            }
            if (out.size() >= kMaxListing) return WasiErrno::NoMem;
            out.push_back(std::move(e));
        }
    }
}

}  // namespace

WasiErrno fdReaddir(WasiContext& wasi, const GuestMemory& memory, uint32_t fd, uint32_t buf, uint32_t bufLen,
                    uint64_t cookie, uint32_t bufusedOut) {
    Descriptor* d = nullptr;
    if (auto e = wasi.lookup(fd, 0, d); e != WasiErrno::Success) return e;
    if (!d->isDirectory() || d->stream != Stream::Host) return WasiErrno::NotDir;
    if (!(d->rightsBase & preview1::right::FdReaddir)) return WasiErrno::NotCapable;
    auto out = memory.range(buf, bufLen);
    if (!out || !memory.contains(bufusedOut, 4)) return WasiErrno::Fault;

    if (cookie == 0 || !d->listingValid) {
        d->listingValid = false;
        if (auto e = readListing(d->hostFd, d->listing); e != WasiErrno::Success) return e;
        d->listingValid = true;
    }

    namespace de = preview1::dirent;
    size_t used = 0;
    for (uint64_t i = cookie; i < d->listing.size() && used < out->size(); ++i) {
        const DirectoryEntry& entry = d->listing[size_t(i)];
        uint8_t record[de::Size] = {};
        const uint64_t next = i + 1;
        const uint32_t nameLength = uint32_t(entry.name.size());
        std::memcpy(record + de::Next, &next, 8);
        std::memcpy(record + de::Ino, &entry.inode, 8);
        std::memcpy(record + de::NameLen, &nameLength, 4);
        record[de::Type] = uint8_t(entry.type);
        // The record, then the name, each cut off where the buffer ends: a guest whose buffer is
        // full (bufused == buf_len) grows it and asks again from the last cookie it got whole.
        const size_t headerBytes = std::min(out->size() - used, size_t(de::Size));
        std::memcpy(out->data() + used, record, headerBytes);
        used += headerBytes;
        const size_t nameBytes = std::min(out->size() - used, entry.name.size());
        std::memcpy(out->data() + used, entry.name.data(), nameBytes);
        used += nameBytes;
    }
    memory.write<uint32_t>(bufusedOut, uint32_t(used));
    return WasiErrno::Success;
}

}  // namespace faaslet::wasi
