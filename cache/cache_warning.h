#pragma once
// What the cache reports without failing: a damaged entry it removed, an entry it could not read,
// a directory it will not trust. The cache does not log; callers log these (spdlog::warn with
// toString()) and go on.

#include <filesystem>
#include <optional>
#include <string>

#include "cache/cache_key.h"
#include "cache/entry_format.h"
#include "cache/layout.h"

namespace faaslet::cache {

struct CacheWarning {
    enum class Kind : uint8_t {
        DamagedEntry,        // failed its checks; removed unless `removed` is false (see `detail`)
        UnreadableEntry,     // could not be read (permissions, I/O): left in place
        UntrustedDirectory,  // others can write the cache, so it is not used (trusted_directory.h)
    };
    Kind kind = Kind::DamagedEntry;
    std::filesystem::path path;
    std::optional<CacheKey> key;
    std::optional<EntryError> problem;  // DamagedEntry, UnreadableEntry
    bool removed = false;
    std::string detail;  // UntrustedDirectory: why; DamagedEntry: what stopped its removal

    // One sentence for a log: what, where, and what happens next.
    std::string toString() const;
};

// For an entry of the entries folder `entriesFd` that failed `problem` while its directory was
// open as `directoryFd` (or -1): removes it if the problem is damage (and it is still the
// directory that was checked) and says what happened.
CacheWarning reportBadEntry(const Layout& layout, const CacheKey& key, int entriesFd, int directoryFd,
                            const EntryError& problem);

}  // namespace faaslet::cache
