#include "cache/trusted_directory.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <deque>
#include <vector>

namespace faaslet::cache {

namespace fs = std::filesystem;

namespace {

// As the kernel bounds a path's links (MAXSYMLINKS).
constexpr int kMaxLinks = 40;
// A directory another process removes as often as this one makes it is not worth waiting for.
constexpr int kCreateAttempts = 4;

constexpr int kDirectoryFlags = O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC;

bool ownedByUs(const struct stat& st) {
    return st.st_uid == ::geteuid() || st.st_uid == 0;
}

bool othersMayWrite(const struct stat& st) {
    return (st.st_mode & (S_IWGRP | S_IWOTH)) != 0;
}

std::vector<std::string> componentsOf(const fs::path& path) {
    std::vector<std::string> names;
    for (const auto& part : path.relative_path()) names.push_back(part.string());
    return names;
}

// Opens `name` in `parent` as a directory, making it first if `missing` says so. Returns the
// descriptor, or errno (ELOOP or ENOTDIR when something other than a directory is there).
Expected<UniqueFd, int> openOrMake(int parent, const std::string& name, Missing missing) {
    for (int attempt = 0; attempt < kCreateAttempts; ++attempt) {
        UniqueFd fd(::openat(parent, name.c_str(), kDirectoryFlags));
        if (fd.valid()) return fd;
        if (errno != ENOENT || missing == Missing::Fail) return errno;
        if (::mkdirat(parent, name.c_str(), 0700) != 0 && errno != EEXIST) return errno;
    }
    return ENOENT;
}

Error walkError(int err, const fs::path& shown) {
    if (err == ENOENT) return Error::make(Error::Kind::NotFound, "no directory " + shown.string(), err);
    if (err == ENOTDIR) return Error::fromErrno(err, shown.string() + " is not a directory");
    return Error::fromErrno(err, "cannot open " + shown.string());
}

}  // namespace

std::optional<std::string> untrustedReason(const struct stat& st, const std::string& what, TrustRule rule) {
    if (!ownedByUs(st))
        return what + " belongs to another user (uid " + std::to_string(st.st_uid) + ")";
    if (othersMayWrite(st) && !(rule == TrustRule::Shared && S_ISDIR(st.st_mode) && (st.st_mode & S_ISVTX)))
        return what + " is writable by other users";
    return std::nullopt;
}

Result<UniqueFd> openTrustedChild(int parent, const std::string& name, const fs::path& shown, TrustRule rule,
                            Missing missing) {
    auto fd = openOrMake(parent, name, missing);
    if (!fd) {
        if (fd.error() == ELOOP) return Error::make(Error::Kind::Untrusted, shown.string() + " is a symbolic link");
        return walkError(fd.error(), shown);
    }
    struct stat st {};
    if (::fstat(fd->get(), &st) != 0) return Error::fromErrno(errno, "cannot examine " + shown.string());
    if (auto why = untrustedReason(st, shown.string(), rule)) return Error::make(Error::Kind::Untrusted, *why);
    return std::move(*fd);
}

Result<UniqueFd> openTrustedDirectory(const fs::path& path, Missing missing) {
    std::error_code ec;
    const fs::path absolute = path.is_absolute() ? path : fs::current_path(ec) / path;
    if (ec) return Error::fromErrno(ec.value(), "cannot resolve " + path.string());

    // The directories walked so far, each the physical parent of the next, so that ".." (after a
    // link) goes back to a directory that was itself checked.
    struct Step {
        UniqueFd fd;
        fs::path shown;
        bool othersWrite = false;
    };
    std::vector<Step> chain;
    {
        UniqueFd root(::open("/", kDirectoryFlags));
        if (!root.valid()) return Error::fromErrno(errno, "cannot open /");
        struct stat st {};
        if (::fstat(root.get(), &st) != 0) return Error::fromErrno(errno, "cannot examine /");
        if (auto why = untrustedReason(st, "/", TrustRule::Shared))
            return Error::make(Error::Kind::Untrusted, *why);
        chain.push_back({std::move(root), "/", othersMayWrite(st)});
    }
    auto pendingNames = componentsOf(absolute);
    std::deque<std::string> pending(pendingNames.begin(), pendingNames.end());
    int links = 0;
    while (!pending.empty()) {
        const std::string name = std::move(pending.front());
        pending.pop_front();
        if (name.empty() || name == ".") continue;
        if (name == "..") {
            if (chain.size() > 1) chain.pop_back();
            continue;
        }
        const Step& parent = chain.back();
        const fs::path shown = parent.shown / name;
        auto next = openOrMake(parent.fd.get(), name, missing);
        if (!next && (next.error() == ELOOP || next.error() == ENOTDIR)) {
            struct stat link {};
            if (::fstatat(parent.fd.get(), name.c_str(), &link, AT_SYMLINK_NOFOLLOW) != 0 || !S_ISLNK(link.st_mode))
                return walkError(ENOTDIR, shown);
            // In a sticky shared directory anyone may have made the link; only ours are followed.
            if (parent.othersWrite && !ownedByUs(link))
                return Error::make(Error::Kind::Untrusted,
                                        shown.string() + " is a symbolic link of another user (uid " +
                                            std::to_string(link.st_uid) + ")");
            if (++links > kMaxLinks) return walkError(ELOOP, shown);
            std::vector<char> target(size_t(link.st_size > 0 ? link.st_size : 255) + 1);
            const ssize_t length = ::readlinkat(parent.fd.get(), name.c_str(), target.data(), target.size());
            if (length < 0) return Error::fromErrno(errno, "cannot read the link " + shown.string());
            if (size_t(length) >= target.size()) return walkError(ENAMETOOLONG, shown);
            const fs::path linked(std::string(target.data(), size_t(length)));
            const auto names = componentsOf(linked);
            pending.insert(pending.begin(), names.begin(), names.end());
            if (linked.is_absolute()) chain.resize(1);
            continue;
        }
        if (!next) return walkError(next.error(), shown);
        struct stat st {};
        if (::fstat(next->get(), &st) != 0) return Error::fromErrno(errno, "cannot examine " + shown.string());
        if (auto why = untrustedReason(st, shown.string(), TrustRule::Shared))
            return Error::make(Error::Kind::Untrusted, *why);
        chain.push_back({std::move(*next), shown, othersMayWrite(st)});
    }
    return std::move(chain.back().fd);
}

}  // namespace faaslet::cache
