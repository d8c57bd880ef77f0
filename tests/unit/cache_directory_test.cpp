// Where the cache lives by default, and the scratch directory for when it cannot be used.

#include "cache/cache_directory.h"

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>

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

TEST(CacheScratch, DirectoriesOfProcessesThatDiedAreRemovedByTheNextOne) {
    // A process that dies by a signal, as a killed compile would, leaving its scratch directory.
    const pid_t child = ::fork();
    if (child == 0) {
        auto scratch = ScratchDirectory::create();
        if (scratch) writeBytes(scratch->objectPath(keyNumber(2)), pattern(10, 2));
        std::printf("%s\n", scratch ? scratch->path().c_str() : "");
        std::fflush(stdout);
        ::raise(SIGKILL);
    }
    int status = 0;
    ASSERT_EQ(::waitpid(child, &status, 0), child);
    ASSERT_TRUE(WIFSIGNALED(status));
    std::error_code ec;
    const fs::path base = fs::temp_directory_path(ec);
    const std::string prefix = "faaslet-scratch-" + std::to_string(child) + "-";
    auto leftOver = [&] {
        for (const auto& entry : fs::directory_iterator(base))
            if (entry.path().filename().string().rfind(prefix, 0) == 0) return true;
        return false;
    };
    ASSERT_TRUE(leftOver()) << "the killed process left no directory to clean";
    // One of a live process (this one) is left alone.
    const fs::path live = base / ("faaslet-scratch-" + std::to_string(::getpid()) + "-live");
    fs::create_directory(live);
    fs::permissions(live, fs::perms::owner_all);
    auto next = ScratchDirectory::create();
    ASSERT_TRUE(next.ok());
    EXPECT_FALSE(leftOver());
    EXPECT_TRUE(fs::exists(live));
    fs::remove(live);
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
