// fd_readdir: directory entries as a stream of dirent records (24 bytes) each followed by its name,
// cut off where the guest's buffer ends; the guest calls again from the d_next cookie of the last
// whole entry it got.
//
// Entries are streamed from the kernel and never kept, so a call holds one fixed buffer whatever
// the directory's size and however many descriptors list it. Cookie n is the index of the next
// entry, not the kernel's position (getdents64's d_off): wasm32's telldir keeps cookies in a
// 32-bit long, and ext4's positions are 63-bit hashes. Each descriptor remembers where its last
// call stopped (index and kernel position), so a pass over the directory, each call going on
// from the last cookie, reads it once; a seekdir elsewhere reads again from the start.

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

// The kernel's record from getdents64(2); glibc declares no type for it.
struct LinuxDirent64 {
    uint64_t d_ino;
    int64_t d_off;
    unsigned short d_reclen;
    unsigned char d_type;
    char d_name[];
};

// Appends one entry's record and name to `out` from `used` on, each cut off where `out` ends.
// True when the whole of it fitted.
bool putEntry(std::span<uint8_t> out, size_t& used, const LinuxDirent64& entry, preview1::FileType type,
              uint64_t next) {
    namespace de = preview1::dirent;
    uint8_t record[de::Size] = {};
    const size_t nameLength = std::strlen(entry.d_name);
    const uint32_t nameLength32 = uint32_t(nameLength);
    std::memcpy(record + de::Next, &next, 8);
    std::memcpy(record + de::Ino, &entry.d_ino, 8);
    std::memcpy(record + de::NameLen, &nameLength32, 4);
    record[de::Type] = uint8_t(type);
    // A guest whose buffer is full (bufused == buf_len) grows it and asks again from the last
    // cookie it got whole.
    const size_t headerBytes = std::min(out.size() - used, size_t(de::Size));
    std::memcpy(out.data() + used, record, headerBytes);
    used += headerBytes;
    const size_t nameBytes = std::min(out.size() - used, nameLength);
    std::memcpy(out.data() + used, entry.d_name, nameBytes);
    used += nameBytes;
    return headerBytes == de::Size && nameBytes == nameLength;
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

    size_t used = 0;
    if (!out->empty()) {
        // A descriptor of our own: the guest's may be shared with other Faaslets (duplicated from
        // a Proto-Faaslet), and a position set on it would race with theirs.
        UniqueFd listing(::openat(d->hostFd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC));
        if (!listing) return wasiErrnoFromHost(errno);
        const ListingPosition from = cookie >= d->listingResume.cookie ? d->listingResume : ListingPosition{};
        if (::lseek(listing.get(), off_t(from.offset), SEEK_SET) < 0) return wasiErrnoFromHost(errno);
        uint64_t index = from.cookie;
        alignas(8) char buffer[32 * 1024];
        while (used < out->size()) {
            const long n = ::syscall(SYS_getdents64, listing.get(), buffer, sizeof buffer);
            if (n < 0) return wasiErrnoFromHost(errno);
            if (n == 0) break;
            for (long at = 0; at < n && used < out->size(); ++index) {
                const auto* entry = reinterpret_cast<const LinuxDirent64*>(buffer + at);
                at += entry->d_reclen;
                if (index < cookie) continue;
                preview1::FileType type = fileTypeOfDirent(entry->d_type);
                if (entry->d_type == DT_UNKNOWN) {  // some file systems leave the type to a stat
                    struct stat st;
                    if (::fstatat(listing.get(), entry->d_name, &st, AT_SYMLINK_NOFOLLOW) == 0)
                        type = fileTypeOf(st.st_mode);
                }
                if (putEntry(*out, used, *entry, type, index + 1))
                    d->listingResume = {index + 1, entry->d_off};
            }
        }
    }
    memory.write<uint32_t>(bufusedOut, uint32_t(used));
    return WasiErrno::Success;
}

}  // namespace faaslet::wasi
