#pragma once
// The content-addressed store of compiled modules under one directory (layout.h, entry_format.h).
// Any number of processes may use one directory at once: entries are published by renaming a
// complete temporary directory (first writer wins), removed by renaming them away, and never
// modified in place, so an object a process has mapped is never rewritten under it.
//
// No operation here is fatal to a caller. A damaged entry is removed and reported as a warning
// for the caller to log, and counts as a miss; a store that fails says why, and the caller runs
// from a ScratchDirectory (scratch.h) instead.
//
// Last use, which drives eviction, is the header file's modification time, set when the entry is
// stored and on every hit. (Not the access time: mounts often do not keep it, and verify() reads
// every entry without using it.)

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "cache/cache_key.h"
#include "cache/cache_warning.h"
#include "cache/entry_format.h"
#include "cache/error.h"
#include "cache/layout.h"

namespace faaslet::cache {

struct CacheHit {
    CacheKey key;
    std::vector<uint8_t> metadata;
    std::string name;
    // The verified shared object, for dlopen to map where it lies. Entries are never rewritten in
    // place; one may be evicted by prune() or clear() in another process before it is loaded, in
    // which case loading fails and the caller compiles as on a miss.
    std::filesystem::path objectPath;
    uint64_t objectSize = 0;
};

struct LookupResult {
    std::optional<CacheHit> hit;          // nullopt: a miss
    std::optional<CacheWarning> warning;  // with or without a hit
};

struct StoreResult {
    enum class Outcome : uint8_t {
        Stored,          // this call published the entry
        AlreadyPresent,  // a sound entry for the key was there (perhaps from a concurrent writer):
                         // kept, and this call's object discarded
        Replaced,        // a damaged entry was there: removed (see `warning`) and this one published
    };
    Outcome outcome = Outcome::Stored;
    std::filesystem::path objectPath;
    std::optional<CacheWarning> warning;
};

struct EntryInfo {
    CacheKey key;
    std::string name;
    uint64_t size = 0;  // bytes of both files on disk
    uint64_t metadataSize = 0;
    uint64_t objectSize = 0;
    std::chrono::system_clock::time_point lastUse;
    std::chrono::system_clock::time_point created;
    std::filesystem::path objectPath;
    std::optional<EntryError> problem;  // damage a structural check found (list() only)
};

struct Listing {
    std::vector<EntryInfo> entries;              // by key
    std::vector<std::filesystem::path> foreign;  // files the cache did not write, left alone
    uint64_t totalBytes = 0;
};

struct VerifyReport {
    size_t checked = 0;
    size_t sound = 0;
    std::vector<CacheWarning> problems;  // damaged entries (removed) and unreadable ones (left)
    std::vector<std::filesystem::path> foreign;
};

struct PruneReport {
    std::vector<EntryInfo> evicted;  // least recently used first
    uint64_t bytesBefore = 0;
    uint64_t bytesAfter = 0;
    size_t leftoversRemoved = 0;  // abandoned temporary and trash directories
};

class ObjectCache {
public:
    explicit ObjectCache(std::filesystem::path directory);
    // At resolveCacheDirectory()'s directory.
    static Result<ObjectCache> openDefault();

    const std::filesystem::path& directory() const { return layout_.root(); }
    const Layout& layout() const { return layout_; }

    // The entry for `key`, fully verified (header, sizes, payload checksum), its use recorded.
    LookupResult lookup(const CacheKey& key) const;

    // Publishes an entry atomically (temporary directory, fsync, rename). `name` says what the
    // module is for listings (e.g. its file name); at most kMaxNameSize bytes.
    Result<StoreResult> store(const CacheKey& key, std::span<const uint8_t> metadata,
                              std::span<const uint8_t> object, std::string_view name = {}) const;
    // The same with the object read from a file (e.g. the compiler's output in a scratch directory).
    Result<StoreResult> storeFile(const CacheKey& key, std::span<const uint8_t> metadata,
                                  const std::filesystem::path& objectFile, std::string_view name = {}) const;

    // What the entry's header says and its files' sizes; no payload checksum. NotFound, or
    // Damaged if the structure is unsound (nothing is removed).
    Result<EntryInfo> info(const CacheKey& key) const;
    Result<Listing> list() const;
    // Checks every entry fully; removes damaged ones.
    Result<VerifyReport> verify() const;
    // Evicts entries, damaged ones first and then the least recently used, until at most
    // `maxBytes` remain; also deletes temporary directories abandoned over an hour ago. `keep`
    // (the entry a caller just stored, which it is about to load) is never evicted, even if it
    // alone is over the limit. Evicting an entry another process has mapped is safe: the
    // directory is renamed away and deleted, and a mapping outlives its file.
    Result<PruneReport> prune(uint64_t maxBytes, const std::optional<CacheKey>& keep = std::nullopt) const;
    // Removes every entry, trash and abandoned temporary directories; stores in progress and
    // foreign files stay. Returns the entries removed.
    Result<size_t> clear() const;

    std::filesystem::path entryDirectory(const CacheKey& key) const { return layout_.entryDirectory(key); }
    std::filesystem::path objectPath(const CacheKey& key) const { return layout_.objectPath(key); }
    std::filesystem::path headerPath(const CacheKey& key) const { return layout_.headerPath(key); }

private:
    Layout layout_;
};

const char* toString(StoreResult::Outcome outcome);

}  // namespace faaslet::cache
