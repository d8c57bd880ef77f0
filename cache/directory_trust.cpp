#include "cache/directory_trust.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace faaslet::cache {

std::optional<std::string> untrustedReason(const std::filesystem::path& directory, TrustRule rule) {
    struct stat st {};
    if (::stat(directory.c_str(), &st) != 0) return directory.string() + ": " + std::strerror(errno);
    if (!S_ISDIR(st.st_mode)) return directory.string() + " is not a directory";
    if (st.st_uid != ::geteuid() && st.st_uid != 0)
        return directory.string() + " belongs to another user (uid " + std::to_string(st.st_uid) + ")";
    const bool othersWrite = (st.st_mode & (S_IWGRP | S_IWOTH)) != 0;
    if (othersWrite && !(rule == TrustRule::Root && (st.st_mode & S_ISVTX)))
        return directory.string() + " is writable by other users";
    return std::nullopt;
}

}  // namespace faaslet::cache
