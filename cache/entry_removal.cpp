#include "cache/entry_removal.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <string>

namespace faaslet::cache {

namespace fs = std::filesystem;

std::optional<DirectoryIdentity> identityOf(int fd) {
    struct stat st {};
    if (::fstat(fd, &st) != 0) return std::nullopt;
    return DirectoryIdentity{st.st_dev, st.st_ino};
}

std::optional<DirectoryIdentity> identityOf(const fs::path& path) {
    struct stat st {};
    if (::lstat(path.c_str(), &st) != 0) return std::nullopt;
    return DirectoryIdentity{st.st_dev, st.st_ino};
}

bool nonDirectoryAt(const fs::path& path) {
    struct stat st {};
    return ::lstat(path.c_str(), &st) == 0 && !S_ISDIR(st.st_mode);
}

void deleteTree(const fs::path& path) {
    std::error_code ignored;
    fs::remove_all(path, ignored);
}

Result<Removal> removeEntryDirectory(const Layout& layout, const fs::path& entry,
                                     std::optional<DirectoryIdentity> checked) {
    struct stat st {};
    if (::lstat(entry.c_str(), &st) != 0) {
        if (errno == ENOENT) return Removal::AlreadyGone;
        return CacheError::fromErrno(errno, "cannot examine " + entry.string());
    }
    if (!S_ISDIR(st.st_mode)) {
        // A file where an entry directory should be: not an entry, but it blocks the key.
        if (::unlink(entry.c_str()) == 0) return Removal::Removed;
        if (errno == ENOENT) return Removal::AlreadyGone;
        return CacheError::fromErrno(errno, "cannot remove " + entry.string());
    }
    // A fresh empty directory as the rename's target gives a unique trash name: rename(2) may
    // replace an empty directory.
    std::string trash = layout.trashPattern().string();
    if (!::mkdtemp(trash.data()))
        return CacheError::fromErrno(errno,
                                     "cannot create a trash directory in " + layout.entries().string());
    if (::rename(entry.c_str(), trash.c_str()) != 0) {
        const int err = errno;
        ::rmdir(trash.c_str());
        if (err == ENOENT) return Removal::AlreadyGone;
        return CacheError::fromErrno(err, "cannot remove " + entry.string());
    }
    if (checked && identityOf(fs::path(trash)) != checked) {
        // A writer replaced the damaged entry with a good one after it was checked: put that back.
        // If yet another entry was published meanwhile, the one in hand is a duplicate.
        if (::rename(trash.c_str(), entry.c_str()) == 0) return Removal::KeptNewer;
    }
    deleteTree(trash);
    return Removal::Removed;
}

}  // namespace faaslet::cache
