// path_*: operations on paths relative to a directory descriptor. Every path is resolved beneath
// that directory (virtual_fs.h) and the operation then acts on the last component through the *at()
// calls with no-follow, relative to a directory descriptor opened beneath the root: nothing here
// ever hands a guest path to the kernel to resolve from anywhere else.

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <string_view>

#include "wasi/host_file.h"
#include "wasi/virtual_fs.h"
#include "wasi/functions.h"

namespace faaslet::wasi {

namespace right = preview1::right;

namespace {

// A guest string that names a path, copied out and checked like every path before it is used.
Expected<std::string, WasiErrno> guestPath(const GuestMemory& memory, uint32_t path, uint32_t pathLen) {
    if (!memory.contains(path, pathLen)) return WasiErrno::Fault;
    if (pathLen > kMaxGuestPath) return WasiErrno::NameTooLong;
    std::string text = *memory.readString(path, pathLen);
    if (auto e = checkGuestPath(text); e != WasiErrno::Success) return e;
    return text;
}

bool endsWithSlash(const std::string& path) {
    return !path.empty() && path.back() == '/';
}

struct PathArgument {
    Descriptor* dir = nullptr;
    std::string path;

    // The operation acts on a final symbolic link itself.
    Expected<ResolvedPath, WasiErrno> resolve() const { return resolveBeneath(dir->hostFd, path, false); }
    // A final symbolic link is followed when `follow` (the lookup flags) says so, and whatever it says
    // when a trailing slash follows the link (POSIX path resolution).
    Expected<ResolvedPath, WasiErrno> resolveFollowing(bool follow) const {
        return resolveBeneath(dir->hostFd, path, follow || endsWithSlash(path));
    }
};

// The directory descriptor of a path_* call, which must have `rights`, and its checked path.
Expected<PathArgument, WasiErrno> pathArgument(WasiContext& wasi, const GuestMemory& memory, uint32_t fd,
                                               uint64_t rights, uint32_t path, uint32_t pathLen) {
    Descriptor* d = nullptr;
    if (auto e = wasi.lookup(fd, 0, d); e != WasiErrno::Success) return e;
    if (!d->isDirectory() || d->stream != Stream::Host) return WasiErrno::NotDir;
    if ((d->rightsBase & rights) != rights) return WasiErrno::NotCapable;
    auto text = guestPath(memory, path, pathLen);
    if (!text) return text.error();
    return PathArgument{d, std::move(*text)};
}

// For the calls that take nothing but a path and act on its last component itself.
Expected<ResolvedPath, WasiErrno> resolvedArgument(WasiContext& wasi, const GuestMemory& memory, uint32_t fd,
                                                   uint64_t rights, uint32_t path, uint32_t pathLen) {
    auto arg = pathArgument(wasi, memory, fd, rights, path, pathLen);
    if (!arg) return arg.error();
    return arg->resolve();
}

// Whether the last component (trailing slashes aside) is "..".
bool endsWithDotDot(std::string_view path) {
    while (path.size() > 1 && path.back() == '/') path.remove_suffix(1);
    return path == ".." || path.ends_with("/..");
}

WasiErrno lookupFlags(uint32_t flags, bool& follow) {
    if (flags & ~preview1::kLookupSymlinkFollow) return WasiErrno::Inval;
    follow = flags & preview1::kLookupSymlinkFollow;
    return WasiErrno::Success;
}

// The last component itself, not what a symbolic link there points to.
WasiErrno statLast(const ResolvedPath& resolved, struct stat& st) {
    return hostResult(::fstatat(resolved.dir.get(), resolved.name.c_str(), &st, AT_SYMLINK_NOFOLLOW));
}

WasiErrno statResolved(const ResolvedPath& resolved, struct stat& st) {
    if (auto e = statLast(resolved, st); e != WasiErrno::Success) return e;
    if (resolved.trailingSlash && !S_ISDIR(st.st_mode)) return WasiErrno::NotDir;
    return WasiErrno::Success;
}

// A path with a trailing slash must name an existing directory.
WasiErrno checkTrailingSlash(const ResolvedPath& resolved) {
    if (!resolved.trailingSlash) return WasiErrno::Success;
    struct stat st;
    return statResolved(resolved, st);
}

// Calls that create a link or symlink at `target` make a file, which a trailing slash cannot name.
WasiErrno refuseTrailingSlash(const ResolvedPath& target) {
    if (!target.trailingSlash) return WasiErrno::Success;
    struct stat st;
    return statLast(target, st) == WasiErrno::Success ? WasiErrno::Exist : WasiErrno::NoEnt;
}

}  // namespace

WasiErrno pathCreateDirectory(WasiContext& wasi, const GuestMemory& memory, uint32_t fd, uint32_t path,
                              uint32_t pathLen) {
    auto resolved = resolvedArgument(wasi, memory, fd, right::PathCreateDirectory, path, pathLen);
    if (!resolved) return resolved.error();
    return hostResult(::mkdirat(resolved->dir.get(), resolved->name.c_str(), 0777));
}

WasiErrno pathFilestatGet(WasiContext& wasi, const GuestMemory& memory, uint32_t fd, uint32_t flags,
                          uint32_t path, uint32_t pathLen, uint32_t filestatOut) {
    auto arg = pathArgument(wasi, memory, fd, right::PathFilestatGet, path, pathLen);
    if (!arg) return arg.error();
    bool follow;
    if (auto e = lookupFlags(flags, follow); e != WasiErrno::Success) return e;
    if (!memory.contains(filestatOut, preview1::filestat::Size)) return WasiErrno::Fault;
    auto resolved = arg->resolveFollowing(follow);
    if (!resolved) return resolved.error();
    struct stat st;
    if (auto e = statResolved(*resolved, st); e != WasiErrno::Success) return e;
    writeFilestat(memory, filestatOut, st);
    return WasiErrno::Success;
}

WasiErrno pathFilestatSetTimes(WasiContext& wasi, const GuestMemory& memory, uint32_t fd, uint32_t flags,
                               uint32_t path, uint32_t pathLen, uint64_t atim, uint64_t mtim,
                               uint32_t fstFlags) {
    auto arg = pathArgument(wasi, memory, fd, right::PathFilestatSetTimes, path, pathLen);
    if (!arg) return arg.error();
    bool follow;
    if (auto e = lookupFlags(flags, follow); e != WasiErrno::Success) return e;
    timespec times[2];
    if (auto e = hostTimes(atim, mtim, fstFlags, times); e != WasiErrno::Success) return e;
    auto resolved = arg->resolveFollowing(follow);
    if (!resolved) return resolved.error();
    if (auto e = checkTrailingSlash(*resolved); e != WasiErrno::Success) return e;
    // The final link, if any, was expanded beneath the root above: never let the kernel follow one.
    return hostResult(::utimensat(resolved->dir.get(), resolved->name.c_str(), times, AT_SYMLINK_NOFOLLOW));
}

WasiErrno pathLink(WasiContext& wasi, const GuestMemory& memory, uint32_t oldFd, uint32_t oldFlags,
                   uint32_t oldPath, uint32_t oldPathLen, uint32_t newFd, uint32_t newPath,
                   uint32_t newPathLen) {
    auto from = pathArgument(wasi, memory, oldFd, right::PathLinkSource, oldPath, oldPathLen);
    if (!from) return from.error();
    auto to = pathArgument(wasi, memory, newFd, right::PathLinkTarget, newPath, newPathLen);
    if (!to) return to.error();
    bool follow;
    if (auto e = lookupFlags(oldFlags, follow); e != WasiErrno::Success) return e;
    auto source = from->resolveFollowing(follow);
    if (!source) return source.error();
    auto target = to->resolve();
    if (!target) return target.error();
    if (auto e = checkTrailingSlash(*source); e != WasiErrno::Success) return e;
    if (auto e = refuseTrailingSlash(*target); e != WasiErrno::Success) return e;
    // Flags 0: a final symlink of the source was resolved beneath its root, or is linked itself.
    return hostResult(
        ::linkat(source->dir.get(), source->name.c_str(), target->dir.get(), target->name.c_str(), 0));
}

WasiErrno pathOpen(WasiContext& wasi, const GuestMemory& memory, uint32_t fd, uint32_t lookup, uint32_t path,
                   uint32_t pathLen, uint32_t oflagsIn, uint64_t rightsBase, uint64_t rightsInheriting,
                   uint32_t fdflagsIn, uint32_t fdOut) {
    auto arg = pathArgument(wasi, memory, fd, right::PathOpen, path, pathLen);
    if (!arg) return arg.error();
    bool follow;
    if (auto e = lookupFlags(lookup, follow); e != WasiErrno::Success) return e;
    if ((oflagsIn & ~uint32_t(preview1::oflags::All)) || (fdflagsIn & ~uint32_t(preview1::fdflags::All)))
        return WasiErrno::Inval;
    if (!memory.contains(fdOut, 4)) return WasiErrno::Fault;
    const auto oflags = uint16_t(oflagsIn);
    const auto fdflags = uint16_t(fdflagsIn);
    const Descriptor& dir = *arg->dir;

    // What the directory itself must allow for this open.
    uint64_t needed = 0;
    if (oflags & preview1::oflags::Creat) needed |= right::PathCreateFile;
    if (oflags & preview1::oflags::Trunc) needed |= right::PathFilestatSetSize;
    if (fdflags & preview1::fdflags::Dsync) needed |= right::FdDatasync;
    if (fdflags & (preview1::fdflags::Rsync | preview1::fdflags::Sync)) needed |= right::FdSync;
    if ((dir.rightsBase & needed) != needed) return WasiErrno::NotCapable;

    // The new descriptor gets at most what the directory passes on. Asking to write a file where
    // that is not allowed (a read-only preopen) is refused outright rather than quietly opened
    // read-only. A directory is opened for reading whatever the rights asked for: the spec lets an
    // open drop rights that do not apply to the type opened, and writing never applies to one.
    constexpr uint64_t kWriteRights = right::FdWrite | right::FdAllocate | right::FdFilestatSetSize;
    const bool directory = oflags & preview1::oflags::Directory;
    if (directory && (oflags & (preview1::oflags::Creat | preview1::oflags::Trunc))) return WasiErrno::Inval;
    if (!directory && ((rightsBase & kWriteRights) & ~dir.rightsInheriting)) return WasiErrno::NotCapable;
    const uint64_t base = rightsBase & dir.rightsInheriting;
    const uint64_t inheriting = rightsInheriting & dir.rightsInheriting;
    const bool read = base & (right::FdRead | right::FdReaddir);
    const bool write = !directory && (base & kWriteRights);

    int flags = (write ? (read ? O_RDWR : O_WRONLY) : O_RDONLY) | O_NOCTTY | hostFlagsFromFdflags(fdflags);
    if (oflags & preview1::oflags::Creat) flags |= O_CREAT;
    if (oflags & preview1::oflags::Excl) flags |= O_EXCL;
    if (oflags & preview1::oflags::Trunc) flags |= O_TRUNC;
    if (oflags & preview1::oflags::Directory) flags |= O_DIRECTORY;
    // Belt and braces for read-only trees: nothing that can change a file reaches the host.
    if (!(dir.rightsInheriting & right::FdWrite) && (flags & (O_ACCMODE | O_CREAT | O_TRUNC)) != O_RDONLY)
        return WasiErrno::NotCapable;

    auto opened = openBeneath(dir.hostFd, arg->path, flags, 0666, follow);
    if (!opened) return opened.error();
    struct stat st;
    if (::fstat(opened->get(), &st) != 0) return wasiErrnoFromHost(errno);

    auto d = std::make_unique<Descriptor>();
    d->type = fileTypeOf(st.st_mode);
    d->hostFd = opened->get();
    d->owned = std::move(*opened);
    d->flags = fdflags;
    d->rightsBase = base & maxRightsFor(d->type);
    d->rightsInheriting = d->isDirectory() ? inheriting : 0;
    auto number = wasi.insert(std::move(d));
    if (!number) return number.error();
    memory.write<uint32_t>(fdOut, *number);
    return WasiErrno::Success;
}

WasiErrno pathReadlink(WasiContext& wasi, const GuestMemory& memory, uint32_t fd, uint32_t path,
                       uint32_t pathLen, uint32_t buf, uint32_t bufLen, uint32_t bufusedOut) {
    auto arg = pathArgument(wasi, memory, fd, right::PathReadlink, path, pathLen);
    if (!arg) return arg.error();
    auto out = memory.range(buf, bufLen);
    if (!out || !memory.contains(bufusedOut, 4)) return WasiErrno::Fault;
    auto resolved = arg->resolveFollowing(false);
    if (!resolved) return resolved.error();
    auto target = readLinkAt(resolved->dir.get(), resolved->name.c_str());
    if (!target) return target.error();
    // Like readlink(2): as much as fits, no NUL.
    const size_t n = std::min(target->size(), out->size());
    std::copy_n(target->data(), n, out->data());
    memory.write<uint32_t>(bufusedOut, uint32_t(n));
    return WasiErrno::Success;
}

WasiErrno pathRemoveDirectory(WasiContext& wasi, const GuestMemory& memory, uint32_t fd, uint32_t path,
                              uint32_t pathLen) {
    auto arg = pathArgument(wasi, memory, fd, right::PathRemoveDirectory, path, pathLen);
    if (!arg) return arg.error();
    auto resolved = arg->resolve();
    if (!resolved) return resolved.error();
    // Resolution turns a last ".." into "." of the directory it names; rmdir(2) on Linux says
    // ENOTEMPTY for "..", and the kernel EINVAL for ".".
    if (endsWithDotDot(arg->path)) return WasiErrno::NotEmpty;
    return hostResult(::unlinkat(resolved->dir.get(), resolved->name.c_str(), AT_REMOVEDIR));
}

WasiErrno pathRename(WasiContext& wasi, const GuestMemory& memory, uint32_t fd, uint32_t oldPath,
                     uint32_t oldPathLen, uint32_t newFd, uint32_t newPath, uint32_t newPathLen) {
    auto from = pathArgument(wasi, memory, fd, right::PathRenameSource, oldPath, oldPathLen);
    if (!from) return from.error();
    auto to = pathArgument(wasi, memory, newFd, right::PathRenameTarget, newPath, newPathLen);
    if (!to) return to.error();
    auto source = from->resolve();
    if (!source) return source.error();
    auto target = to->resolve();
    if (!target) return target.error();
    // A trailing slash on either side: only a directory may move.
    if (source->trailingSlash || target->trailingSlash) {
        struct stat st;
        if (auto e = statLast(*source, st); e != WasiErrno::Success) return e;
        if (!S_ISDIR(st.st_mode)) return WasiErrno::NotDir;
    }
    return hostResult(
        ::renameat(source->dir.get(), source->name.c_str(), target->dir.get(), target->name.c_str()));
}

WasiErrno pathSymlink(WasiContext& wasi, const GuestMemory& memory, uint32_t oldPath, uint32_t oldPathLen,
                      uint32_t fd, uint32_t newPath, uint32_t newPathLen) {
    auto at = pathArgument(wasi, memory, fd, right::PathSymlink, newPath, newPathLen);
    if (!at) return at.error();
    auto target = guestPath(memory, oldPath, oldPathLen);
    if (!target) return target.error();
    auto resolved = at->resolve();
    if (!resolved) return resolved.error();
    if (auto e = refuseTrailingSlash(*resolved); e != WasiErrno::Success) return e;
    // The link's text is only ever resolved beneath a root here, but one that leads out would point
    // somewhere on the host for anyone else who follows it: refused before anything is made.
    if (auto e = checkSymlinkTarget(at->dir->hostFd, resolved->dir.get(), *target); e != WasiErrno::Success)
        return e;
    return hostResult(::symlinkat(target->c_str(), resolved->dir.get(), resolved->name.c_str()));
}

WasiErrno pathUnlinkFile(WasiContext& wasi, const GuestMemory& memory, uint32_t fd, uint32_t path,
                         uint32_t pathLen) {
    auto resolved = resolvedArgument(wasi, memory, fd, right::PathUnlinkFile, path, pathLen);
    if (!resolved) return resolved.error();
    // A trailing slash names a directory, which this does not remove.
    if (resolved->trailingSlash) {
        struct stat st;
        if (auto e = statLast(*resolved, st); e != WasiErrno::Success) return e;
        return S_ISDIR(st.st_mode) ? WasiErrno::IsDir : WasiErrno::NotDir;
    }
    return hostResult(::unlinkat(resolved->dir.get(), resolved->name.c_str(), 0));
}

}  // namespace faaslet::wasi
