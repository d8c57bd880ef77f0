// ObjectCache: describing, listing, verifying, pruning and clearing entries.

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <functional>

#include "cache/build_claim.h"
#include "cache/entries_folder.h"
#include "cache/entry_removal.h"
#include "cache/file_io.h"
#include "cache/object_cache.h"

namespace faaslet::cache {

namespace fs = std::filesystem;

namespace {

// A temporary directory untouched for this long belongs to a writer that died: a live writer
// fills it in well under a second per megabyte of object.
constexpr std::chrono::hours kAbandonedAfter{1};

struct ScanItem {
    std::string name;
    NameClass what;
};

// The entries folder and the names in it; no folder and no names when there is no cache yet.
struct Scan {
    UniqueFd entries;
    std::vector<ScanItem> items;
};

Result<Scan> scan(const Layout& layout) {
    Scan result;
    auto entries = openEntriesFolder(layout, Missing::Fail);
    if (!entries) {
        if (entries.error().kind == Error::Kind::NotFound) return result;
        return entries.error();
    }
    result.entries = std::move(*entries);
    const int listed = ::dup(result.entries.get());
    DIR* dir = listed < 0 ? nullptr : ::fdopendir(listed);
    if (!dir) {
        const int err = errno;
        if (listed >= 0) ::close(listed);
        return Error::fromErrno(err, "cannot read " + layout.entries().string());
    }
    while (dirent* entry = ::readdir(dir)) {
        const std::string name = entry->d_name;
        if (name != "." && name != "..") result.items.push_back({name, classifyName(name)});
    }
    ::closedir(dir);
    return result;
}

std::chrono::system_clock::time_point timeOf(const struct timespec& ts) {
    return std::chrono::system_clock::time_point(std::chrono::duration_cast<std::chrono::system_clock::duration>(
        std::chrono::seconds(ts.tv_sec) + std::chrono::nanoseconds(ts.tv_nsec)));
}

// Deletes trash directories (their entries are already out of the cache; a concurrent deleter is
// harmless) and temporary directories abandoned by their writers. A recent temporary directory is
// left alone: its writer may still be filling it, and deleting files under it could let it
// publish an incomplete entry. So is a build claim someone holds; one nobody holds is a leftover.
size_t removeLeftovers(const Scan& scanned) {
    size_t removed = 0;
    const auto now = std::chrono::system_clock::now();
    for (const auto& item : scanned.items) {
        if (item.what.kind == NameClass::Kind::Trash) {
            deleteTreeAt(scanned.entries.get(), item.name);
            ++removed;
        } else if (item.what.kind == NameClass::Kind::Temporary) {
            struct stat st {};
            if (::fstatat(scanned.entries.get(), item.name.c_str(), &st, AT_SYMLINK_NOFOLLOW) == 0 &&
                now - timeOf(st.st_mtim) > kAbandonedAfter) {
                deleteTreeAt(scanned.entries.get(), item.name);
                ++removed;
            }
        } else if (item.what.kind == NameClass::Kind::BuildClaim) {
            removed += removeAbandonedClaim(scanned.entries.get(), item.name);
        }
    }
    return removed;
}

// What is at the key's name, from the files' sizes and times and a structural check. NotFound if
// nothing is; a damaged entry is described with its problem set.
Result<EntryInfo> describe(const Layout& layout, int entriesFd, const CacheKey& key, const EntryReader& reader) {
    EntryInfo info;
    info.key = key;
    info.objectPath = layout.objectPath(key);
    const std::string name = key.hex();
    auto directory = openEntryDirectory(entriesFd, name);
    if (directory && !directory->valid())
        return Error::make(Error::Kind::NotFound, "no entry " + layout.entryDirectory(key).string());
    struct stat st {};
    if (!directory) {
        if (::fstatat(entriesFd, name.c_str(), &st, AT_SYMLINK_NOFOLLOW) == 0) {
            info.size = S_ISDIR(st.st_mode) ? 0 : uint64_t(st.st_size);
            info.lastUse = timeOf(st.st_mtim);
        }
        info.problem = directory.error();
        return info;
    }
    if (::fstat(directory->get(), &st) == 0) info.lastUse = timeOf(st.st_mtim);
    if (::fstatat(directory->get(), kHeaderFileName, &st, AT_SYMLINK_NOFOLLOW) == 0) {
        info.size += uint64_t(st.st_size);
        info.lastUse = timeOf(st.st_mtim);
    }
    if (::fstatat(directory->get(), kObjectFileName, &st, AT_SYMLINK_NOFOLLOW) == 0) info.size += uint64_t(st.st_size);

    auto entry = readEntry(directory->get(), reader, EntryCheck::Structure);
    if (!entry) {
        info.problem = entry.error();
        return info;
    }
    info.name = std::move(entry->name);
    info.metadataSize = entry->header.metadataSize;
    info.objectSize = entry->header.objectSize;
    info.created = std::chrono::system_clock::time_point(std::chrono::seconds(entry->header.createdAt));
    return info;
}

Result<Listing> listScanned(const Layout& layout, const Scan& scanned,
                            const std::function<EntryReader(const CacheKey&)>& readerFor) {
    Listing listing;
    for (const auto& item : scanned.items) {
        if (item.what.kind == NameClass::Kind::Foreign) {
            listing.foreign.push_back(layout.entries() / item.name);
            continue;
        }
        if (item.what.kind != NameClass::Kind::Entry) continue;
        auto info = describe(layout, scanned.entries.get(), *item.what.key, readerFor(*item.what.key));
        if (!info) {
            if (info.error().kind == Error::Kind::NotFound) continue;  // removed meanwhile
            return info.error();
        }
        listing.totalBytes += info->size;
        listing.entries.push_back(std::move(*info));
    }
    std::sort(listing.entries.begin(), listing.entries.end(),
              [](const EntryInfo& a, const EntryInfo& b) { return a.key < b.key; });
    std::sort(listing.foreign.begin(), listing.foreign.end());
    return listing;
}

}  // namespace

Result<EntryInfo> ObjectCache::info(const CacheKey& key) const {
    auto entries = openEntriesFolder(layout_, Missing::Fail);
    if (!entries) return entries.error();
    auto info = describe(layout_, entries->get(), key, reader(key));
    if (info && info->problem)
        return Error::make(Error::Kind::Damaged,
                                "cache entry " + entryDirectory(key).string() + ": " + info->problem->toString());
    return info;
}

Result<Listing> ObjectCache::list() const {
    auto scanned = scan(layout_);
    if (!scanned) return scanned.error();
    return listScanned(layout_, *scanned, [this](const CacheKey& key) { return reader(key); });
}

Result<VerifyReport> ObjectCache::verify() const {
    auto scanned = scan(layout_);
    if (!scanned) return scanned.error();
    VerifyReport report;
    const int entries = scanned->entries.get();
    for (const auto& item : scanned->items) {
        if (item.what.kind == NameClass::Kind::Foreign) {
            report.foreign.push_back(layout_.entries() / item.name);
            continue;
        }
        if (item.what.kind != NameClass::Kind::Entry) continue;
        const CacheKey& key = *item.what.key;
        auto directory = openEntryDirectory(entries, item.name);
        if (directory && !directory->valid()) continue;
        ++report.checked;
        Expected<EntryContents, EntryError> entry =
            directory ? readEntry(directory->get(), reader(key), EntryCheck::Full) : directory.error();
        if (entry) {
            ++report.sound;
            continue;
        }
        report.forged += entry.error().isForgery();
        report.problems.push_back(reportBadEntry(layout_, key, entries, directory ? directory->get() : -1, entry.error()));
    }
    std::sort(report.foreign.begin(), report.foreign.end());
    return report;
}

Result<PruneReport> ObjectCache::prune(uint64_t maxBytes, const std::optional<CacheKey>& keep) const {
    auto scanned = scan(layout_);
    if (!scanned) return scanned.error();
    PruneReport report;
    report.leftoversRemoved = removeLeftovers(*scanned);

    auto listing = listScanned(layout_, *scanned, [this](const CacheKey& key) { return reader(key); });
    if (!listing) return listing.error();
    auto& entries = listing->entries;
    // Damaged entries first (they are no use to anyone), then least recently used; the key breaks
    // ties so the order never depends on the directory's.
    std::sort(entries.begin(), entries.end(), [](const EntryInfo& a, const EntryInfo& b) {
        if (a.problem.has_value() != b.problem.has_value()) return a.problem.has_value();
        if (a.lastUse != b.lastUse) return a.lastUse < b.lastUse;
        return a.key < b.key;
    });
    uint64_t total = listing->totalBytes;
    report.bytesBefore = total;
    for (auto& entry : entries) {
        if (total <= maxBytes) break;
        if (entry.key == keep) continue;
        auto removal = removeEntryDirectory(scanned->entries.get(), entry.key.hex(), entryDirectory(entry.key), std::nullopt);
        if (!removal) return removal.error();
        total -= entry.size;
        report.evicted.push_back(std::move(entry));
    }
    report.bytesAfter = total;
    return report;
}

Result<bool> ObjectCache::remove(const CacheKey& key) const {
    auto entries = openEntriesFolder(layout_, Missing::Fail);
    if (!entries) {
        if (entries.error().kind == Error::Kind::NotFound) return false;
        return entries.error();
    }
    auto removal = removeEntryDirectory(entries->get(), key.hex(), entryDirectory(key), std::nullopt);
    if (!removal) return removal.error();
    return *removal == Removal::Removed;
}

Result<size_t> ObjectCache::clear() const {
    auto scanned = scan(layout_);
    if (!scanned) return scanned.error();
    removeLeftovers(*scanned);
    size_t removed = 0;
    for (const auto& item : scanned->items) {
        const fs::path path = layout_.entries() / item.name;
        switch (item.what.kind) {
            case NameClass::Kind::Entry: {
                auto removal = removeEntryDirectory(scanned->entries.get(), item.name, path, std::nullopt);
                if (!removal) return removal.error();
                if (*removal == Removal::Removed) ++removed;
                break;
            }
            case NameClass::Kind::Temporary:
            case NameClass::Kind::Trash:
            case NameClass::Kind::BuildClaim:
            case NameClass::Kind::Foreign: break;
        }
    }
    return removed;
}

}  // namespace faaslet::cache
