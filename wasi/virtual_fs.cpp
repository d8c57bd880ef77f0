#include "wasi/virtual_fs.h"

#include <fcntl.h>
#include <linux/openat2.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <vector>

namespace faaslet::wasi {

namespace {

std::atomic<ResolveStrategy> gStrategy{ResolveStrategy::Auto};

// Symbolic-link expansion may grow a path; past this the walk gives up with ENAMETOOLONG.
constexpr size_t kMaxExpandedPath = 16 * kMaxGuestPath;
// The walk keeps one descriptor per directory level; a deeper path is ENAMETOOLONG rather than a
// burst of host descriptors every thread of the process shares.
constexpr size_t kMaxWalkDepth = 1024;
// openat2 answers EAGAIN when a rename raced with a `..` step; it is retried this often.
constexpr int kOpenat2Retries = 32;
// How often an open is retried when the last component turned into a symlink under our feet.
constexpr int kRaceRetries = 8;

constexpr uint64_t kBeneath = RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS;

long openat2Raw(int dir, const char* path, int flags, mode_t mode, uint64_t resolve) {
    open_how how{};
    how.flags = uint64_t(uint32_t(flags));
    how.mode = (flags & O_CREAT) ? mode : 0;
    how.resolve = resolve;
    return syscall(SYS_openat2, dir, path, &how, sizeof how);
}

bool probeOpenat2() {
    long fd = openat2Raw(AT_FDCWD, "/", O_PATH | O_CLOEXEC, 0, RESOLVE_NO_MAGICLINKS);
    if (fd < 0) return false;  // ENOSYS, or EPERM/E2BIG from a filter or an old kernel
    ::close(int(fd));
    return true;
}

bool useOpenat2() {
    return gStrategy.load(std::memory_order_relaxed) != ResolveStrategy::Walk && kernelHasOpenat2();
}

// openat2 beneath `root`, retrying the EAGAIN that a concurrent rename can cause; EXDEV (the path
// would leave `root`) is ENOTCAPABLE for the guest.
Expected<UniqueFd, WasiErrno> openat2Beneath(int root, const std::string& path, int flags, mode_t mode) {
    for (int attempt = 0;; ++attempt) {
        long fd = openat2Raw(root, path.c_str(), flags | O_CLOEXEC, mode, kBeneath);
        if (fd >= 0) return UniqueFd(int(fd));
        if (errno == EAGAIN && attempt < kOpenat2Retries) continue;
        if (errno == EXDEV) return WasiErrno::NotCapable;
        return wasiErrnoFromHost(errno);
    }
}

// The target of a symbolic link met on the way, which may only lead somewhere beneath the root: an
// absolute one is ENOTCAPABLE, an empty one ENOENT (as Linux says).
Expected<std::string, WasiErrno> linkTargetBeneath(int dir, const char* name) {
    auto target = readLinkAt(dir, name);
    if (!target) return target.error();
    if (target->empty()) return WasiErrno::NoEnt;
    if ((*target)[0] == '/') return WasiErrno::NotCapable;
    return target;
}

// Pushes the components of `path` so that the first is on top (back) of `pending`.
void pushComponents(std::vector<std::string>& pending, std::string_view path) {
    size_t end = path.size();
    while (end > 0) {
        size_t start = path.rfind('/', end - 1);
        start = start == std::string_view::npos ? 0 : start + 1;
        if (end > start) pending.emplace_back(path.substr(start, end - start));
        if (start == 0) break;
        end = start - 1;
    }
}

// Opens the directory `path` names beneath `root` one component at a time, each with O_NOFOLLOW
// relative to the one before. `..` pops our own stack of descriptors, so the kernel is never asked
// for a parent and a directory moved elsewhere cannot take the walk with it past the root.
Expected<UniqueFd, WasiErrno> walkDirectory(int root, std::string_view path) {
    std::vector<std::string> pending;
    pushComponents(pending, path);
    std::vector<UniqueFd> stack;
    int expansions = 0;
    size_t expandedBytes = path.size();
    while (!pending.empty()) {
        std::string component = std::move(pending.back());
        pending.pop_back();
        if (component == ".") continue;
        if (component == "..") {
            if (stack.empty()) return WasiErrno::NotCapable;
            stack.pop_back();
            continue;
        }
        const int current = stack.empty() ? root : stack.back().get();
        UniqueFd fd(::openat(current, component.c_str(), O_PATH | O_NOFOLLOW | O_CLOEXEC));
        if (!fd) return wasiErrnoFromHost(errno);
        struct stat st;
        if (::fstat(fd.get(), &st) != 0) return wasiErrnoFromHost(errno);
        if (S_ISDIR(st.st_mode)) {
            if (stack.size() >= kMaxWalkDepth) return WasiErrno::NameTooLong;
            stack.push_back(std::move(fd));
            continue;
        }
        if (!S_ISLNK(st.st_mode)) return WasiErrno::NotDir;
        if (++expansions > kMaxSymlinkExpansions) return WasiErrno::Loop;
        auto target = linkTargetBeneath(fd.get(), "");
        if (!target) return target.error();
        expandedBytes += target->size();
        if (expandedBytes > kMaxExpandedPath) return WasiErrno::NameTooLong;
        pushComponents(pending, *target);
    }
    if (!stack.empty()) return std::move(stack.back());
    UniqueFd self(::openat(root, ".", O_PATH | O_DIRECTORY | O_CLOEXEC));
    if (!self) return wasiErrnoFromHost(errno);
    return self;
}

Expected<UniqueFd, WasiErrno> openDirectoryBeneath(int root, const std::string& path) {
    if (useOpenat2()) return openat2Beneath(root, path, O_PATH | O_DIRECTORY, 0);
    return walkDirectory(root, path);
}

struct SplitPath {
    std::string dir;   // "." when the path has one component
    std::string name;  // "." for the directory itself
    bool trailingSlash = false;
};

// Splits a checked (non-empty, relative) path into its directory part and last component.
SplitPath splitPath(std::string_view path) {
    SplitPath out;
    size_t end = path.size();
    while (end > 0 && path[end - 1] == '/') {
        --end;
        out.trailingSlash = true;
    }
    const std::string_view trimmed = path.substr(0, end);
    const size_t cut = trimmed.rfind('/');
    const std::string_view name = cut == std::string_view::npos ? trimmed : trimmed.substr(cut + 1);
    if (name == "." || name == "..") {
        out.dir = std::string(trimmed);
        out.name = ".";
        return out;
    }
    out.dir = cut == std::string_view::npos ? std::string(".") : std::string(trimmed.substr(0, cut));
    if (out.dir.empty()) out.dir = ".";
    out.name = std::string(name);
    return out;
}

bool sameFile(const struct stat& a, const struct stat& b) {
    return a.st_dev == b.st_dev && a.st_ino == b.st_ino;
}

// How many levels `dir` lies beneath `root`, found by climbing `..` from `dir` until `root` is met
// (the directory was resolved beneath `root`, so it is met unless a rename moved it out meanwhile:
// ENOTCAPABLE then, as when the host's root is reached first).
Expected<size_t, WasiErrno> depthBeneath(int root, int dir) {
    struct stat rootStat, here;
    if (::fstat(root, &rootStat) != 0 || ::fstat(dir, &here) != 0) return wasiErrnoFromHost(errno);
    UniqueFd current;
    int at = dir;
    for (size_t depth = 0; depth <= kMaxWalkDepth; ++depth) {
        if (sameFile(here, rootStat)) return depth;
        UniqueFd parent(::openat(at, "..", O_PATH | O_DIRECTORY | O_CLOEXEC));
        if (!parent) return wasiErrnoFromHost(errno);
        struct stat above;
        if (::fstat(parent.get(), &above) != 0) return wasiErrnoFromHost(errno);
        if (sameFile(above, here)) return WasiErrno::NotCapable;  // the host's root
        current = std::move(parent);
        at = current.get();
        here = above;
    }
    return WasiErrno::NotCapable;
}

}  // namespace

void setResolveStrategy(ResolveStrategy strategy) {
    gStrategy.store(strategy, std::memory_order_relaxed);
}

ResolveStrategy effectiveResolveStrategy() {
    return useOpenat2() ? ResolveStrategy::Openat2 : ResolveStrategy::Walk;
}

bool kernelHasOpenat2() {
    static const bool available = probeOpenat2();
    return available;
}

WasiErrno checkGuestPath(std::string_view path) {
    if (path.size() > kMaxGuestPath) return WasiErrno::NameTooLong;
    if (path.find('\0') != std::string_view::npos) return WasiErrno::Inval;
    if (path.empty()) return WasiErrno::NoEnt;
    if (path.front() == '/') return WasiErrno::NotCapable;
    return WasiErrno::Success;
}

Expected<std::string, WasiErrno> readLinkAt(int dir, const char* name) {
    std::string buffer(kMaxGuestPath + 1, '\0');
    ssize_t n = ::readlinkat(dir, name, buffer.data(), buffer.size());
    if (n < 0) return wasiErrnoFromHost(errno);
    if (size_t(n) == buffer.size()) return WasiErrno::NameTooLong;
    buffer.resize(size_t(n));
    return buffer;
}

Expected<ResolvedPath, WasiErrno> resolveBeneath(int root, std::string_view path, bool followFinal) {
    if (auto e = checkGuestPath(path); e != WasiErrno::Success) return e;
    std::string current(path);
    for (int expansions = 0;; ++expansions) {
        SplitPath split = splitPath(current);
        auto dir = openDirectoryBeneath(root, split.dir);
        if (!dir) return dir.error();
        ResolvedPath resolved{std::move(*dir), std::move(split.name), split.trailingSlash};
        if (!followFinal || resolved.name == ".") return resolved;

        struct stat st;
        if (::fstatat(resolved.dir.get(), resolved.name.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0) {
            if (errno == ENOENT) return resolved;  // creating it is the caller's business
            return wasiErrnoFromHost(errno);
        }
        if (!S_ISLNK(st.st_mode)) return resolved;
        if (expansions >= kMaxSymlinkExpansions) return WasiErrno::Loop;
        auto target = linkTargetBeneath(resolved.dir.get(), resolved.name.c_str());
        if (!target) return target.error();
        // The target is relative to the link's directory: resolve it from the root through the same
        // directory part, so its `..` is checked against the root like any other.
        current = split.dir + "/" + *target + (split.trailingSlash ? "/" : "");
        if (current.size() > kMaxExpandedPath) return WasiErrno::NameTooLong;
    }
}

Expected<UniqueFd, WasiErrno> openBeneath(int root, std::string_view path, int flags, mode_t mode,
                                          bool followFinal) {
    if (auto e = checkGuestPath(path); e != WasiErrno::Success) return e;
    if ((flags & (O_CREAT | O_EXCL)) == (O_CREAT | O_EXCL)) followFinal = false;  // as open(2)
    if (useOpenat2())
        return openat2Beneath(root, std::string(path), flags | (followFinal ? 0 : O_NOFOLLOW), mode);

    // A trailing slash makes open(2) follow a final link whatever the flags; so does the walk.
    if (path.back() == '/') followFinal = true;
    for (int attempt = 0; attempt < kRaceRetries; ++attempt) {
        auto resolved = resolveBeneath(root, path, followFinal);
        if (!resolved) return resolved.error();
        // No trailing slash on the name: it would make the kernel follow a final symlink itself.
        const int hostFlags = flags | O_NOFOLLOW | O_CLOEXEC | (resolved->trailingSlash ? O_DIRECTORY : 0);
        UniqueFd fd(::openat(resolved->dir.get(), resolved->name.c_str(), hostFlags, mode));
        const int error = errno;
        if (fd) {
            if (!(flags & O_PATH) || !followFinal) return fd;
            // O_PATH | O_NOFOLLOW opens a link itself: if one appeared since the resolution, start
            // over.
            struct stat st;
            if (::fstat(fd.get(), &st) != 0) return wasiErrnoFromHost(errno);
            if (!S_ISLNK(st.st_mode)) return fd;
            continue;
        }
        if (error == ELOOP && followFinal) {
            // The last component became a symlink between the resolution and the open: again.
            struct stat st;
            if (::fstatat(resolved->dir.get(), resolved->name.c_str(), &st, AT_SYMLINK_NOFOLLOW) == 0 &&
                S_ISLNK(st.st_mode))
                continue;
        }
        return wasiErrnoFromHost(error);
    }
    return WasiErrno::Loop;
}

WasiErrno checkSymlinkTarget(int root, int linkDir, std::string_view target) {
    if (target.starts_with('/')) return WasiErrno::NotCapable;
    auto depth = depthBeneath(root, linkDir);
    if (!depth) return depth.error();
    size_t level = *depth;
    for (size_t start = 0; start <= target.size();) {
        size_t end = std::min(target.find('/', start), target.size());
        std::string_view component = target.substr(start, end - start);
        if (component == "..") {
            if (level == 0) return WasiErrno::NotCapable;
            --level;
        } else if (!component.empty() && component != ".") {
            ++level;
        }
        start = end + 1;
    }
    return WasiErrno::Success;
}

Expected<UniqueFd, std::string> openHostDirectory(const std::string& hostPath) {
    UniqueFd fd(::open(hostPath.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (!fd) return hostPath + ": " + std::strerror(errno);
    return fd;
}

}  // namespace faaslet::wasi
