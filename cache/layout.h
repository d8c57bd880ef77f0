#pragma once
// What lives where under a cache directory:
//
//   ROOT/v2/KEY/             a published entry (entry_format.h); KEY is 64 lowercase hex digits
//   ROOT/v2/.tmp-XXXXXXXX    an entry being written; renamed to KEY when complete
//   ROOT/v2/.trash-XXXXXXXX  an entry being removed; renamed away from KEY first, so readers never
//                            see half of it
//   ROOT/v2/.build-KEY       an empty file whose lock says a process is compiling KEY (build_claim.h)
//
// v2 is the entry format version: builds with another format keep to their own folder instead of
// taking each other's entries for damage. Anything else in ROOT/v2 is foreign: reported, never
// touched. ROOT itself may hold other formats' folders and is not scanned. The paths here are for
// messages; the cache reaches them by descriptor (trusted_directory.h).

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "cache/cache_key.h"

namespace faaslet::cache {

inline constexpr char kTemporaryPrefix[] = ".tmp-";
inline constexpr char kTrashPrefix[] = ".trash-";
inline constexpr char kBuildClaimPrefix[] = ".build-";

class Layout {
public:
    explicit Layout(std::filesystem::path root);

    const std::filesystem::path& root() const { return root_; }
    const std::filesystem::path& entries() const { return entries_; }  // ROOT/v2
    std::filesystem::path entryDirectory(const CacheKey& key) const { return entries_ / key.hex(); }
    std::filesystem::path headerPath(const CacheKey& key) const;
    std::filesystem::path objectPath(const CacheKey& key) const;
    // The entries folder's name in root(): "v" and the format version.
    std::string entriesName() const;

private:
    std::filesystem::path root_;
    std::filesystem::path entries_;
};

struct NameClass {
    enum class Kind : uint8_t { Entry, Temporary, Trash, BuildClaim, Foreign };
    Kind kind = Kind::Foreign;
    std::optional<CacheKey> key;  // Kind::Entry
};

// What a name found in entries() is. Only lowercase hex names are entries, so each key has exactly
// one spelling on disk.
NameClass classifyName(std::string_view name);

}  // namespace faaslet::cache
