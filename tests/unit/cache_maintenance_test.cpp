// Listing, describing, verifying, pruning (least recently used first) and clearing the cache.

#include <dlfcn.h>
#include <gtest/gtest.h>

#include "cache/object_cache.h"
#include "tests/unit/cache_test_support.h"

namespace faaslet::cache::test {
namespace {

namespace fs = std::filesystem;

class CacheMaintenance : public ::testing::Test {
protected:
    TempDir temp;
    ObjectCache cache = testCache(temp.path() / "cache");

    // Stores entry `n` with an object of `objectSize` bytes, last used at `usedAt` seconds.
    CacheKey storeEntry(uint32_t n, size_t objectSize, int64_t usedAt) {
        const CacheKey key = keyNumber(n);
        auto stored = cache.store(key, pattern(10, n), pattern(objectSize, n), "module-" + std::to_string(n));
        EXPECT_TRUE(stored.ok()) << stored.error().toString();
        setModificationTime(cache.headerPath(key), usedAt);
        return key;
    }
    static uint64_t entrySize(size_t objectSize, uint32_t n) {
        return kHeaderSize + 10 + ("module-" + std::to_string(n)).size() + objectSize;
    }
    std::vector<CacheKey> remainingKeys() {
        auto listing = cache.list();
        EXPECT_TRUE(listing.ok());
        std::vector<CacheKey> keys;
        for (const auto& entry : listing->entries) keys.push_back(entry.key);
        return keys;
    }
};

TEST_F(CacheMaintenance, ListShowsKeySizeLastUseAndName) {
    auto empty = cache.list();
    ASSERT_TRUE(empty.ok());
    EXPECT_TRUE(empty->entries.empty());

    const CacheKey a = storeEntry(1, 1000, 5000);
    const CacheKey b = storeEntry(2, 3000, 6000);
    auto listing = cache.list();
    ASSERT_TRUE(listing.ok()) << listing.error().toString();
    ASSERT_EQ(listing->entries.size(), 2u);
    EXPECT_TRUE(listing->foreign.empty());
    for (const auto& entry : listing->entries) {
        const bool isA = entry.key == a;
        ASSERT_TRUE(isA || entry.key == b);
        EXPECT_EQ(entry.name, isA ? "module-1" : "module-2");
        EXPECT_EQ(entry.size, isA ? entrySize(1000, 1) : entrySize(3000, 2));
        EXPECT_EQ(entry.objectSize, isA ? 1000u : 3000u);
        EXPECT_EQ(entry.lastUse,
                  std::chrono::system_clock::time_point(std::chrono::seconds(isA ? 5000 : 6000)));
        EXPECT_FALSE(entry.problem);
        EXPECT_EQ(entry.objectPath, cache.objectPath(entry.key));
    }
    EXPECT_EQ(listing->totalBytes, entrySize(1000, 1) + entrySize(3000, 2));
}

TEST_F(CacheMaintenance, InfoDescribesOneEntry) {
    const CacheKey key = storeEntry(1, 1234, 7000);
    auto info = cache.info(key);
    ASSERT_TRUE(info.ok()) << info.error().toString();
    EXPECT_EQ(info->name, "module-1");
    EXPECT_EQ(info->objectSize, 1234u);
    EXPECT_EQ(info->metadataSize, 10u);
    EXPECT_GT(info->created, std::chrono::system_clock::time_point(std::chrono::seconds(1600000000)));

    auto missing = cache.info(keyNumber(2));
    ASSERT_FALSE(missing.ok());
    EXPECT_EQ(missing.error().kind, Error::Kind::NotFound);

    truncateTo(cache.objectPath(key), 10);
    auto damaged = cache.info(key);
    ASSERT_FALSE(damaged.ok());
    EXPECT_EQ(damaged.error().kind, Error::Kind::Damaged);
    EXPECT_TRUE(fs::exists(cache.entryDirectory(key))) << "info only looks";
}

TEST_F(CacheMaintenance, ForeignFilesAreReportedAndLeftAlone) {
    storeEntry(1, 100, 1000);
    const fs::path stray = cache.layout().entries() / "notes.txt";
    writeBytes(stray, bytesOf("mine"));
    auto listing = cache.list();
    ASSERT_TRUE(listing.ok());
    ASSERT_EQ(listing->foreign.size(), 1u);
    EXPECT_EQ(listing->foreign[0], stray);
    auto report = cache.verify();
    ASSERT_TRUE(report.ok());
    EXPECT_EQ(report->foreign, std::vector<fs::path>{stray});
    auto pruned = cache.prune(0);
    ASSERT_TRUE(pruned.ok());
    auto cleared = cache.clear();
    ASSERT_TRUE(cleared.ok());
    EXPECT_TRUE(fs::exists(stray));
}

TEST_F(CacheMaintenance, VerifyChecksEveryEntryAndRemovesDamagedOnes) {
    const CacheKey good = storeEntry(1, 500, 1000);
    const CacheKey flipped = storeEntry(2, 500, 1000);
    const CacheKey cut = storeEntry(3, 500, 1000);
    flipByte(cache.objectPath(flipped), 250);  // only a full check sees this
    truncateTo(cache.headerPath(cut), 20);

    auto listing = cache.list();
    ASSERT_TRUE(listing.ok());
    size_t damagedInListing = 0;
    for (const auto& entry : listing->entries) damagedInListing += entry.problem.has_value();
    EXPECT_EQ(damagedInListing, 1u) << "listing does a structural check only";

    auto report = cache.verify();
    ASSERT_TRUE(report.ok()) << report.error().toString();
    EXPECT_EQ(report->checked, 3u);
    EXPECT_EQ(report->sound, 1u);
    ASSERT_EQ(report->problems.size(), 2u);
    for (const auto& problem : report->problems) {
        EXPECT_EQ(problem.kind, CacheWarning::Kind::DamagedEntry);
        EXPECT_TRUE(problem.removed);
        ASSERT_TRUE(problem.key && problem.problem);
        EXPECT_EQ(problem.problem->kind,
                  *problem.key == flipped ? EntryError::Kind::Corrupted : EntryError::Kind::Truncated);
    }
    EXPECT_EQ(remainingKeys(), std::vector<CacheKey>{good});
}

TEST_F(CacheMaintenance, PruneEvictsLeastRecentlyUsedFirst) {
    const CacheKey oldest = storeEntry(1, 1000, 1000);
    const CacheKey middle = storeEntry(2, 1000, 2000);
    const CacheKey newest = storeEntry(3, 1000, 3000);
    const uint64_t each = entrySize(1000, 1);

    // Nothing to do under the limit.
    auto none = cache.prune(10 * each);
    ASSERT_TRUE(none.ok());
    EXPECT_TRUE(none->evicted.empty());
    EXPECT_EQ(none->bytesBefore, 3 * each);

    // Using the oldest makes it the most recent: the middle one goes first now.
    ASSERT_TRUE(cache.lookup(oldest).hit);
    auto pruned = cache.prune(2 * each);
    ASSERT_TRUE(pruned.ok()) << pruned.error().toString();
    ASSERT_EQ(pruned->evicted.size(), 1u);
    EXPECT_EQ(pruned->evicted[0].key, middle);
    EXPECT_EQ(pruned->bytesBefore, 3 * each);
    EXPECT_EQ(pruned->bytesAfter, 2 * each);

    pruned = cache.prune(each);
    ASSERT_TRUE(pruned.ok());
    ASSERT_EQ(pruned->evicted.size(), 1u);
    EXPECT_EQ(pruned->evicted[0].key, newest);
    EXPECT_EQ(remainingKeys(), std::vector<CacheKey>{oldest});

    pruned = cache.prune(0);
    ASSERT_TRUE(pruned.ok());
    EXPECT_EQ(pruned->bytesAfter, 0u);
    EXPECT_TRUE(remainingKeys().empty());
}

TEST_F(CacheMaintenance, PruneNeverEvictsTheEntryToKeep) {
    const CacheKey older = storeEntry(1, 1000, 1000);
    const CacheKey kept = storeEntry(2, 1000, 500);  // the least recently used, but just stored
    auto pruned = cache.prune(0, kept);
    ASSERT_TRUE(pruned.ok()) << pruned.error().toString();
    ASSERT_EQ(pruned->evicted.size(), 1u);
    EXPECT_EQ(pruned->evicted[0].key, older);
    EXPECT_EQ(pruned->bytesAfter, entrySize(1000, 2)) << "over the limit, but kept";
    EXPECT_EQ(remainingKeys(), std::vector<CacheKey>{kept});
}

TEST_F(CacheMaintenance, AnEvictedObjectStaysUsableWhereItIsLoaded) {
    const CacheKey key = keyNumber(1);
    const auto object = readBytes(fs::path(FAASLET_RUNTIME_FIXTURE_DIR) / "not_faaslet_fixture.so");
    ASSERT_TRUE(cache.store(key, {}, object, "fixture").ok());
    auto found = cache.lookup(key);
    ASSERT_TRUE(found.hit);
    void* handle = dlopen(found.hit->object.loadPath().c_str(), RTLD_NOW | RTLD_LOCAL);
    ASSERT_NE(handle, nullptr) << dlerror();
    auto function = reinterpret_cast<int32_t (*)(int32_t)>(dlsym(handle, "unrelated_function"));
    ASSERT_NE(function, nullptr);
    auto pruned = cache.prune(0);
    ASSERT_TRUE(pruned.ok());
    ASSERT_EQ(pruned->evicted.size(), 1u);
    EXPECT_FALSE(fs::exists(cache.entryDirectory(key)));
    // The directory was renamed away and deleted; the sealed copy it was loaded from is apart.
    EXPECT_EQ(function(41), 42);
    dlclose(handle);
}

TEST_F(CacheMaintenance, PruneEvictsDamagedEntriesBeforeSoundOnes) {
    const CacheKey old = storeEntry(1, 1000, 1000);
    const CacheKey damaged = storeEntry(2, 1000, 9000);
    truncateTo(cache.headerPath(damaged), 3);
    auto pruned = cache.prune(entrySize(1000, 1));
    ASSERT_TRUE(pruned.ok());
    ASSERT_EQ(pruned->evicted.size(), 1u);
    EXPECT_EQ(pruned->evicted[0].key, damaged);
    EXPECT_EQ(remainingKeys(), std::vector<CacheKey>{old});
}

TEST_F(CacheMaintenance, PruneRemovesAbandonedTemporaryDirectories) {
    storeEntry(1, 100, 1000);
    const fs::path abandoned = cache.layout().entries() / ".tmp-abandoned";
    const fs::path fresh = cache.layout().entries() / ".tmp-inprogress";
    const fs::path trash = cache.layout().entries() / ".trash-leftover";
    for (const auto& dir : {abandoned, fresh, trash}) {
        fs::create_directories(dir);
        writeBytes(dir / kObjectFileName, pattern(10, 1));
    }
    setModificationTime(abandoned, 1000);
    auto pruned = cache.prune(1u << 30);
    ASSERT_TRUE(pruned.ok());
    EXPECT_EQ(pruned->leftoversRemoved, 2u);
    EXPECT_FALSE(fs::exists(abandoned));
    EXPECT_FALSE(fs::exists(trash));
    EXPECT_TRUE(fs::exists(fresh)) << "a writer may still be filling it";
    EXPECT_EQ(remainingKeys().size(), 1u);
}

TEST_F(CacheMaintenance, ClearRemovesEveryEntry) {
    storeEntry(1, 100, 1000);
    storeEntry(2, 100, 1000);
    const CacheKey damaged = storeEntry(3, 100, 1000);
    flipByte(cache.headerPath(damaged), 0);
    auto cleared = cache.clear();
    ASSERT_TRUE(cleared.ok());
    EXPECT_EQ(*cleared, 3u);
    EXPECT_TRUE(remainingKeys().empty());
    EXPECT_TRUE(fs::is_empty(cache.layout().entries()));
    auto again = cache.clear();
    ASSERT_TRUE(again.ok());
    EXPECT_EQ(*again, 0u);
}

TEST_F(CacheMaintenance, OperationsOnAnAbsentCacheAreEmpty) {
    auto listing = cache.list();
    ASSERT_TRUE(listing.ok());
    EXPECT_TRUE(listing->entries.empty());
    auto report = cache.verify();
    ASSERT_TRUE(report.ok());
    EXPECT_EQ(report->checked, 0u);
    EXPECT_TRUE(cache.prune(0).ok());
    auto cleared = cache.clear();
    ASSERT_TRUE(cleared.ok());
    EXPECT_EQ(*cleared, 0u);
    EXPECT_FALSE(fs::exists(cache.directory()));
}

}  // namespace
}  // namespace faaslet::cache::test
