#pragma once
// The on-disk store of compiled modules. An entry is two files named by its key: KEY.so, the shared
// object the runtime maps directly (content-addressed, so a loaded file is never replaced), and
// KEY.entry, a small record (format version, key, size and SHA-256 of the object) written last. An
// entry whose record is missing is still being written (a miss); one whose record is foreign or
// does not match its object is damaged: reported, removed, and a miss, never loaded.

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "common/expected.h"

namespace faaslet::cache {

class ObjectCache {
public:
    explicit ObjectCache(std::filesystem::path directory) : directory_(std::move(directory)) {}

    // $FAASLET_CACHE_DIR, else $XDG_CACHE_HOME/faaslet, else $HOME/.cache/faaslet.
    static std::filesystem::path defaultDirectory();

    const std::filesystem::path& directory() const { return directory_; }

    struct Lookup {
        std::optional<std::filesystem::path> object;  // the entry's shared object, verified
        std::string warning;                          // why a damaged entry was removed
    };
    Lookup lookup(const std::string& key) const;

    // Copies `object` into the cache under `key` atomically (temporary file, fsync, rename; the
    // record last). Returns the entry's object path, or why it could not be stored (a read-only or
    // full directory, ...): callers can still use `object` itself.
    Expected<std::filesystem::path, std::string> store(const std::string& key,
                                                       const std::filesystem::path& object) const;

    struct Entry {
        std::string key;
        uint64_t size = 0;
        std::filesystem::file_time_type lastUse;
    };
    std::vector<Entry> list() const;
    // Removes every entry; returns how many.
    size_t clear() const;

private:
    std::filesystem::path objectPath(const std::string& key) const { return directory_ / (key + ".so"); }
    std::filesystem::path recordPath(const std::string& key) const { return directory_ / (key + ".entry"); }
    void remove(const std::string& key) const;

    std::filesystem::path directory_;
};

}  // namespace faaslet::cache
