// ObjectCache: describing, listing, verifying, pruning and clearing entries.

#include <fcntl.h>
#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

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

// The names in the entries folder; none when it does not exist yet.
Result<std::vector<ScanItem>> scan(const Layout& layout) {
    std::vector<ScanItem> items;
    std::error_code ec;
    fs::directory_iterator it(layout.entries(), ec);
    if (ec) {
        if (ec == std::errc::no_such_file_or_directory) return items;
        return CacheError::fromErrno(ec.value(), "cannot read " + layout.entries().string());
    }
    for (; it != fs::directory_iterator(); it.increment(ec)) {
        std::string name = it->path().filename().string();
        items.push_back({name, classifyName(name)});
    }
    if (ec) return CacheError::fromErrno(ec.value(), "cannot read " + layout.entries().string());
    return items;
}

// Deletes trash directories (their entries are already out of the cache; a concurrent deleter is
// harmless) and temporary directories abandoned by their writers. A recent temporary directory is
// left alone: its writer may still be filling it, and deleting files under it could let it
// publish an incomplete entry.
size_t removeLeftovers(const Layout& layout, const std::vector<ScanItem>& items) {
    size_t removed = 0;
    const auto now = fs::file_time_type::clock::now();
    for (const auto& item : items) {
        const fs::path path = layout.entries() / item.name;
        if (item.what.kind == NameClass::Kind::Trash) {
            deleteTree(path);
            ++removed;
        } else if (item.what.kind == NameClass::Kind::Temporary) {
            std::error_code ec;
            auto modified = fs::last_write_time(path, ec);
            if (!ec && now - modified > kAbandonedAfter) {
                deleteTree(path);
                ++removed;
            }
        }
    }
    return removed;
}

std::chrono::system_clock::time_point timeOf(const struct timespec& ts) {
    return std::chrono::system_clock::time_point(
        std::chrono::duration_cast<std::chrono::system_clock::duration>(
            std::chrono::seconds(ts.tv_sec) + std::chrono::nanoseconds(ts.tv_nsec)));
}

// What is at the key's name, from the files' sizes and times and a structural check. NotFound if
// nothing is; a damaged entry is described with its problem set.
Result<EntryInfo> describe(const Layout& layout, const CacheKey& key) {
    EntryInfo info;
    info.key = key;
    info.objectPath = layout.objectPath(key);
    const fs::path path = layout.entryDirectory(key);
    Fd directory(::open(path.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW));
    if (!directory.valid()) {
        const int err = errno;
        if (err == ENOENT || ((err == ENOTDIR || err == ELOOP) && !nonDirectoryAt(path)))
            return CacheError::make(CacheError::Kind::NotFound, "no entry " + path.string());
        if (err != ENOTDIR && err != ELOOP) return CacheError::fromErrno(err, "cannot open " + path.string());
        struct stat st {};
        if (::lstat(path.c_str(), &st) == 0) {
            info.size = uint64_t(st.st_size);
            info.lastUse = timeOf(st.st_mtim);
        }
        info.problem = EntryError{EntryError::Kind::Foreign, "not a directory"};
        return info;
    }
    struct stat st {};
    if (::fstat(directory.get(), &st) == 0) info.lastUse = timeOf(st.st_mtim);
    if (::fstatat(directory.get(), kHeaderFileName, &st, AT_SYMLINK_NOFOLLOW) == 0) {
        info.size += uint64_t(st.st_size);
        info.lastUse = timeOf(st.st_mtim);
    }
    if (::fstatat(directory.get(), kObjectFileName, &st, AT_SYMLINK_NOFOLLOW) == 0)
        info.size += uint64_t(st.st_size);

    auto entry = readEntry(directory.get(), key, EntryCheck::Structure);
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

}  // namespace

Result<EntryInfo> ObjectCache::info(const CacheKey& key) const {
    auto info = describe(layout_, key);
    if (info && info->problem)
        return CacheError::make(CacheError::Kind::Damaged, "cache entry " + entryDirectory(key).string() +
                                                               ": " + info->problem->toString());
    return info;
}

Result<Listing> ObjectCache::list() const {
    auto items = scan(layout_);
    if (!items) return items.error();
    Listing listing;
    for (const auto& item : *items) {
        if (item.what.kind == NameClass::Kind::Foreign) {
            listing.foreign.push_back(layout_.entries() / item.name);
            continue;
        }
        if (item.what.kind != NameClass::Kind::Entry) continue;
        auto info = describe(layout_, *item.what.key);
        if (!info) {
            if (info.error().kind == CacheError::Kind::NotFound) continue;  // removed meanwhile
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

Result<VerifyReport> ObjectCache::verify() const {
    auto items = scan(layout_);
    if (!items) return items.error();
    VerifyReport report;
    for (const auto& item : *items) {
        if (item.what.kind == NameClass::Kind::Foreign) {
            report.foreign.push_back(layout_.entries() / item.name);
            continue;
        }
        if (item.what.kind != NameClass::Kind::Entry) continue;
        const CacheKey& key = *item.what.key;
        Fd directory(::open(entryDirectory(key).c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW));
        if (!directory.valid()) {
            if (errno == ENOENT) continue;
            ++report.checked;
            EntryError problem = errno == ENOTDIR || errno == ELOOP
                                     ? EntryError{EntryError::Kind::Foreign, "not a directory"}
                                     : EntryError{EntryError::Kind::Io, std::strerror(errno)};
            report.problems.push_back(reportBadEntry(layout_, key, -1, problem));
            continue;
        }
        ++report.checked;
        auto entry = readEntry(directory.get(), key, EntryCheck::Full);
        if (entry) {
            ++report.sound;
            continue;
        }
        report.problems.push_back(reportBadEntry(layout_, key, directory.get(), entry.error()));
    }
    std::sort(report.foreign.begin(), report.foreign.end());
    return report;
}

Result<PruneReport> ObjectCache::prune(uint64_t maxBytes, const std::optional<CacheKey>& keep) const {
    auto items = scan(layout_);
    if (!items) return items.error();
    PruneReport report;
    report.leftoversRemoved = removeLeftovers(layout_, *items);

    auto listing = list();
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
        auto removal = removeEntryDirectory(layout_, entryDirectory(entry.key), std::nullopt);
        if (!removal) return removal.error();
        total -= entry.size;
        report.evicted.push_back(std::move(entry));
    }
    report.bytesAfter = total;
    return report;
}

Result<size_t> ObjectCache::clear() const {
    auto items = scan(layout_);
    if (!items) return items.error();
    removeLeftovers(layout_, *items);
    size_t removed = 0;
    for (const auto& item : *items) {
        const fs::path path = layout_.entries() / item.name;
        switch (item.what.kind) {
            case NameClass::Kind::Entry: {
                auto removal = removeEntryDirectory(layout_, path, std::nullopt);
                if (!removal) return removal.error();
                if (*removal == Removal::Removed) ++removed;
                break;
            }
            case NameClass::Kind::Temporary:
            case NameClass::Kind::Trash:
            case NameClass::Kind::Foreign: break;
        }
    }
    return removed;
}

}  // namespace faaslet::cache
