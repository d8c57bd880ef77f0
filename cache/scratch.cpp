#include "cache/scratch.h"

#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <string>
#include <string_view>

#include "cache/entry_removal.h"

namespace faaslet::cache {

namespace fs = std::filesystem;

namespace {

constexpr std::string_view kPrefix = "faaslet-scratch-";

// A process killed by a signal leaves its scratch directory behind; the next one to make a
// scratch directory removes those whose process is gone. Only directories this user owns and
// nobody else may enter are taken for ours: in a sticky /tmp nobody else can rename them.
void removeAbandoned(const fs::path& base) {
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(base, ec)) {
        const std::string name = entry.path().filename().string();
        if (name.rfind(kPrefix, 0) != 0) continue;
        const std::string rest = name.substr(kPrefix.size());
        const size_t dash = rest.find('-');
        if (dash == std::string::npos || dash == 0) continue;
        char* end = nullptr;
        const long pid = std::strtol(rest.c_str(), &end, 10);
        if (end != rest.c_str() + dash || pid <= 0) continue;
        struct stat st;
        if (::lstat(entry.path().c_str(), &st) != 0 || !S_ISDIR(st.st_mode) || st.st_uid != ::geteuid() ||
            (st.st_mode & 077) != 0)
            continue;
        if (::kill(pid_t(pid), 0) != 0 && errno == ESRCH) deleteTree(entry.path());
    }
}

}  // namespace

Result<ScratchDirectory> ScratchDirectory::create() {
    std::error_code ec;
    fs::path base = fs::temp_directory_path(ec);
    if (ec) base = "/tmp";
    removeAbandoned(base);
    std::string pattern = (base / (std::string(kPrefix) + std::to_string(::getpid()) + "-XXXXXX")).string();
    if (!::mkdtemp(pattern.data()))
        return CacheError::fromErrno(errno, "cannot create a scratch directory in " + base.string());
    return ScratchDirectory(fs::path(pattern));
}

ScratchDirectory::~ScratchDirectory() {
    if (!path_.empty()) deleteTree(path_);
}

ScratchDirectory::ScratchDirectory(ScratchDirectory&& other) noexcept : path_(std::move(other.path_)) {
    other.path_.clear();
}

ScratchDirectory& ScratchDirectory::operator=(ScratchDirectory&& other) noexcept {
    if (this != &other) {
        if (!path_.empty()) deleteTree(path_);
        path_ = std::move(other.path_);
        other.path_.clear();
    }
    return *this;
}

}  // namespace faaslet::cache
