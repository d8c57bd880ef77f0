#pragma once
// The content-addressed store of compiled modules under one directory (layout.h, entry_format.h).
// Any number of processes may use one directory at once: entries are published by renaming a
// complete temporary directory (first writer wins), removed by renaming them away, and never
// modified in place. Entries are sealed with the user's key (sealing_key.h) and read by
// descriptor; a hit hands out the object as a sealed copy (sealed_image.h) that passed every check,
// never a path to open again. README.md gives the threat model.
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
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "cache/build_claim.h"
#include "cache/cache_key.h"
#include "cache/cache_warning.h"
#include "cache/entry_format.h"
#include "cache/error.h"
#include "cache/layout.h"
#include "cache/sealed_image.h"
#include "cache/sealing_key.h"

namespace faaslet::cache {

struct CacheHit {
    CacheKey key;
    std::vector<uint8_t> metadata;
    std::string name;
    // The verified object: sealed, so what was checked is what gets loaded (from object.loadPath()).
    SealedImage object;
    std::filesystem::path objectPath;  // where it was read from, for messages
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
    std::filesystem::path objectPath;  // for messages
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
    std::filesystem::path objectPath;  // for messages
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
    size_t forged = 0;                   // of problems: placed by someone else (EntryError::isForgery)
    std::vector<CacheWarning> problems;  // damaged and forged entries (removed), unreadable ones (left)
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
    // `policy` is asked about every object before a lookup hands it out or verify() calls it sound.
    ObjectCache(std::filesystem::path directory, SealingKey key, ObjectPolicy policy);
    // At resolveCacheDirectory()'s directory, with the key at resolveSealingKeyFile() (made if need be).
    static Result<ObjectCache> openDefault(ObjectPolicy policy);

    const std::filesystem::path& directory() const { return layout_.root(); }
    const Layout& layout() const { return layout_; }

    // The entry for `key`, fully verified (header, seal, sizes, payload checksum, policy), its use
    // recorded. Whatever fails is removed (damage) or left (unreadable) and reported; a miss.
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
    // Checks every entry as a lookup does; removes damaged and forged ones.
    Result<VerifyReport> verify() const;
    // Evicts entries, damaged ones first and then the least recently used, until at most
    // `maxBytes` remain; also deletes temporary directories abandoned over an hour ago. `keep`
    // (the entry a caller just stored, which it is about to load) is never evicted, even if it
    // alone is over the limit. Evicting an entry another process has mapped is safe: the
    // directory is renamed away and deleted, and a mapping outlives its file.
    Result<PruneReport> prune(uint64_t maxBytes, const std::optional<CacheKey>& keep = std::nullopt) const;
    // Takes the entry for `key` out (as prune() does); false if there was none.
    Result<bool> remove(const CacheKey& key) const;
    // The claim to compile the entry for `key` (build_claim.h).
    Result<std::optional<BuildClaim>> claimBuild(const CacheKey& key, IfClaimed ifClaimed) const {
        return faaslet::cache::claimBuild(layout_, key, ifClaimed);
    }
    // Removes every entry, trash and abandoned temporary directories; stores in progress and
    // foreign files stay. Returns the entries removed.
    Result<size_t> clear() const;

    std::filesystem::path entryDirectory(const CacheKey& key) const { return layout_.entryDirectory(key); }
    std::filesystem::path objectPath(const CacheKey& key) const { return layout_.objectPath(key); }
    std::filesystem::path headerPath(const CacheKey& key) const { return layout_.headerPath(key); }

private:
    // Writes the object into an open file, feeding the payload digest; returns its size.
    using ObjectWriter =
        std::function<Result<uint64_t>(int fd, PayloadDigest& digest, const std::filesystem::path& target)>;
    Result<StoreResult> storeWith(const CacheKey& key, std::span<const uint8_t> metadata, std::string_view name,
                                  const ObjectWriter& writeObject) const;
    EntryReader reader(const CacheKey& key) const { return {key, key_, policy_}; }

    Layout layout_;
    SealingKey key_;
    ObjectPolicy policy_;
};

const char* toString(StoreResult::Outcome outcome);

}  // namespace faaslet::cache
