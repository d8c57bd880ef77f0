#include "cache/build_claim.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>

#include <cerrno>

#include "cache/entries_folder.h"

namespace faaslet::cache {

namespace {

// flock(2) through EINTR; 0 or an errno (EWOULDBLOCK when `operation` has LOCK_NB and it is held).
int lockFile(int fd, int operation) {
    while (::flock(fd, operation) != 0)
        if (errno != EINTR) return errno;
    return 0;
}

bool sameFile(const struct stat& a, const struct stat& b) {
    return a.st_dev == b.st_dev && a.st_ino == b.st_ino;
}

// Whether the locked `fd` is still the file at `name`: a claimant that finished removed its file
// after we opened it and before we got the lock, and a lock on a removed file claims nothing.
bool stillNamed(int entriesFd, const std::string& name, int fd) {
    struct stat held {}, named {};
    return ::fstat(fd, &held) == 0 && ::fstatat(entriesFd, name.c_str(), &named, AT_SYMLINK_NOFOLLOW) == 0 &&
           sameFile(held, named);
}

}  // namespace

BuildClaim::~BuildClaim() {
    // Removed while still locked: whoever opens the name after this makes a new file, and whoever
    // opened the old one sees that it is no longer named (stillNamed) and tries again.
    if (file_.valid() && stillNamed(entries_.get(), name_, file_.get()))
        ::unlinkat(entries_.get(), name_.c_str(), 0);
}

Result<std::optional<BuildClaim>> claimBuild(const Layout& layout, const CacheKey& key, IfClaimed ifClaimed) {
    auto entries = openEntriesFolder(layout, Missing::Create);
    if (!entries) return entries.error();
    const std::string name = kBuildClaimPrefix + key.hex();
    const auto shown = layout.entries() / name;
    const int operation = LOCK_EX | (ifClaimed == IfClaimed::GiveUp ? LOCK_NB : 0);
    for (;;) {
        UniqueFd file(::openat(entries->get(), name.c_str(), O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600));
        if (!file.valid()) return Error::fromErrno(errno, "cannot open " + shown.string());
        struct stat st {};
        if (::fstat(file.get(), &st) != 0) return Error::fromErrno(errno, "cannot inspect " + shown.string());
        if (!S_ISREG(st.st_mode) || st.st_uid != ::geteuid())
            return Error::make(Error::Kind::Untrusted, shown.string() + " is not a file of this user's");
        if (int err = lockFile(file.get(), operation)) {
            if (err == EWOULDBLOCK) return std::optional<BuildClaim>();
            return Error::fromErrno(err, "cannot lock " + shown.string());
        }
        if (stillNamed(entries->get(), name, file.get()))
            return std::optional<BuildClaim>(BuildClaim(std::move(*entries), std::move(file), name));
    }
}

bool removeAbandonedClaim(int entriesFd, const std::string& name) {
    UniqueFd file(::openat(entriesFd, name.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK));
    if (!file.valid() || lockFile(file.get(), LOCK_EX | LOCK_NB) != 0) return false;
    struct stat st {};
    if (::fstat(file.get(), &st) != 0 || !S_ISREG(st.st_mode) || !stillNamed(entriesFd, name, file.get()))
        return false;
    return ::unlinkat(entriesFd, name.c_str(), 0) == 0;
}

}  // namespace faaslet::cache
