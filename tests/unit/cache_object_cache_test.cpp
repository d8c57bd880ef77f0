// The on-disk store: round trips, damage found on lookup (reported, removed, rebuilt by the next
// store), foreign files, a cache that cannot be written, and loading a cached object with dlopen
// from the sealed copy a lookup hands out.

#include <dlfcn.h>
#include <gtest/gtest.h>
#include <sys/resource.h>
#include <sys/wait.h>

#include <algorithm>
#include <csignal>

#include "cache/object_cache.h"
#include "cache/scratch.h"
#include "tests/unit/cache_test_support.h"

namespace faaslet::cache::test {
namespace {

namespace fs = std::filesystem;

class CacheStore : public ::testing::Test {
protected:
    TempDir temp;
    ObjectCache cache = testCache(temp.path() / "cache");
    CacheKey key = keyNumber(10);
    std::vector<uint8_t> metadata = pattern(200, 11);
    std::vector<uint8_t> object = pattern(5000, 12);

    void storeOk(std::string_view name = "module.wasm") {
        auto stored = cache.store(key, metadata, object, name);
        ASSERT_TRUE(stored.ok()) << stored.error().toString();
    }
    void expectHit() {
        auto found = cache.lookup(key);
        ASSERT_TRUE(found.hit) << (found.warning ? found.warning->toString() : "miss");
        EXPECT_FALSE(found.warning);
        EXPECT_EQ(found.hit->metadata, metadata);
        EXPECT_EQ(readBytes(found.hit->objectPath), object);
        EXPECT_TRUE(std::equal(found.hit->object.bytes().begin(), found.hit->object.bytes().end(), object.begin(),
                               object.end()));
    }
    // Damage was found, reported, and the entry removed; the next store and lookup work again.
    // Leaves the cache empty.
    void expectDamageHandled(const std::string& what, EntryError::Kind kind) {
        auto found = cache.lookup(key);
        EXPECT_FALSE(found.hit) << what;
        ASSERT_TRUE(found.warning) << what;
        EXPECT_EQ(found.warning->kind, CacheWarning::Kind::DamagedEntry) << what;
        ASSERT_TRUE(found.warning->problem) << what;
        EXPECT_EQ(found.warning->problem->kind, kind) << what << ": " << found.warning->toString();
        EXPECT_TRUE(found.warning->removed) << what;
        EXPECT_FALSE(fs::exists(cache.entryDirectory(key))) << what;
        EXPECT_FALSE(cache.lookup(key).warning) << what << ": reported twice";
        auto stored = cache.store(key, metadata, object, "module.wasm");
        ASSERT_TRUE(stored.ok()) << what;
        EXPECT_EQ(stored->outcome, StoreResult::Outcome::Stored) << what;
        expectHit();
        ASSERT_TRUE(cache.clear().ok());
    }
};

TEST_F(CacheStore, MissOnAnEmptyOrAbsentCache) {
    auto found = cache.lookup(key);
    EXPECT_FALSE(found.hit);
    EXPECT_FALSE(found.warning);
    EXPECT_FALSE(fs::exists(cache.directory())) << "a lookup must not create the directory";
}

TEST_F(CacheStore, StoreThenLookup) {
    auto stored = cache.store(key, metadata, object, "fib.wasm");
    ASSERT_TRUE(stored.ok()) << stored.error().toString();
    EXPECT_EQ(stored->outcome, StoreResult::Outcome::Stored);
    EXPECT_EQ(stored->objectPath, cache.objectPath(key));
    for (const auto& directory : {cache.directory(), cache.layout().entries()})
        EXPECT_EQ(fs::status(directory).permissions() & (fs::perms::group_all | fs::perms::others_all),
                  fs::perms::none)
            << directory << " is private";
    auto found = cache.lookup(key);
    ASSERT_TRUE(found.hit);
    EXPECT_EQ(found.hit->key, key);
    EXPECT_EQ(found.hit->metadata, metadata);
    EXPECT_EQ(found.hit->name, "fib.wasm");
    EXPECT_EQ(found.hit->objectSize, object.size());
    EXPECT_EQ(found.hit->objectPath, cache.objectPath(key));
    // The object is a file of its own, byte for byte: what dlopen maps.
    EXPECT_EQ(readBytes(found.hit->objectPath), object);
    EXPECT_FALSE(cache.lookup(keyNumber(11)).hit);
}

TEST_F(CacheStore, StoreFileCopiesTheObject) {
    const fs::path source = temp.path() / "compiled.so";
    writeBytes(source, object);
    auto stored = cache.storeFile(key, metadata, source, "from-file");
    ASSERT_TRUE(stored.ok()) << stored.error().toString();
    expectHit();
    auto missing = cache.storeFile(keyNumber(99), metadata, temp.path() / "absent.so");
    ASSERT_FALSE(missing.ok());
    EXPECT_NE(missing.error().message.find("absent.so"), std::string::npos);
}

TEST_F(CacheStore, EmptyMetadataAndObject) {
    metadata.clear();
    object.clear();
    storeOk("");
    expectHit();
}

TEST_F(CacheStore, SecondStoreKeepsTheFirstEntry) {
    storeOk();
    auto again = cache.store(key, metadata, pattern(10, 1));
    ASSERT_TRUE(again.ok());
    EXPECT_EQ(again->outcome, StoreResult::Outcome::AlreadyPresent);
    expectHit();  // still the first object: a loaded file is never replaced
    size_t names = 0;
    for ([[maybe_unused]] auto& e : fs::directory_iterator(cache.layout().entries())) ++names;
    EXPECT_EQ(names, 1u) << "no temporary or trash directory left behind";
}

TEST_F(CacheStore, OverlongNameIsRefused) {
    auto stored = cache.store(key, metadata, object, std::string(kMaxNameSize + 1, 'x'));
    ASSERT_FALSE(stored.ok());
    EXPECT_EQ(stored.error().kind, Error::Kind::InvalidArgument);
}

TEST_F(CacheStore, FlippedByteInEveryRegionIsDetectedRemovedAndRebuilt) {
    const size_t headerFileSize = kHeaderSize + metadata.size() + std::string("module.wasm").size();
    struct Region {
        const char* what;
        const char* file;
        size_t offset;
        EntryError::Kind kind;
    };
    const Region regions[] = {
        {"magic", kHeaderFileName, 0, EntryError::Kind::Foreign},
        {"version", kHeaderFileName, 8, EntryError::Kind::VersionMismatch},
        {"header size", kHeaderFileName, 12, EntryError::Kind::Corrupted},
        {"key", kHeaderFileName, 20, EntryError::Kind::Corrupted},
        {"metadata size", kHeaderFileName, 48, EntryError::Kind::Corrupted},
        {"object size", kHeaderFileName, 57, EntryError::Kind::Corrupted},
        {"name size", kHeaderFileName, 64, EntryError::Kind::Corrupted},
        {"flags", kHeaderFileName, 68, EntryError::Kind::Corrupted},
        {"creation time", kHeaderFileName, 75, EntryError::Kind::Corrupted},
        {"payload digest", kHeaderFileName, 90, EntryError::Kind::Corrupted},
        {"sealing key id", kHeaderFileName, 115, EntryError::Kind::Corrupted},
        {"header digest", kHeaderFileName, 140, EntryError::Kind::Corrupted},
        {"seal", kHeaderFileName, 170, EntryError::Kind::Forged},
        {"metadata start", kHeaderFileName, kHeaderSize, EntryError::Kind::Corrupted},
        {"metadata end", kHeaderFileName, kHeaderSize + 199, EntryError::Kind::Corrupted},
        {"name", kHeaderFileName, headerFileSize - 1, EntryError::Kind::Corrupted},
        {"object start", kObjectFileName, 0, EntryError::Kind::Corrupted},
        {"object middle", kObjectFileName, 2500, EntryError::Kind::Corrupted},
        {"object end", kObjectFileName, 4999, EntryError::Kind::Corrupted},
    };
    for (const auto& region : regions) {
        storeOk();
        flipByte(cache.entryDirectory(key) / region.file, region.offset);
        expectDamageHandled(region.what, region.kind);
    }
}

// Not just one byte per region: every byte and every length of the header file, and of the
// object every byte and length in steps that land in each of its parts.
TEST_F(CacheStore, AFlipOrTruncationAnywhereIsDetected) {
    metadata = pattern(24, 11);
    object = pattern(3000, 12);
    auto expectDetected = [&](const std::string& what) {
        auto found = cache.lookup(key);
        EXPECT_FALSE(found.hit) << what;
        ASSERT_TRUE(found.warning) << what;
        EXPECT_EQ(found.warning->kind, CacheWarning::Kind::DamagedEntry) << what;
        EXPECT_TRUE(found.warning->removed) << what;
    };
    // One store, then its files put back as they were before each damage: stores are durable
    // (fsync), and hundreds of them would make the test slow.
    storeOk();
    const auto headerFile = readBytes(cache.headerPath(key));
    const auto objectFile = readBytes(cache.objectPath(key));
    auto restore = [&] {
        fs::create_directories(cache.entryDirectory(key));
        writeBytes(cache.headerPath(key), headerFile);
        writeBytes(cache.objectPath(key), objectFile);
    };
    for (size_t offset = 0; offset < headerFile.size(); ++offset) {
        restore();
        flipByte(cache.headerPath(key), offset);
        expectDetected("header file byte " + std::to_string(offset) + " flipped");
        restore();
        truncateTo(cache.headerPath(key), offset);
        expectDetected("header file cut to " + std::to_string(offset));
    }
    for (size_t offset = 0; offset < objectFile.size(); offset += 37) {
        restore();
        flipByte(cache.objectPath(key), offset);
        expectDetected("object byte " + std::to_string(offset) + " flipped");
        restore();
        truncateTo(cache.objectPath(key), offset);
        expectDetected("object cut to " + std::to_string(offset));
    }
    restore();
    expectHit();
}

TEST_F(CacheStore, TrailingBytesAreDetected) {
    for (const char* file : {kHeaderFileName, kObjectFileName}) {
        storeOk();
        append(cache.entryDirectory(key) / file, {0});
        expectDamageHandled(std::string("trailing byte on ") + file, EntryError::Kind::Corrupted);
    }
}

TEST_F(CacheStore, TruncationAtManyLengthsIsDetected) {
    const size_t headerFileSize = kHeaderSize + metadata.size() + std::string("module.wasm").size();
    for (size_t length : {size_t(0), size_t(1), size_t(7), size_t(8), size_t(12), size_t(100),
                          kHeaderSize - 1, kHeaderSize, kHeaderSize + 50, headerFileSize - 1}) {
        storeOk();
        truncateTo(cache.headerPath(key), length);
        expectDamageHandled("header file cut to " + std::to_string(length), EntryError::Kind::Truncated);
    }
    for (size_t length : {size_t(0), size_t(1), size_t(64), size_t(4095), object.size() - 1}) {
        storeOk();
        truncateTo(cache.objectPath(key), length);
        expectDamageHandled("object cut to " + std::to_string(length), EntryError::Kind::Truncated);
    }
}

TEST_F(CacheStore, MissingFilesAreTruncation) {
    storeOk();
    fs::remove(cache.objectPath(key));
    expectDamageHandled("object removed", EntryError::Kind::Truncated);
    storeOk();
    fs::remove(cache.headerPath(key));
    expectDamageHandled("header removed", EntryError::Kind::Truncated);
}

TEST_F(CacheStore, AnEntryMovedToAnotherKeyIsAKeyMismatch) {
    storeOk();
    const CacheKey other = keyNumber(77);
    fs::rename(cache.entryDirectory(key), cache.entryDirectory(other));
    auto found = cache.lookup(other);
    EXPECT_FALSE(found.hit);
    ASSERT_TRUE(found.warning && found.warning->problem);
    EXPECT_EQ(found.warning->problem->kind, EntryError::Kind::KeyMismatch);
    EXPECT_FALSE(fs::exists(cache.entryDirectory(other)));
}

TEST_F(CacheStore, AFileWhereTheEntryShouldBeIsRemovedAndReplaced) {
    fs::create_directories(cache.layout().entries());
    writeBytes(cache.entryDirectory(key), bytesOf("not a directory"));
    auto found = cache.lookup(key);
    EXPECT_FALSE(found.hit);
    ASSERT_TRUE(found.warning);
    EXPECT_TRUE(found.warning->removed);

    writeBytes(cache.entryDirectory(key), bytesOf("again"));
    auto stored = cache.store(key, metadata, object);
    ASSERT_TRUE(stored.ok()) << stored.error().toString();
    EXPECT_EQ(stored->outcome, StoreResult::Outcome::Replaced);
    expectHit();
}

TEST_F(CacheStore, StoreOverADamagedEntryReplacesIt) {
    storeOk();
    flipByte(cache.objectPath(key), 100);
    auto stored = cache.store(key, metadata, object);
    ASSERT_TRUE(stored.ok()) << stored.error().toString();
    EXPECT_EQ(stored->outcome, StoreResult::Outcome::Replaced);
    ASSERT_TRUE(stored->warning);
    EXPECT_EQ(stored->warning->kind, CacheWarning::Kind::DamagedEntry);
    expectHit();
}

TEST_F(CacheStore, ForeignFilesAreIgnoredByLookupAndStore) {
    storeOk();
    fs::create_directories(cache.layout().entries() / "somebody's folder");
    writeBytes(cache.layout().entries() / "README", bytesOf("hello"));
    writeBytes(cache.layout().entries() / std::string(64, 'A'), bytesOf("upper-case is not a key spelling"));
    writeBytes(cache.directory() / "unrelated.txt", bytesOf("outside the entries folder"));
    expectHit();
    auto other = cache.store(keyNumber(2), metadata, object);
    ASSERT_TRUE(other.ok());
    EXPECT_TRUE(fs::exists(cache.layout().entries() / "README"));
    EXPECT_TRUE(fs::exists(cache.directory() / "unrelated.txt"));
}

TEST_F(CacheStore, UnwritableLocationGivesAClearErrorAndCallersCanStillRun) {
    // Root ignores permission bits, so the directory is made impossible instead: a file stands
    // where one of its parents should be.
    writeBytes(temp.path() / "blocker", bytesOf("a file, not a directory"));
    ObjectCache blocked = testCache(temp.path() / "blocker" / "cache");
    auto stored = blocked.store(key, metadata, object);
    ASSERT_FALSE(stored.ok());
    EXPECT_EQ(stored.error().kind, Error::Kind::Unwritable) << stored.error().toString();
    EXPECT_NE(stored.error().message.find("blocker"), std::string::npos) << stored.error().message;
    auto found = blocked.lookup(key);
    EXPECT_FALSE(found.hit);
    EXPECT_FALSE(found.warning);

    auto scratch = ScratchDirectory::create();
    ASSERT_TRUE(scratch.ok()) << scratch.error().toString();
    const fs::path where = scratch->objectPath(key);
    writeBytes(where, object);
    EXPECT_EQ(readBytes(where), object);
    const fs::path directory = scratch->path();
    { auto gone = std::move(*scratch); }
    EXPECT_FALSE(fs::exists(directory));

    // The cache's root itself a file.
    ObjectCache fileRoot = testCache(temp.path() / "blocker");
    auto storedInFile = fileRoot.store(key, metadata, object);
    ASSERT_FALSE(storedInFile.ok());
    EXPECT_EQ(storedInFile.error().kind, Error::Kind::Unwritable) << storedInFile.error().toString();
}

TEST_F(CacheStore, AFullFilesystemGivesNoSpaceAndLeavesNothingBehind) {
    // RLIMIT_FSIZE makes writes past 4 KiB fail with EFBIG, as a full disk would; in a child, so
    // the limit does not outlive the test.
    pid_t child = fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
        std::signal(SIGXFSZ, SIG_IGN);
        struct rlimit limit = {4096, 4096};
        setrlimit(RLIMIT_FSIZE, &limit);
        auto stored = cache.store(key, metadata, pattern(64 * 1024, 5));
        int code = !stored.ok() && stored.error().kind == Error::Kind::NoSpace ? 0 : 1;
        _exit(code);
    }
    int status = 0;
    ASSERT_EQ(waitpid(child, &status, 0), child);
    ASSERT_TRUE(WIFEXITED(status));
    EXPECT_EQ(WEXITSTATUS(status), 0) << "the store did not fail with NoSpace";
    EXPECT_FALSE(fs::exists(cache.entryDirectory(key)));
    size_t names = 0;
    for ([[maybe_unused]] auto& e : fs::directory_iterator(cache.layout().entries())) ++names;
    EXPECT_EQ(names, 0u) << "the temporary directory was left behind";
    EXPECT_FALSE(cache.lookup(key).hit);
}

TEST_F(CacheStore, ACacheOthersCanWriteIsNotUsed) {
    storeOk();
    fs::permissions(cache.layout().entries(), fs::perms::all);
    auto found = cache.lookup(key);
    EXPECT_FALSE(found.hit);
    ASSERT_TRUE(found.warning);
    EXPECT_EQ(found.warning->kind, CacheWarning::Kind::UntrustedDirectory);
    EXPECT_TRUE(fs::exists(cache.entryDirectory(key))) << "a sound entry is not removed for it";
    auto stored = cache.store(keyNumber(3), metadata, object);
    ASSERT_FALSE(stored.ok());
    EXPECT_EQ(stored.error().kind, Error::Kind::Untrusted);

    fs::permissions(cache.layout().entries(), fs::perms::owner_all);
    expectHit();
}

TEST_F(CacheStore, TheCachedObjectLoadsFromItsSealedCopy) {
    const fs::path fixture = fs::path(FAASLET_RUNTIME_FIXTURE_DIR) / "not_faaslet_fixture.so";
    object = readBytes(fixture);
    storeOk("not_faaslet_fixture");
    auto found = cache.lookup(key);
    ASSERT_TRUE(found.hit);
    void* handle = dlopen(found.hit->object.loadPath().c_str(), RTLD_NOW | RTLD_LOCAL);
    ASSERT_NE(handle, nullptr) << dlerror();
    auto function = reinterpret_cast<int32_t (*)(int32_t)>(dlsym(handle, "unrelated_function"));
    ASSERT_NE(function, nullptr);
    EXPECT_EQ(function(41), 42);
    // Evicting a loaded object is safe: the mapping outlives the file.
    ASSERT_TRUE(cache.clear().ok());
    EXPECT_EQ(function(1), 2);
    dlclose(handle);
}

TEST_F(CacheStore, LookupRecordsTheUse) {
    storeOk();
    setModificationTime(cache.headerPath(key), 1000);
    ASSERT_TRUE(cache.lookup(key).hit);
    auto info = cache.info(key);
    ASSERT_TRUE(info.ok());
    EXPECT_GT(info->lastUse, std::chrono::system_clock::time_point(std::chrono::seconds(1000)));
}

}  // namespace
}  // namespace faaslet::cache::test
