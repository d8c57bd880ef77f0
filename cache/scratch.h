#pragma once
// Where to compile when the cache cannot take the object (a read-only or full cache directory, no
// home directory): a private directory ($TMPDIR or /tmp, mode 0700) removed with its contents
// when this object goes, or by the next process to make one if this one dies first (the name
// holds the pid: faaslet-scratch-PID-XXXXXX). A dlopen'ed object stays mapped after its file is removed, so the
// directory may go as soon as the object is loaded.

#include <filesystem>

#include "cache/cache_key.h"
#include "cache/error.h"

namespace faaslet::cache {

class ScratchDirectory {
public:
    static Result<ScratchDirectory> create();

    ~ScratchDirectory();
    ScratchDirectory(ScratchDirectory&& other) noexcept;
    ScratchDirectory& operator=(ScratchDirectory&& other) noexcept;
    ScratchDirectory(const ScratchDirectory&) = delete;
    ScratchDirectory& operator=(const ScratchDirectory&) = delete;

    const std::filesystem::path& path() const { return path_; }
    // A file name for the key's object. Unique per directory and key, which matters: dlopen
    // returns the already-loaded object for a path it has seen.
    std::filesystem::path objectPath(const CacheKey& key) const { return path_ / (key.hex() + ".so"); }

private:
    explicit ScratchDirectory(std::filesystem::path path) : path_(std::move(path)) {}
    std::filesystem::path path_;
};

}  // namespace faaslet::cache
