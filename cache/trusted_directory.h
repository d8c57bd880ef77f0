#pragma once
// Whoever can write the cache, or any directory above it, chooses the code that runs: checksums do
// not help against a writer who computes them too, and a directory that can be renamed under a
// reader turns every check of a path into a race. So the cache's directories are reached only by
// descriptor, walking from "/" one name at a time with openat(O_NOFOLLOW | O_DIRECTORY), and each
// directory is judged by fstat on the very descriptor the walk goes on from: it must belong to this
// user or root, and no one else may write it — unless it is sticky (like /tmp), where others may
// add names but cannot rename or remove ours.
//
// A symbolic link met on the way is followed only when the directory holding it passed and the
// link could not have been put there by someone else (it is this user's or root's, or its directory
// is writable by no one else); its target is walked the same way. The entries folder and every
// entry under it are private (TrustRule::Private) and never followed through a link.

#include <sys/stat.h>

#include <filesystem>
#include <optional>
#include <string>

#include "cache/error.h"
#include "cache/file_io.h"

namespace faaslet::cache {

enum class TrustRule : uint8_t {
    Shared,   // directories on the way to the cache, and the cache directory: sticky may be shared
    Private,  // the entries folder and what is in it: no one else may write it, sticky or not
};

// Nullopt when the file `st` describes (called `what` in the message) passes `rule`, else why not.
std::optional<std::string> untrustedReason(const struct stat& st, const std::string& what, TrustRule rule);

enum class Missing : uint8_t {
    Fail,    // NotFound when a directory on the way does not exist
    Create,  // make missing directories, mode 0700 whatever the umask
};

// The directory `path` (relative ones against the working directory), opened by the walk above.
// NotFound, Untrusted (saying which directory and why), or an I/O error.
Result<UniqueFd> openTrustedDirectory(const std::filesystem::path& path, Missing missing);

// The directory `name` in the trusted directory `parent`, never through a link, checked by `rule`.
// `shown` is its path for messages. ENOENT is NotFound unless `missing` creates it.
Result<UniqueFd> openTrustedChild(int parent, const std::string& name, const std::filesystem::path& shown,
                            TrustRule rule, Missing missing);

}  // namespace faaslet::cache
