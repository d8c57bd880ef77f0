#pragma once
// Taking an entry out of the cache while other processes may be reading it, removing it too, or
// publishing a fresh one under the same key. The entry directory is first renamed to a trash name
// (one atomic step: readers see the whole entry or a miss, never half of one), then deleted.
// Processes that have the object mapped keep their mapping; unlinking does not disturb it.

#include <sys/types.h>

#include <filesystem>
#include <optional>

#include "cache/error.h"
#include "cache/layout.h"

namespace faaslet::cache {

// Which directory a caller checked: a writer may replace the entry between the check and the
// removal, and the fresh entry must survive.
struct DirectoryIdentity {
    dev_t device = 0;
    ino_t inode = 0;
    bool operator==(const DirectoryIdentity&) const = default;
};
std::optional<DirectoryIdentity> identityOf(int fd);
std::optional<DirectoryIdentity> identityOf(const std::filesystem::path& path);

enum class Removal : uint8_t {
    Removed,
    AlreadyGone,  // someone else removed it first
    KeptNewer,    // the directory at that name was no longer the one checked: left in place
};

// Removes the entry directory `entry` (a child of layout.entries()); with `checked`, only if it is
// still that directory.
Result<Removal> removeEntryDirectory(const Layout& layout, const std::filesystem::path& entry,
                                     std::optional<DirectoryIdentity> checked);

// True when something other than a directory (a file, a link) is at `path` itself. Tells an
// entry name taken by a stray file from a path that fails because a parent is not a directory.
bool nonDirectoryAt(const std::filesystem::path& path);

// Deletes a directory tree that is no longer reachable under an entry name (trash, a temporary
// directory), ignoring errors: a concurrent deleter may be at the same tree.
void deleteTree(const std::filesystem::path& path);

}  // namespace faaslet::cache
