#include "cache/entry_removal.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <vector>

#include "cache/file_io.h"
#include "cache/layout.h"

namespace faaslet::cache {

namespace fs = std::filesystem;

namespace {

// Entries are two levels deep; anything deeper in a trash tree is not the cache's and is left.
constexpr int kMaxTreeDepth = 8;
constexpr int kNameAttempts = 16;

void deleteTreeAtDepth(int parent, const std::string& name, int depth);

void deleteContents(int directory, int depth) {
    if (depth > kMaxTreeDepth) return;
    const int listed = ::dup(directory);
    if (listed < 0) return;
    DIR* dir = ::fdopendir(listed);
    if (!dir) {
        ::close(listed);
        return;
    }
    std::vector<std::string> names;
    while (dirent* entry = ::readdir(dir)) {
        const std::string name = entry->d_name;
        if (name != "." && name != "..") names.push_back(name);
    }
    ::closedir(dir);
    for (const auto& name : names) deleteTreeAtDepth(directory, name, depth);
}

void deleteTreeAtDepth(int parent, const std::string& name, int depth) {
    if (::unlinkat(parent, name.c_str(), 0) == 0 || errno == ENOENT) return;
    UniqueFd child(::openat(parent, name.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
    if (!child.valid()) return;
    deleteContents(child.get(), depth + 1);
    ::unlinkat(parent, name.c_str(), AT_REMOVEDIR);
}

}  // namespace

std::optional<DirectoryIdentity> identityOf(int fd) {
    struct stat st {};
    if (::fstat(fd, &st) != 0) return std::nullopt;
    return DirectoryIdentity{st.st_dev, st.st_ino};
}

std::optional<DirectoryIdentity> identityAt(int parent, const std::string& name) {
    struct stat st {};
    if (::fstatat(parent, name.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0) return std::nullopt;
    return DirectoryIdentity{st.st_dev, st.st_ino};
}

void deleteTreeAt(int parent, const std::string& name) {
    deleteTreeAtDepth(parent, name, 0);
}

void deleteTree(const fs::path& path) {
    std::error_code ignored;
    fs::remove_all(path, ignored);
}

Result<std::string> makeUniqueDirectory(int parent, std::string_view prefix, const fs::path& shownParent) {
    static constexpr char kLetters[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    for (int attempt = 0; attempt < kNameAttempts; ++attempt) {
        uint8_t random[8];
        if (::getrandom(random, sizeof random, 0) != ssize_t(sizeof random))
            return Error::fromErrno(errno, "cannot draw a random name in " + shownParent.string());
        std::string name(prefix);
        for (uint8_t r : random) name.push_back(kLetters[r % (sizeof kLetters - 1)]);
        if (::mkdirat(parent, name.c_str(), 0700) == 0) return name;
        if (errno != EEXIST) return Error::fromErrno(errno, "cannot create a directory in " + shownParent.string());
    }
    return Error::fromErrno(EEXIST, "cannot create a directory in " + shownParent.string());
}

Result<Removal> removeEntryDirectory(int entriesFd, const std::string& name, const fs::path& shown,
                                     std::optional<DirectoryIdentity> checked) {
    struct stat st {};
    if (::fstatat(entriesFd, name.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0) {
        if (errno == ENOENT) return Removal::AlreadyGone;
        return Error::fromErrno(errno, "cannot examine " + shown.string());
    }
    if (!S_ISDIR(st.st_mode)) {
        // A file or link where an entry directory should be: not an entry, but it blocks the key.
        if (::unlinkat(entriesFd, name.c_str(), 0) == 0) return Removal::Removed;
        if (errno == ENOENT) return Removal::AlreadyGone;
        return Error::fromErrno(errno, "cannot remove " + shown.string());
    }
    // A fresh empty directory as the rename's target gives a unique trash name: rename(2) may
    // replace an empty directory.
    auto trash = makeUniqueDirectory(entriesFd, kTrashPrefix, shown.parent_path());
    if (!trash) return trash.error();
    if (::renameat(entriesFd, name.c_str(), entriesFd, trash->c_str()) != 0) {
        const int err = errno;
        ::unlinkat(entriesFd, trash->c_str(), AT_REMOVEDIR);
        if (err == ENOENT) return Removal::AlreadyGone;
        return Error::fromErrno(err, "cannot remove " + shown.string());
    }
    if (checked && identityAt(entriesFd, *trash) != checked) {
        // A writer replaced the damaged entry with a good one after it was checked: put that back.
        // If yet another entry was published meanwhile, the one in hand is a duplicate.
        if (::renameat(entriesFd, trash->c_str(), entriesFd, name.c_str()) == 0) return Removal::KeptNewer;
    }
    deleteTreeAt(entriesFd, *trash);
    return Removal::Removed;
}

}  // namespace faaslet::cache
