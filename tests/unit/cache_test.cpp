// The object cache: keys change with every input, entries round-trip, and a damaged entry (any
// byte flipped, truncated, record missing or foreign) is reported, removed and never returned.

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "cache/cache_key.h"
#include "cache/object_cache.h"

namespace faaslet::cache {
namespace {

namespace fs = std::filesystem;

class ObjectCacheTest : public ::testing::Test {
protected:
    ObjectCacheTest() {
        root = fs::temp_directory_path() / ("faaslet-cache-test-" + std::to_string(getpid()) + "-" +
                                            ::testing::UnitTest::GetInstance()->current_test_info()->name());
        fs::remove_all(root);
        fs::create_directories(root);
        object = root / "compiled.so";
        std::ofstream(object, std::ios::binary) << std::string(3000, 'x') << "end of object";
    }
    ~ObjectCacheTest() override { fs::remove_all(root); }

    fs::path root;
    fs::path object;
};

TEST(CacheKey, ChangesWithEveryInput) {
    const std::vector<uint8_t> wasm{0, 'a', 's', 'm', 1, 0, 0, 0};
    const std::vector<uint8_t> other{0, 'a', 's', 'm', 1, 0, 0, 1};
    CacheKeyInputs base{wasm, "faaslet 0.1.0 abi 1", "LLVM 19.1.7; x86_64; znver3; +avx2", {{"opt", "2"}}};
    const std::string key = cacheKey(base);
    EXPECT_EQ(key.size(), 64u);
    EXPECT_EQ(cacheKey(base), key);
    auto changed = [&](auto change) {
        CacheKeyInputs copy = base;
        change(copy);
        return cacheKey(copy);
    };
    EXPECT_NE(changed([&](auto& c) { c.wasm = other; }), key);
    EXPECT_NE(changed([](auto& c) { c.compilerVersion = "faaslet 0.1.1 abi 1"; }), key);
    EXPECT_NE(changed([](auto& c) { c.target = "LLVM 19.1.7; x86_64; znver3; -avx2"; }), key);
    EXPECT_NE(changed([](auto& c) { c.options = {{"opt", "3"}}; }), key);
    EXPECT_NE(changed([](auto& c) { c.options.push_back({"interruptible", "0"}); }), key);
    // Parts are length-prefixed: moving a byte from one part to the next changes the key.
    EXPECT_NE(changed([](auto& c) { c.options = {{"op", "t2"}}; }), key);
}

TEST_F(ObjectCacheTest, StoreThenLookup) {
    ObjectCache cache(root / "cache");
    EXPECT_FALSE(cache.lookup("k1").object);
    auto stored = cache.store("k1", object);
    ASSERT_TRUE(stored) << stored.error();
    auto found = cache.lookup("k1");
    ASSERT_TRUE(found.object);
    EXPECT_TRUE(found.warning.empty());
    EXPECT_EQ(fs::file_size(*found.object), fs::file_size(object));
    ASSERT_EQ(cache.list().size(), 1u);
    EXPECT_EQ(cache.clear(), 1u);
    EXPECT_FALSE(cache.lookup("k1").object);
}

TEST_F(ObjectCacheTest, EveryFlippedByteAndEveryTruncationIsDetected) {
    ObjectCache cache(root / "cache");
    const size_t size = fs::file_size(object);
    for (const char* file : {"k.so", "k.entry"}) {
        ASSERT_TRUE(cache.store("k", object));
        const size_t length = fs::file_size(root / "cache" / file);
        for (size_t at = 0; at < length; at += (std::string(file) == "k.so" ? 97 : 1)) {
            ASSERT_TRUE(cache.store("k", object));
            std::fstream f(root / "cache" / file, std::ios::in | std::ios::out | std::ios::binary);
            f.seekg(std::streamoff(at));
            char c = char(f.get());
            f.seekp(std::streamoff(at));
            f.put(char(c ^ 0x20));
            f.close();
            auto found = cache.lookup("k");
            EXPECT_FALSE(found.object) << file << " byte " << at;
            EXPECT_NE(found.warning.find("removed"), std::string::npos) << file << " byte " << at;
            EXPECT_FALSE(fs::exists(root / "cache" / "k.so"));
        }
        for (size_t keep : {size_t(0), size_t(1), length / 2, length - 1}) {
            ASSERT_TRUE(cache.store("k", object));
            fs::resize_file(root / "cache" / file, keep);
            EXPECT_FALSE(cache.lookup("k").object) << file << " truncated to " << keep;
        }
    }
    (void)size;
}

TEST_F(ObjectCacheTest, AnEntryWithoutItsRecordIsAMissNotAnError) {
    ObjectCache cache(root / "cache");
    ASSERT_TRUE(cache.store("k", object));
    fs::remove(root / "cache" / "k.entry");
    auto found = cache.lookup("k");
    EXPECT_FALSE(found.object);
    EXPECT_TRUE(found.warning.empty());
}

TEST_F(ObjectCacheTest, ForeignRecordIsRejected) {
    ObjectCache cache(root / "cache");
    ASSERT_TRUE(cache.store("k", object));
    std::ofstream(root / "cache" / "k.entry") << "something else entirely\n";
    auto found = cache.lookup("k");
    EXPECT_FALSE(found.object);
    EXPECT_FALSE(found.warning.empty());
}

TEST_F(ObjectCacheTest, UnusableDirectoryIsAClearError) {
    // A file where the directory should be (root bypasses permission bits, so chmod would not do).
    std::ofstream(root / "not-a-directory") << "x";
    ObjectCache cache(root / "not-a-directory" / "cache");
    auto stored = cache.store("k", object);
    ASSERT_FALSE(stored);
    EXPECT_NE(stored.error().find("cannot create the cache directory"), std::string::npos) << stored.error();
    EXPECT_FALSE(cache.lookup("k").object);
}

TEST(ObjectCacheDirectory, FollowsTheEnvironment) {
    setenv("FAASLET_CACHE_DIR", "/tmp/explicit", 1);
    EXPECT_EQ(ObjectCache::defaultDirectory(), fs::path("/tmp/explicit"));
    unsetenv("FAASLET_CACHE_DIR");
    setenv("XDG_CACHE_HOME", "/tmp/xdg", 1);
    EXPECT_EQ(ObjectCache::defaultDirectory(), fs::path("/tmp/xdg/faaslet"));
    unsetenv("XDG_CACHE_HOME");
    EXPECT_EQ(ObjectCache::defaultDirectory(), fs::path(getenv("HOME")) / ".cache" / "faaslet");
}

}  // namespace
}  // namespace faaslet::cache
