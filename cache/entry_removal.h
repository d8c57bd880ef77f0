#pragma once
// Taking an entry out of the cache while other processes may be reading it, removing it too, or
// publishing a fresh one under the same key. The entry directory is first renamed to a trash name
// (one atomic step: readers see the whole entry or a miss, never half of one), then deleted.
// Processes that have the object loaded keep it: they hold a sealed copy (sealed_image.h).
// Everything here works from the entries folder's descriptor, never from a path.

#include <sys/types.h>

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "cache/error.h"

namespace faaslet::cache {

// Which directory a caller checked: a writer may replace the entry between the check and the
// removal, and the fresh entry must survive.
struct DirectoryIdentity {
    dev_t device = 0;
    ino_t inode = 0;
    bool operator==(const DirectoryIdentity&) const = default;
};
std::optional<DirectoryIdentity> identityOf(int fd);
// Of `name` in `parent` itself, not what a link there points to.
std::optional<DirectoryIdentity> identityAt(int parent, const std::string& name);

enum class Removal : uint8_t {
    Removed,
    AlreadyGone,  // someone else removed it first
    KeptNewer,    // the directory at that name was no longer the one checked: left in place
};

// Removes the entry `name` of the entries folder `entriesFd` (`shown` is its path, for messages);
// with `checked`, only if it is still that directory. A file or link at the name is unlinked.
Result<Removal> removeEntryDirectory(int entriesFd, const std::string& name, const std::filesystem::path& shown,
                                     std::optional<DirectoryIdentity> checked);

// Makes a new directory (mode 0700) in `parent` named `prefix` and random characters; its name.
Result<std::string> makeUniqueDirectory(int parent, std::string_view prefix, const std::filesystem::path& shownParent);

// Deletes the directory tree `name` in `parent` (no longer reachable under an entry name: trash, a
// temporary directory) without following links, ignoring errors: a concurrent deleter may be at
// the same tree.
void deleteTreeAt(int parent, const std::string& name);
// The same for a private directory known by path (a scratch directory).
void deleteTree(const std::filesystem::path& path);

}  // namespace faaslet::cache
