#include "cache/scratch.h"

#include <cerrno>
#include <cstdlib>
#include <string>

#include "cache/entry_removal.h"

namespace faaslet::cache {

namespace fs = std::filesystem;

Result<ScratchDirectory> ScratchDirectory::create() {
    std::error_code ec;
    fs::path base = fs::temp_directory_path(ec);
    if (ec) base = "/tmp";
    std::string pattern = (base / "faaslet-scratch-XXXXXX").string();
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
