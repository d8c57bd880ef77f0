#pragma once
// Path resolution confined to a directory: the only way a guest path reaches the host filesystem.
//
// Every guest path is relative to a directory descriptor of the guest's (a preopen, or a directory
// opened beneath one) and is resolved beneath that directory's host descriptor, never by name from
// the host's root or working directory:
// - absolute paths are refused (ENOTCAPABLE), NUL bytes are refused (EINVAL) instead of silently
//   cutting the path short, paths longer than kMaxGuestPath are ENAMETOOLONG;
// - `..` may go up only as far as the directory itself (ENOTCAPABLE past it);
// - symbolic links are followed only beneath the directory too: an absolute target or one whose
//   `..` climbs out is ENOTCAPABLE, more than kMaxSymlinkExpansions links is ELOOP;
// - operations on the last component use the *at() calls with no-follow on a directory descriptor
//   that was itself opened beneath the root, so swapping a component for a symlink between the
//   check and the use (TOCTOU) cannot redirect the operation outside.
//
// Two strategies do the walking. openat2(RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS) (Linux 5.6) lets
// the kernel enforce the confinement atomically; where the kernel lacks it (ENOSYS, or a seccomp
// profile that refuses it), a component-by-component walk opens each directory with O_NOFOLLOW
// relative to the previous one, keeps its own stack of directory descriptors for `..` (so it never
// asks the kernel for a parent above the root) and expands symlinks itself.

#include <sys/types.h>

#include <string>
#include <string_view>

#include "common/expected.h"
#include "common/unique_fd.h"
#include "wasi/errors.h"

namespace faaslet::wasi {

constexpr size_t kMaxGuestPath = 4096;     // PATH_MAX
constexpr int kMaxSymlinkExpansions = 40;  // Linux's own limit

enum class ResolveStrategy {
    Auto,     // openat2 when the kernel has it, else Walk
    Openat2,  // only meaningful when kernelHasOpenat2()
    Walk,
};
// Process-wide. Tests force each strategy in turn; everything else leaves it at Auto.
void setResolveStrategy(ResolveStrategy strategy);
// The strategy in effect (Auto resolved to one of the other two).
ResolveStrategy effectiveResolveStrategy();
bool kernelHasOpenat2();

// The checks every guest path passes before it is resolved: EINVAL for NUL bytes, ENAMETOOLONG past
// kMaxGuestPath, ENOTCAPABLE for absolute paths, ENOENT for the empty path.
WasiErrno checkGuestPath(std::string_view path);

// Where a path leads: the directory holding its last component (opened O_PATH beneath the root) and
// that component, which is never empty, never contains '/' and is never "..": a path ending in "."
// or ".." names the directory itself, given as dir + ".".
struct ResolvedPath {
    UniqueFd dir;
    std::string name;
    bool trailingSlash = false;  // the path ended in '/': what it names must be a directory
};

// Resolves `path` beneath `root`. With followFinal, a symbolic link in the last position is
// expanded (again beneath `root`) until the last component is not a link; the last component need
// not exist. A trailing slash is reported, not acted on: each operation gives it its POSIX meaning.
Expected<ResolvedPath, WasiErrno> resolveBeneath(int root, std::string_view path, bool followFinal);

// Opens `path` beneath `root` with open(2) `flags` (O_CLOEXEC is added; O_NOFOLLOW too unless
// followFinal). `mode` applies with O_CREAT. O_CREAT | O_EXCL never follows a final link.
Expected<UniqueFd, WasiErrno> openBeneath(int root, std::string_view path, int flags, mode_t mode,
                                          bool followFinal);

// The target of the symbolic link `name` in `dir` (`name` empty: `dir` is an O_PATH descriptor of
// the link itself).
Expected<std::string, WasiErrno> readLinkAt(int dir, const char* name);

// Whether a symbolic link with text `target`, made in directory `linkDir` (beneath `root`), stays
// beneath `root` when read lexically from `linkDir`: ENOTCAPABLE for an absolute target or one whose
// `..` climbs above `root` at any step. Such a link could never be followed by the guest, but it
// would be left on the host for host tools, or a later run with a wider preopen, to follow out.
WasiErrno checkSymlinkTarget(int root, int linkDir, std::string_view target);

// Opens a host directory to preopen for a guest. The error is a message for the user.
Expected<UniqueFd, std::string> openHostDirectory(const std::string& hostPath);

}  // namespace faaslet::wasi
