// Where the cache lives by default, and the scratch directory for when it cannot be used.

#include "cache/cache_directory.h"

#include <gtest/gtest.h>

#include <map>

#include "cache/scratch.h"
#include "tests/unit/cache_test_support.h"

namespace faaslet::cache::test {
namespace {

namespace fs = std::filesystem;

EnvironmentLookup environment(std::map<std::string, std::string> values) {
    auto shared = std::make_shared<std::map<std::string, std::string>>(std::move(values));
    return [shared](const char* name) -> const char* {
        auto it = shared->find(name);
        return it == shared->end() ? nullptr : it->second.c_str();
    };
}

TEST(CacheDirectory, ExplicitDirectoryWins) {
    auto dir = resolveCacheDirectory(
        environment({{"FAASLET_CACHE_DIR", "/srv/faaslet"}, {"XDG_CACHE_HOME", "/x"}, {"HOME", "/home/u"}}));
    ASSERT_TRUE(dir.ok());
    EXPECT_EQ(*dir, fs::path("/srv/faaslet"));
}

TEST(CacheDirectory, XdgCacheHomeNext) {
    auto dir = resolveCacheDirectory(environment({{"XDG_CACHE_HOME", "/x/cache"}, {"HOME", "/home/u"}}));
    ASSERT_TRUE(dir.ok());
    EXPECT_EQ(*dir, fs::path("/x/cache/faaslet"));
}

TEST(CacheDirectory, HomeLast) {
    auto dir = resolveCacheDirectory(environment({{"HOME", "/home/u"}}));
    ASSERT_TRUE(dir.ok());
    EXPECT_EQ(*dir, fs::path("/home/u/.cache/faaslet"));
}

TEST(CacheDirectory, EmptyAndRelativeValuesAreSkipped) {
    auto dir = resolveCacheDirectory(
        environment({{"FAASLET_CACHE_DIR", ""}, {"XDG_CACHE_HOME", "relative/cache"}, {"HOME", "/home/u"}}));
    ASSERT_TRUE(dir.ok());
    EXPECT_EQ(*dir, fs::path("/home/u/.cache/faaslet"));
}

TEST(CacheDirectory, WithoutHomeThePasswordDatabaseIsAsked) {
    auto dir = resolveCacheDirectory(environment({}));
    // Every user the tests run as has a password entry with a home directory.
    ASSERT_TRUE(dir.ok()) << dir.error().toString();
    EXPECT_TRUE(dir->is_absolute());
    EXPECT_EQ(dir->filename(), "faaslet");
}

TEST(CacheScratch, PrivateDirectoryRemovedWithItsContents) {
    auto scratch = ScratchDirectory::create();
    ASSERT_TRUE(scratch.ok()) << scratch.error().toString();
    const fs::path dir = scratch->path();
    EXPECT_TRUE(fs::is_directory(dir));
    EXPECT_EQ(fs::status(dir).permissions() & (fs::perms::group_all | fs::perms::others_all),
              fs::perms::none);
    const CacheKey key = keyNumber(1);
    EXPECT_EQ(scratch->objectPath(key).parent_path(), dir);
    EXPECT_EQ(scratch->objectPath(key).filename(), key.hex() + ".so");
    writeBytes(scratch->objectPath(key), pattern(100, 1));

    auto other = ScratchDirectory::create();
    ASSERT_TRUE(other.ok());
    EXPECT_NE(other->path(), dir);

    *scratch = std::move(*other);  // the first directory goes now
    EXPECT_FALSE(fs::exists(dir));
    const fs::path second = scratch->path();
    { auto last = std::move(*scratch); }
    EXPECT_FALSE(fs::exists(second));
}

}  // namespace
}  // namespace faaslet::cache::test
