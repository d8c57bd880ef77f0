#include "wasi/context.h"

#include <fcntl.h>
#include <sys/stat.h>

#include <algorithm>
#include <cerrno>

#include "wasi/host_file.h"
#include "wasi/virtual_fs.h"

namespace faaslet::wasi {

namespace right = preview1::right;

uint64_t maxRightsFor(preview1::FileType type) {
    switch (type) {
        case preview1::FileType::Directory: return preview1::rights::Directory;
        case preview1::FileType::RegularFile: return preview1::rights::RegularFile;
        case preview1::FileType::SocketStream:
        case preview1::FileType::SocketDgram: return preview1::rights::Socket;
        case preview1::FileType::BlockDevice:  // seekable, but nothing a guest should seek around in
        case preview1::FileType::CharacterDevice:
        case preview1::FileType::SymbolicLink:
        case preview1::FileType::Unknown: return preview1::rights::Stream;
    }
    return 0;
}

WasiContext::WasiContext(WasiConfig config) : config_(std::move(config)) {
    const bool capture = config_.stdio == StdioMode::Capture;
    addStdio(0, capture ? Stream::CapturedStdin : Stream::Host, right::FdRead | right::PollFdReadwrite);
    addStdio(1, capture ? Stream::CapturedStdout : Stream::Host, right::FdWrite | right::PollFdReadwrite);
    addStdio(2, capture ? Stream::CapturedStderr : Stream::Host, right::FdWrite | right::PollFdReadwrite);
}

void WasiContext::addStdio(int hostFd, Stream stream, uint64_t capturedRights) {
    auto d = std::make_unique<Descriptor>();
    d->stream = stream;
    if (stream == Stream::Host) {
        struct stat st;
        if (::fstat(hostFd, &st) != 0) {  // the process has no such stdio: neither has the guest
            table_.push_back(nullptr);
            return;
        }
        d->hostFd = hostFd;  // inherited: not owned
        d->type = fileTypeOfDescriptor(d->hostFd, st.st_mode);
        const int fl = ::fcntl(hostFd, F_GETFL);
        if (fl >= 0) d->flags = fdflagsFromHost(fl);
        // The file description is the host's own: the guest may use it, not reconfigure it.
        d->rightsBase = maxRightsFor(d->type) & ~(right::FdFdstatSetFlags | right::FdAllocate |
                                                  right::FdFilestatSetSize | right::FdFilestatSetTimes);
    } else {
        d->type = preview1::FileType::Unknown;  // like a pipe: not a terminal, not seekable
        d->rightsBase = capturedRights | right::FdFilestatGet | right::FdFdstatSetFlags;
        if (stream != Stream::CapturedStdin) d->flags = preview1::fdflags::Append;
    }
    table_.push_back(std::move(d));
}

Expected<uint32_t, std::string> WasiContext::addPreopen(const Preopen& preopen) {
    auto dir = openHostDirectory(preopen.hostPath);
    if (!dir) return dir.error();
    auto d = std::make_unique<Descriptor>();
    d->hostFd = dir->get();
    d->owned = std::move(*dir);
    d->type = preview1::FileType::Directory;
    d->preopenPath = preopen.guestPath;
    d->rightsBase = preview1::rights::Directory;
    d->rightsInheriting = preview1::rights::Directory | preview1::rights::RegularFile;
    if (preopen.access == PreopenAccess::ReadOnly) {
        d->rightsBase &= ~preview1::rights::Mutating;
        d->rightsInheriting &= ~preview1::rights::Mutating;
    }
    auto fd = insert(std::move(d), kFirstHostGiven);
    if (!fd) return preopen.hostPath + ": too many descriptors";
    return *fd;
}

Expected<uint32_t, WasiErrno> WasiContext::addHostDescriptor(UniqueFd fd) {
    struct stat st;
    if (!fd || ::fstat(fd.get(), &st) != 0) return WasiErrno::BadF;
    auto d = std::make_unique<Descriptor>();
    d->hostFd = fd.get();
    d->owned = std::move(fd);
    d->type = fileTypeOfDescriptor(d->hostFd, st.st_mode);
    const int fl = ::fcntl(d->hostFd, F_GETFL);
    if (fl >= 0) d->flags = fdflagsFromHost(fl);
    d->rightsBase = maxRightsFor(d->type);
    // A directory handed in is a root like a preopen, but without a name wasi-libc would find.
    if (d->isDirectory()) d->rightsInheriting = preview1::rights::Directory | preview1::rights::RegularFile;
    return insert(std::move(d), kFirstHostGiven);
}

Descriptor* WasiContext::get(uint32_t fd) {
    return fd < table_.size() ? table_[fd].get() : nullptr;
}

WasiErrno WasiContext::lookup(uint32_t fd, uint64_t rights, Descriptor*& out) {
    Descriptor* d = get(fd);
    if (!d) return WasiErrno::BadF;
    if ((d->rightsBase & rights) != rights) return WasiErrno::NotCapable;
    out = d;
    return WasiErrno::Success;
}

Expected<uint32_t, WasiErrno> WasiContext::insert(std::unique_ptr<Descriptor> descriptor, uint32_t lowest) {
    for (size_t i = lowest; i < table_.size(); ++i) {
        if (!table_[i]) {
            table_[i] = std::move(descriptor);
            return uint32_t(i);
        }
    }
    const size_t slot = std::max<size_t>(table_.size(), lowest);
    if (slot >= config_.maxDescriptors) return WasiErrno::MFile;
    table_.resize(slot);
    table_.push_back(std::move(descriptor));
    return uint32_t(slot);
}

WasiErrno WasiContext::close(uint32_t fd) {
    if (!get(fd)) return WasiErrno::BadF;
    table_[fd].reset();  // closes the host descriptor if owned; inherited stdio stays open for the host
    while (!table_.empty() && !table_.back()) table_.pop_back();
    return WasiErrno::Success;
}

WasiErrno WasiContext::renumber(uint32_t from, uint32_t to) {
    if (!get(from) || !get(to)) return WasiErrno::BadF;
    if (from == to) return WasiErrno::Success;
    table_[to] = std::move(table_[from]);  // closes what `to` was; `from` is free now
    while (!table_.empty() && !table_.back()) table_.pop_back();
    return WasiErrno::Success;
}

}  // namespace faaslet::wasi
