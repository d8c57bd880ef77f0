// ObjectCache: looking entries up and storing them. Listing and maintenance are in
// object_cache_maintenance.cpp.

#include "cache/object_cache.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <ctime>
#include <functional>

#include "cache/cache_directory.h"
#include "cache/directory_trust.h"
#include "cache/entry_removal.h"
#include "cache/file_io.h"

namespace faaslet::cache {

namespace fs = std::filesystem;

namespace {

constexpr size_t kCopyChunk = size_t(1) << 20;
// A store gives up after this many rounds of finding a damaged entry in its way and removing it:
// only a pathological concurrent writer could keep putting damaged entries there.
constexpr int kPublishAttempts = 4;

std::optional<std::string> untrustedCache(const Layout& layout) {
    if (auto why = untrustedReason(layout.root(), TrustRule::Root)) return why;
    return untrustedReason(layout.entries(), TrustRule::Private);
}

Fd openEntryDirectory(const fs::path& path) {
    return Fd(::open(path.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW));
}

// Records a use for least-recently-used eviction. Best effort: a read-only cache still serves hits.
void touch(int directoryFd) {
    const struct timespec times[2] = {{0, UTIME_OMIT}, {0, UTIME_NOW}};
    ::utimensat(directoryFd, kHeaderFileName, times, 0);
}

// Creates the cache directory and its entries folder if need be. The two are made private (0700)
// whatever the umask: the trust check would refuse them otherwise.
Status prepareDirectories(const Layout& layout) {
    const fs::path parent = layout.root().parent_path();
    std::error_code ec;
    if (!parent.empty()) fs::create_directories(parent, ec);
    if (ec)
        return CacheError::fromErrno(ec.value(),
                                     "cannot create the cache directory " + layout.root().string());
    for (const fs::path& directory : {layout.root(), layout.entries()}) {
        if (::mkdir(directory.c_str(), 0700) == 0) continue;
        const int err = errno;
        if (err == EEXIST && fs::is_directory(directory, ec)) continue;
        return CacheError::fromErrno(err == EEXIST ? ENOTDIR : err,
                                     "cannot create the cache directory " + directory.string());
    }
    if (auto why = untrustedCache(layout)) return CacheError::make(CacheError::Kind::Untrusted, *why);
    return {};
}

// Writes the object into an open file, feeding the payload digest; returns its size.
using ObjectWriter = std::function<Result<uint64_t>(int fd, PayloadDigest& digest, const fs::path& target)>;

// Creates `name` in `directory`, lets `fill` write it, then fsyncs and closes it.
Status writeFile(const fs::path& directory, const char* name, const std::function<Status(int fd)>& fill) {
    const fs::path path = directory / name;
    Fd fd(::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644));
    if (!fd.valid()) return CacheError::fromErrno(errno, "cannot create " + path.string());
    if (auto filled = fill(fd.get()); !filled) return filled;
    if (::fsync(fd.get()) != 0) return CacheError::fromErrno(errno, "cannot sync " + path.string());
    if (int err = fd.close()) return CacheError::fromErrno(err, "cannot close " + path.string());
    return {};
}

// Writes a complete entry into a new temporary directory and returns that directory.
Result<fs::path> writeTemporaryEntry(const Layout& layout, const CacheKey& key,
                                     std::span<const uint8_t> metadata, std::string_view name,
                                     const ObjectWriter& writeObject) {
    std::string temporary = layout.temporaryPattern().string();
    if (!::mkdtemp(temporary.data()))
        return CacheError::fromErrno(errno,
                                     "cannot create a temporary directory in " + layout.entries().string());
    const fs::path directory(temporary);
    auto fail = [&](CacheError error) -> Result<fs::path> {
        deleteTree(directory);
        return error;
    };

    EntryHeader header;
    header.key = key;
    header.metadataSize = metadata.size();
    header.nameSize = uint32_t(name.size());
    header.createdAt = uint64_t(std::time(nullptr));
    PayloadDigest digest(metadata, name);
    Status object = writeFile(directory, kObjectFileName, [&](int fd) -> Status {
        auto size = writeObject(fd, digest, directory / kObjectFileName);
        if (!size) return size.error();
        header.objectSize = *size;
        return {};
    });
    if (!object) return fail(object.error());
    header.payloadDigest = digest.finish();

    const std::vector<uint8_t> headerFile = encodeHeaderFile(header, metadata, name);
    Status written = writeFile(directory, kHeaderFileName, [&](int fd) -> Status {
        if (int err = writeFull(fd, headerFile))
            return CacheError::fromErrno(err, "cannot write " + (directory / kHeaderFileName).string());
        return {};
    });
    if (!written) return fail(written.error());
    // The files' directory entries must be durable before the rename makes them reachable.
    if (int err = syncDirectory(directory))
        return fail(CacheError::fromErrno(err, "cannot sync " + temporary));
    return directory;
}

// Moves a complete temporary entry to the key's name. The first entry published for a key stays
// (rename(2) does not replace a non-empty directory); a damaged one in the way is removed.
Result<StoreResult> publish(const Layout& layout, const CacheKey& key, const fs::path& temporary) {
    const fs::path target = layout.entryDirectory(key);
    StoreResult result;
    result.objectPath = layout.objectPath(key);
    auto fail = [&](CacheError error) -> Result<StoreResult> {
        deleteTree(temporary);
        return error;
    };
    for (int attempt = 0; attempt < kPublishAttempts; ++attempt) {
        if (::rename(temporary.c_str(), target.c_str()) == 0) {
            // Durability of the rename itself; the entry is already complete and visible, so a
            // failure here is not worth failing the store for.
            syncDirectory(layout.entries());
            return result;
        }
        const int err = errno;
        if (err != ENOTEMPTY && err != EEXIST && err != ENOTDIR)
            return fail(CacheError::fromErrno(err, "cannot publish the entry as " + target.string()));

        // Something is at the key already.
        Fd existing = openEntryDirectory(target);
        if (!existing.valid()) {
            if (errno == ENOENT) continue;  // removed meanwhile: try again
            if (errno != ENOTDIR && errno != ELOOP)
                return fail(CacheError::fromErrno(errno, "cannot open " + target.string()));
            // A file or link where the entry directory should be.
            result.warning = reportBadEntry(layout, key, -1, {EntryError::Kind::Foreign, "not a directory"});
            if (!result.warning->removed)
                return fail(CacheError::make(CacheError::Kind::Unwritable, result.warning->toString()));
            result.outcome = StoreResult::Outcome::Replaced;
            continue;
        }
        auto sound = readEntry(existing.get(), key, EntryCheck::Full);
        if (sound) {
            deleteTree(temporary);
            touch(existing.get());
            result.outcome = StoreResult::Outcome::AlreadyPresent;
            return result;
        }
        result.warning = reportBadEntry(layout, key, existing.get(), sound.error());
        if (!sound.error().isDamage())
            return fail(CacheError::make(CacheError::Kind::Io, result.warning->toString()));
        if (!result.warning->removed)
            return fail(CacheError::make(CacheError::Kind::Unwritable, result.warning->toString()));
        result.outcome = StoreResult::Outcome::Replaced;
    }
    return fail(CacheError::make(CacheError::Kind::Io, "cannot publish the entry as " + target.string() +
                                                           ": it keeps being replaced by damaged entries"));
}

Result<StoreResult> storeWith(const Layout& layout, const CacheKey& key, std::span<const uint8_t> metadata,
                              std::string_view name, const ObjectWriter& writeObject) {
    if (name.size() > kMaxNameSize)
        return CacheError::make(CacheError::Kind::InvalidArgument,
                                "the entry name is " + std::to_string(name.size()) + " bytes; at most " +
                                    std::to_string(kMaxNameSize) + " are kept");
    if (auto prepared = prepareDirectories(layout); !prepared) return prepared.error();
    auto temporary = writeTemporaryEntry(layout, key, metadata, name, writeObject);
    if (!temporary) return temporary.error();
    return publish(layout, key, *temporary);
}

}  // namespace

const char* toString(StoreResult::Outcome outcome) {
    switch (outcome) {
        case StoreResult::Outcome::Stored: return "stored";
        case StoreResult::Outcome::AlreadyPresent: return "already present";
        case StoreResult::Outcome::Replaced: return "replaced a damaged entry";
    }
    return "?";
}

ObjectCache::ObjectCache(fs::path directory) : layout_(std::move(directory)) {}

Result<ObjectCache> ObjectCache::openDefault() {
    auto directory = resolveCacheDirectory();
    if (!directory) return directory.error();
    return ObjectCache(*directory);
}

LookupResult ObjectCache::lookup(const CacheKey& key) const {
    LookupResult result;
    // Twice at most: the first attempt may meet an entry being replaced or removed concurrently.
    for (int attempt = 0; attempt < 2; ++attempt) {
        const fs::path path = layout_.entryDirectory(key);
        Fd directory = openEntryDirectory(path);
        if (!directory.valid()) {
            const int err = errno;
            if (err == ENOENT) return result;
            if (err == ENOTDIR || err == ELOOP) {
                // Either a stray file holds the key's name, or the cache's own path is blocked
                // (then store() reports it); only the first is about this entry.
                if (nonDirectoryAt(path))
                    result.warning =
                        reportBadEntry(layout_, key, -1, {EntryError::Kind::Foreign, "not a directory"});
                return result;
            }
            result.warning = reportBadEntry(layout_, key, -1, {EntryError::Kind::Io, std::strerror(err)});
            return result;
        }
        if (auto why = untrustedCache(layout_)) {
            result.warning = CacheWarning{
                CacheWarning::Kind::UntrustedDirectory, layout_.root(), key, std::nullopt, false, *why};
            return result;
        }
        auto entry = readEntry(directory.get(), key, EntryCheck::Full);
        if (entry) {
            touch(directory.get());
            CacheHit hit;
            hit.key = key;
            hit.metadata = std::move(entry->metadata);
            hit.name = std::move(entry->name);
            hit.objectPath = layout_.objectPath(key);
            hit.objectSize = entry->header.objectSize;
            result.hit = std::move(hit);
            return result;
        }
        // Not the directory at the key's name any more: a concurrent store or removal moved it.
        if (identityOf(path) != identityOf(directory.get())) continue;
        result.warning = reportBadEntry(layout_, key, directory.get(), entry.error());
        return result;
    }
    return result;
}

Result<StoreResult> ObjectCache::store(const CacheKey& key, std::span<const uint8_t> metadata,
                                       std::span<const uint8_t> object, std::string_view name) const {
    return storeWith(layout_, key, metadata, name,
                     [object](int fd, PayloadDigest& digest, const fs::path& target) -> Result<uint64_t> {
                         digest.addObject(object);
                         if (int err = writeFull(fd, object))
                             return CacheError::fromErrno(err, "cannot write " + target.string());
                         return uint64_t(object.size());
                     });
}

Result<StoreResult> ObjectCache::storeFile(const CacheKey& key, std::span<const uint8_t> metadata,
                                           const fs::path& objectFile, std::string_view name) const {
    Fd source(::open(objectFile.c_str(), O_RDONLY | O_CLOEXEC));
    if (!source.valid())
        return CacheError::make(CacheError::Kind::Io,
                                "cannot open the object " + objectFile.string() + ": " + std::strerror(errno),
                                errno);
    return storeWith(layout_, key, metadata, name,
                     [&](int fd, PayloadDigest& digest, const fs::path& target) -> Result<uint64_t> {
                         std::vector<uint8_t> chunk(kCopyChunk);
                         uint64_t total = 0;
                         for (;;) {
                             int64_t n = readFull(source.get(), chunk, total);
                             if (n < 0)
                                 return CacheError::make(CacheError::Kind::Io,
                                                         "cannot read the object " + objectFile.string() +
                                                             ": " + std::strerror(int(-n)),
                                                         int(-n));
                             if (n == 0) return total;
                             std::span<const uint8_t> part(chunk.data(), size_t(n));
                             digest.addObject(part);
                             if (int err = writeFull(fd, part))
                                 return CacheError::fromErrno(err, "cannot write " + target.string());
                             total += uint64_t(n);
                         }
                     });
}

}  // namespace faaslet::cache
