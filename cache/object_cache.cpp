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
#include "cache/entries_folder.h"
#include "cache/entry_removal.h"
#include "cache/file_io.h"

namespace faaslet::cache {

namespace fs = std::filesystem;

namespace {

constexpr size_t kCopyChunk = size_t(1) << 20;
// A store gives up after this many rounds of finding a damaged entry in its way and removing it:
// only a pathological concurrent writer could keep putting damaged entries there.
constexpr int kPublishAttempts = 4;

// Records a use for least-recently-used eviction. Best effort: a read-only cache still serves hits.
void touch(int directoryFd) {
    const struct timespec times[2] = {{0, UTIME_OMIT}, {0, UTIME_NOW}};
    ::utimensat(directoryFd, kHeaderFileName, times, AT_SYMLINK_NOFOLLOW);
}

using ObjectWriter = std::function<Result<uint64_t>(int fd, PayloadDigest& digest, const fs::path& target)>;

// Creates `name` in the directory `directoryFd` (`shown` for messages), lets `fill` write it, then
// fsyncs and closes it. Private: the cache is this user's alone.
Status writeFile(int directoryFd, const fs::path& shown, const char* name, const std::function<Status(int fd)>& fill) {
    const fs::path path = shown / name;
    UniqueFd fd(::openat(directoryFd, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600));
    if (!fd.valid()) return Error::fromErrno(errno, "cannot create " + path.string());
    if (auto filled = fill(fd.get()); !filled) return filled;
    if (::fsync(fd.get()) != 0) return Error::fromErrno(errno, "cannot sync " + path.string());
    if (int err = fd.close()) return Error::fromErrno(err, "cannot close " + path.string());
    return {};
}

// Writes a complete entry into a new temporary directory of the entries folder; returns its name.
Result<std::string> writeTemporaryEntry(const Layout& layout, int entriesFd, const CacheKey& key,
                                        const SealingKey& sealingKey, std::span<const uint8_t> metadata,
                                        std::string_view name, const ObjectWriter& writeObject) {
    auto temporary = makeUniqueDirectory(entriesFd, kTemporaryPrefix, layout.entries());
    if (!temporary) return temporary.error();
    const fs::path shown = layout.entries() / *temporary;
    auto fail = [&](Error error) -> Result<std::string> {
        deleteTreeAt(entriesFd, *temporary);
        return error;
    };
    UniqueFd directory(::openat(entriesFd, temporary->c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
    if (!directory.valid()) return fail(Error::fromErrno(errno, "cannot open " + shown.string()));

    EntryHeader header;
    header.key = key;
    header.metadataSize = metadata.size();
    header.nameSize = uint32_t(name.size());
    header.createdAt = uint64_t(std::time(nullptr));
    PayloadDigest digest(metadata, name);
    Status object = writeFile(directory.get(), shown, kObjectFileName, [&](int fd) -> Status {
        auto size = writeObject(fd, digest, shown / kObjectFileName);
        if (!size) return size.error();
        header.objectSize = *size;
        return {};
    });
    if (!object) return fail(object.error());
    header.payloadDigest = digest.finish();

    const std::vector<uint8_t> headerFile = encodeHeaderFile(header, metadata, name, sealingKey);
    Status written = writeFile(directory.get(), shown, kHeaderFileName, [&](int fd) -> Status {
        if (int err = writeFull(fd, headerFile))
            return Error::fromErrno(err, "cannot write " + (shown / kHeaderFileName).string());
        return {};
    });
    if (!written) return fail(written.error());
    // The files' directory entries must be durable before the rename makes them reachable.
    if (::fsync(directory.get()) != 0) return fail(Error::fromErrno(errno, "cannot sync " + shown.string()));
    return *temporary;
}

// Moves a complete temporary entry to the key's name. The first entry published for a key stays
// (rename(2) does not replace a non-empty directory); a damaged one in the way is removed.
Result<StoreResult> publish(const Layout& layout, int entriesFd, const CacheKey& key, const EntryReader& reader,
                            const std::string& temporary) {
    const std::string target = key.hex();
    StoreResult result;
    result.objectPath = layout.objectPath(key);
    auto fail = [&](Error error) -> Result<StoreResult> {
        deleteTreeAt(entriesFd, temporary);
        return error;
    };
    for (int attempt = 0; attempt < kPublishAttempts; ++attempt) {
        if (::renameat(entriesFd, temporary.c_str(), entriesFd, target.c_str()) == 0) {
            // Durability of the rename itself; the entry is already complete and visible, so a
            // failure here is not worth failing the store for.
            ::fsync(entriesFd);
            return result;
        }
        const int err = errno;
        if (err != ENOTEMPTY && err != EEXIST && err != ENOTDIR)
            return fail(Error::fromErrno(err, "cannot publish the entry as " + layout.entryDirectory(key).string()));

        // Something is at the key already.
        auto existing = openEntryDirectory(entriesFd, target);
        if (existing && !existing->valid()) continue;  // removed meanwhile: try again
        std::optional<EntryError> problem;
        if (!existing) {
            problem = existing.error();
        } else {
            auto sound = readEntry(existing->get(), reader, EntryCheck::Full);
            if (sound) {
                deleteTreeAt(entriesFd, temporary);
                touch(existing->get());
                result.outcome = StoreResult::Outcome::AlreadyPresent;
                return result;
            }
            problem = sound.error();
        }
        result.warning = reportBadEntry(layout, key, entriesFd, existing ? existing->get() : -1, *problem);
        if (!problem->isDamage()) return fail(Error::make(Error::Kind::Io, result.warning->toString()));
        if (!result.warning->removed)
            return fail(Error::make(Error::Kind::Unwritable, result.warning->toString()));
        result.outcome = StoreResult::Outcome::Replaced;
    }
    return fail(Error::make(Error::Kind::Io, "cannot publish the entry as " +
                                                           layout.entryDirectory(key).string() +
                                                           ": it keeps being replaced by damaged entries"));
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

ObjectCache::ObjectCache(fs::path directory, SealingKey key, ObjectPolicy policy)
    : layout_(std::move(directory)), key_(std::move(key)), policy_(std::move(policy)) {}

Result<ObjectCache> ObjectCache::openDefault(ObjectPolicy policy) {
    auto directory = resolveCacheDirectory();
    if (!directory) return directory.error();
    auto keyFile = resolveSealingKeyFile();
    if (!keyFile) return keyFile.error();
    auto key = loadOrCreateSealingKey(*keyFile);
    if (!key) return key.error();
    return ObjectCache(*directory, std::move(*key), std::move(policy));
}

LookupResult ObjectCache::lookup(const CacheKey& key) const {
    LookupResult result;
    auto entries = openEntriesFolder(layout_, Missing::Fail);
    if (!entries) {
        if (entries.error().kind == Error::Kind::Untrusted)
            result.warning = CacheWarning{CacheWarning::Kind::UntrustedDirectory, layout_.root(), key, std::nullopt,
                                          false, entries.error().message};
        // Anything else (no cache yet, a blocked path) is a miss; store() reports what is wrong.
        return result;
    }
    const std::string name = key.hex();
    // Twice at most: the first attempt may meet an entry being replaced or removed concurrently.
    for (int attempt = 0; attempt < 2; ++attempt) {
        auto directory = openEntryDirectory(entries->get(), name);
        if (directory && !directory->valid()) return result;
        if (!directory) {
            result.warning = reportBadEntry(layout_, key, entries->get(), -1, directory.error());
            return result;
        }
        auto entry = readEntry(directory->get(), reader(key), EntryCheck::Full);
        if (entry) {
            touch(directory->get());
            CacheHit hit;
            hit.key = key;
            hit.metadata = std::move(entry->metadata);
            hit.name = std::move(entry->name);
            hit.object = std::move(entry->object);
            hit.objectPath = layout_.objectPath(key);
            hit.objectSize = entry->header.objectSize;
            result.hit = std::move(hit);
            return result;
        }
        // Not the directory at the key's name any more: a concurrent store or removal moved it.
        if (identityAt(entries->get(), name) != identityOf(directory->get())) continue;
        result.warning = reportBadEntry(layout_, key, entries->get(), directory->get(), entry.error());
        return result;
    }
    return result;
}

Result<StoreResult> ObjectCache::storeWith(const CacheKey& key, std::span<const uint8_t> metadata,
                                           std::string_view name, const ObjectWriter& writeObject) const {
    if (name.size() > kMaxNameSize)
        return Error::make(Error::Kind::InvalidArgument,
                                "the entry name is " + std::to_string(name.size()) + " bytes; at most " +
                                    std::to_string(kMaxNameSize) + " are kept");
    auto entries = openEntriesFolder(layout_, Missing::Create);
    if (!entries) return entries.error();
    auto temporary = writeTemporaryEntry(layout_, entries->get(), key, key_, metadata, name, writeObject);
    if (!temporary) return temporary.error();
    return publish(layout_, entries->get(), key, reader(key), *temporary);
}

Result<StoreResult> ObjectCache::store(const CacheKey& key, std::span<const uint8_t> metadata,
                                       std::span<const uint8_t> object, std::string_view name) const {
    return storeWith(key, metadata, name,
                     [object](int fd, PayloadDigest& digest, const fs::path& target) -> Result<uint64_t> {
                         digest.addObject(object);
                         if (int err = writeFull(fd, object))
                             return Error::fromErrno(err, "cannot write " + target.string());
                         return uint64_t(object.size());
                     });
}

Result<StoreResult> ObjectCache::storeFile(const CacheKey& key, std::span<const uint8_t> metadata,
                                           const fs::path& objectFile, std::string_view name) const {
    UniqueFd source(::open(objectFile.c_str(), O_RDONLY | O_CLOEXEC));
    if (!source.valid())
        return Error::make(Error::Kind::Io,
                                "cannot open the object " + objectFile.string() + ": " + std::strerror(errno), errno);
    return storeWith(key, metadata, name,
                     [&](int fd, PayloadDigest& digest, const fs::path& target) -> Result<uint64_t> {
                         std::vector<uint8_t> chunk(kCopyChunk);
                         uint64_t total = 0;
                         for (;;) {
                             int64_t n = readFull(source.get(), chunk, total);
                             if (n < 0)
                                 return Error::make(Error::Kind::Io,
                                                         "cannot read the object " + objectFile.string() + ": " +
                                                             std::strerror(int(-n)),
                                                         int(-n));
                             if (n == 0) return total;
                             std::span<const uint8_t> part(chunk.data(), size_t(n));
                             digest.addObject(part);
                             if (int err = writeFull(fd, part))
                                 return Error::fromErrno(err, "cannot write " + target.string());
                             total += uint64_t(n);
                         }
                     });
}

}  // namespace faaslet::cache
