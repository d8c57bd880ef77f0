// The cache as an attacker meets it (cache/README.md's threat model): a forged entry (changed and
// re-sealed with plain SHA-256), a symbolic link for an entry or one of its files, files of another
// user, a directory on the way that others can write, and the sealing key's own checks. Each is
// refused and never handed out; damage of this kind is removed so the next store rebuilds it.

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <functional>
#include <map>

#include "cache/object_cache.h"
#include "cache/sealing_key.h"
#include "tests/unit/cache_test_support.h"

namespace faaslet::cache::test {
namespace {

namespace fs = std::filesystem;

// nobody on Debian: a user other than root and the test's.
constexpr uid_t kOtherUser = 65534;

class CacheTrust : public ::testing::Test {
protected:
    TempDir temp;
    fs::path root = temp / "cache";
    ObjectCache cache = testCache(root);
    CacheKey key = keyNumber(20);
    std::vector<uint8_t> object = pattern(4000, 21);

    void storeOk() {
        auto stored = cache.store(key, {}, object, "module.wasm");
        ASSERT_TRUE(stored.ok()) << stored.error().toString();
    }
    // A lookup that refuses the entry as `kind` and removes it; nothing is handed out.
    void expectRefused(EntryError::Kind kind, const std::string& what) {
        auto found = cache.lookup(key);
        EXPECT_FALSE(found.hit) << what;
        ASSERT_TRUE(found.warning) << what;
        EXPECT_EQ(found.warning->kind, CacheWarning::Kind::DamagedEntry) << what;
        ASSERT_TRUE(found.warning->problem) << what;
        EXPECT_EQ(found.warning->problem->kind, kind) << what << ": " << found.warning->toString();
        EXPECT_TRUE(found.warning->removed) << what << ": " << found.warning->toString();
        EXPECT_FALSE(fs::exists(fs::symlink_status(cache.entryDirectory(key)))) << what;
    }
};

TEST_F(CacheTrust, AForgedEntryIsRefusedAndReportedAsForged) {
    storeOk();
    std::vector<uint8_t> evil = object;
    evil[123] ^= 0xff;
    writeBytes(cache.objectPath(key), evil);
    resealWithSha256(cache.headerPath(key), cache.objectPath(key));
    auto found = cache.lookup(key);
    EXPECT_FALSE(found.hit);
    ASSERT_TRUE(found.warning && found.warning->problem);
    EXPECT_EQ(found.warning->problem->kind, EntryError::Kind::Forged) << found.warning->toString();
    EXPECT_NE(found.warning->toString().find("is forged"), std::string::npos) << found.warning->toString();
    EXPECT_FALSE(fs::exists(cache.entryDirectory(key)));

    // verify() counts it apart from damage.
    storeOk();
    writeBytes(cache.objectPath(key), evil);
    resealWithSha256(cache.headerPath(key), cache.objectPath(key));
    const CacheKey damagedKey = keyNumber(21);
    ASSERT_TRUE(cache.store(damagedKey, {}, object).ok());
    flipByte(cache.objectPath(damagedKey), 7);
    auto report = cache.verify();
    ASSERT_TRUE(report.ok());
    EXPECT_EQ(report->checked, 2u);
    EXPECT_EQ(report->sound, 0u);
    EXPECT_EQ(report->problems.size(), 2u);
    EXPECT_EQ(report->forged, 1u);
}

TEST_F(CacheTrust, AnEntryOfAnotherUsersKeyIsForged) {
    ObjectCache other = testCache(root, 2);
    ASSERT_TRUE(other.store(key, {}, object).ok());
    EXPECT_TRUE(other.lookup(key).hit);
    expectRefused(EntryError::Kind::Forged, "sealed with another key");
}

TEST_F(CacheTrust, ASymlinkedEntryIsRefused) {
    // A sound entry elsewhere, sealed with the right key, reached through a link at the key's name.
    ObjectCache elsewhere = testCache(temp / "elsewhere");
    ASSERT_TRUE(elsewhere.store(key, {}, object).ok());
    storeOk();
    fs::remove_all(cache.entryDirectory(key));
    fs::create_directory_symlink(elsewhere.entryDirectory(key), cache.entryDirectory(key));
    expectRefused(EntryError::Kind::Untrusted, "linked entry");
    EXPECT_TRUE(elsewhere.lookup(key).hit) << "the link's target is not touched";

    // A link for one of the entry's files.
    storeOk();
    fs::remove(cache.objectPath(key));
    fs::create_symlink(elsewhere.objectPath(key), cache.objectPath(key));
    expectRefused(EntryError::Kind::Untrusted, "linked object");
    storeOk();
    fs::remove(cache.headerPath(key));
    fs::create_symlink(elsewhere.headerPath(key), cache.headerPath(key));
    expectRefused(EntryError::Kind::Untrusted, "linked header");
}

TEST_F(CacheTrust, FilesOfAnotherUserAreRefused) {
    if (::geteuid() != 0) GTEST_SKIP() << "only root can give a file to another user";
    const std::vector<std::pair<std::string, std::function<fs::path()>>> targets = {
        {"entry directory", [&] { return cache.entryDirectory(key); }},
        {"header file", [&] { return cache.headerPath(key); }},
        {"object file", [&] { return cache.objectPath(key); }},
    };
    for (const auto& [what, path] : targets) {
        storeOk();
        ASSERT_EQ(::lchown(path().c_str(), kOtherUser, kOtherUser), 0) << what;
        auto found = cache.lookup(key);
        EXPECT_FALSE(found.hit) << what;
        ASSERT_TRUE(found.warning && found.warning->problem) << what;
        EXPECT_EQ(found.warning->problem->kind, EntryError::Kind::Untrusted) << what;
        EXPECT_NE(found.warning->toString().find("belongs to another user (uid 65534)"), std::string::npos)
            << found.warning->toString();
        EXPECT_TRUE(found.warning->removed) << what;
    }
}

TEST_F(CacheTrust, FilesOthersMayWriteAreRefused) {
    storeOk();
    fs::permissions(cache.objectPath(key), fs::perms::others_write, fs::perm_options::add);
    expectRefused(EntryError::Kind::Untrusted, "world-writable object");
    storeOk();
    fs::permissions(cache.entryDirectory(key), fs::perms::group_write, fs::perm_options::add);
    expectRefused(EntryError::Kind::Untrusted, "group-writable entry directory");
}

TEST_F(CacheTrust, ADirectoryAboveTheCacheThatOthersCanWriteMakesItUnused) {
    const fs::path open = temp / "open";
    ObjectCache below = testCache(open / "deeper" / "cache");
    ASSERT_TRUE(below.store(key, {}, object).ok());
    ASSERT_TRUE(below.lookup(key).hit);
    fs::permissions(open, fs::perms::all);  // 0777, not sticky: anyone could rename "deeper" away
    auto found = below.lookup(key);
    EXPECT_FALSE(found.hit);
    ASSERT_TRUE(found.warning);
    EXPECT_EQ(found.warning->kind, CacheWarning::Kind::UntrustedDirectory);
    EXPECT_NE(found.warning->detail.find(open.string() + " is writable by other users"), std::string::npos)
        << found.warning->detail;
    auto stored = below.store(keyNumber(22), {}, object);
    ASSERT_FALSE(stored.ok());
    EXPECT_EQ(stored.error().kind, Error::Kind::Untrusted);

    // Sticky, like /tmp: others cannot rename or remove what is ours, so it is accepted.
    fs::permissions(open, fs::perms::all | fs::perms::sticky_bit);
    EXPECT_TRUE(below.lookup(key).hit);
}

TEST_F(CacheTrust, NothingIsMadeInADirectoryThatFailsItsCheck) {
    const fs::path open = temp / "open";
    fs::create_directory(open);
    fs::permissions(open, fs::perms::all);
    ObjectCache inside = testCache(open / "cache");
    auto stored = inside.store(key, {}, object);
    ASSERT_FALSE(stored.ok());
    EXPECT_EQ(stored.error().kind, Error::Kind::Untrusted);
    EXPECT_FALSE(fs::exists(open / "cache"));
}

TEST_F(CacheTrust, ALinkOnTheWayIsFollowedOnlyWhereNoOneElseCouldHaveMadeIt) {
    ObjectCache real = testCache(temp / "real");
    ASSERT_TRUE(real.store(key, {}, object).ok());
    // Our link in our directory: the cache lives where it points.
    fs::create_directory_symlink(temp / "real", temp / "linked");
    EXPECT_TRUE(testCache(temp / "linked").lookup(key).hit);
    // Relative targets with ".." resolve from the link's directory, as the kernel does.
    fs::create_directory(temp / "sub");
    fs::create_directory_symlink("../real", temp / "sub" / "up");
    EXPECT_TRUE(testCache(temp / "sub" / "up").lookup(key).hit);
    // A link loop ends with an error, not a hang.
    fs::create_directory_symlink(temp / "loop", temp / "loop");
    auto looped = testCache(temp / "loop").store(key, {}, object);
    EXPECT_FALSE(looped.ok());

    if (::geteuid() != 0) return;
    // Another user's link in a sticky shared directory: anyone may have made it.
    const fs::path shared = temp / "shared";
    fs::create_directory(shared);
    fs::permissions(shared, fs::perms::all | fs::perms::sticky_bit);
    fs::create_directory_symlink(temp / "real", shared / "theirs");
    ASSERT_EQ(::lchown((shared / "theirs").c_str(), kOtherUser, kOtherUser), 0);
    auto found = testCache(shared / "theirs").lookup(key);
    EXPECT_FALSE(found.hit);
    ASSERT_TRUE(found.warning);
    EXPECT_EQ(found.warning->kind, CacheWarning::Kind::UntrustedDirectory);
    EXPECT_NE(found.warning->detail.find("symbolic link of another user"), std::string::npos) << found.warning->detail;
}

TEST_F(CacheTrust, ACacheDirectoryOfAnotherUserIsNotUsed) {
    if (::geteuid() != 0) GTEST_SKIP() << "only root can give a directory to another user";
    storeOk();
    ASSERT_EQ(::chown(root.c_str(), kOtherUser, kOtherUser), 0);
    auto found = cache.lookup(key);
    EXPECT_FALSE(found.hit);
    ASSERT_TRUE(found.warning);
    EXPECT_EQ(found.warning->kind, CacheWarning::Kind::UntrustedDirectory);
    EXPECT_NE(found.warning->detail.find("belongs to another user"), std::string::npos) << found.warning->detail;
}

class SealingKeyFile : public ::testing::Test {
protected:
    TempDir temp;
    fs::path file = temp / "data" / "faaslet" / kSealingKeyFileName;
};

TEST_F(SealingKeyFile, IsMadePrivateOnFirstUseAndTheSameAfterwards) {
    auto made = loadOrCreateSealingKey(file);
    ASSERT_TRUE(made.ok()) << made.error().toString();
    EXPECT_EQ(fs::status(file).permissions() & fs::perms::mask, fs::perms::owner_read | fs::perms::owner_write);
    EXPECT_EQ(fs::file_size(file), kSealingKeySize);
    EXPECT_EQ(fs::status(file.parent_path()).permissions() & fs::perms::mask, fs::perms::owner_all);
    auto again = loadOrCreateSealingKey(file);
    ASSERT_TRUE(again.ok());
    EXPECT_EQ(again->id(), made->id());
    // Nothing but the key is left in its directory.
    size_t names = 0;
    for ([[maybe_unused]] auto& e : fs::directory_iterator(file.parent_path())) ++names;
    EXPECT_EQ(names, 1u);
}

TEST_F(SealingKeyFile, ConcurrentFirstUsesAgreeOnOneKey) {
    constexpr int kProcesses = 6;
    int pipes[kProcesses][2];
    std::vector<pid_t> children;
    for (int i = 0; i < kProcesses; ++i) {
        ASSERT_EQ(pipe(pipes[i]), 0);
        pid_t child = fork();
        ASSERT_GE(child, 0);
        if (child == 0) {
            auto key = loadOrCreateSealingKey(file);
            if (!key) _exit(1);
            (void)!write(pipes[i][1], key->id().data(), key->id().size());
            _exit(0);
        }
        close(pipes[i][1]);
        children.push_back(child);
    }
    std::vector<KeyId> ids(kProcesses);
    for (int i = 0; i < kProcesses; ++i) {
        int status = 0;
        waitpid(children[i], &status, 0);
        EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << "process " << i;
        EXPECT_EQ(read(pipes[i][0], ids[i].data(), ids[i].size()), ssize_t(kKeyIdSize));
        close(pipes[i][0]);
    }
    for (const auto& id : ids) EXPECT_EQ(id, ids.front());
}

TEST_F(SealingKeyFile, AKeyOthersCanReadIsRefused) {
    ASSERT_TRUE(loadOrCreateSealingKey(file).ok());
    for (auto extra : {fs::perms::group_read, fs::perms::others_read, fs::perms::others_write}) {
        fs::permissions(file, fs::perms::owner_read | fs::perms::owner_write | extra);
        auto key = loadOrCreateSealingKey(file);
        ASSERT_FALSE(key.ok());
        EXPECT_EQ(key.error().kind, Error::Kind::Untrusted);
        EXPECT_NE(key.error().message.find("open to other users"), std::string::npos) << key.error().message;
    }
}

TEST_F(SealingKeyFile, ALinkAWrongSizeOrAnotherUsersKeyIsRefused) {
    ASSERT_TRUE(loadOrCreateSealingKey(file).ok());
    const fs::path elsewhere = temp / "elsewhere";
    fs::copy_file(file, elsewhere);
    fs::remove(file);
    fs::create_symlink(elsewhere, file);
    auto linked = loadOrCreateSealingKey(file);
    ASSERT_FALSE(linked.ok());
    EXPECT_NE(linked.error().message.find("symbolic link"), std::string::npos) << linked.error().message;

    fs::remove(file);
    writeBytes(file, pattern(16, 1));
    fs::permissions(file, fs::perms::owner_read | fs::perms::owner_write);
    auto shortKey = loadOrCreateSealingKey(file);
    ASSERT_FALSE(shortKey.ok());
    EXPECT_NE(shortKey.error().message.find("16 bytes"), std::string::npos) << shortKey.error().message;

    if (::geteuid() != 0) return;
    writeBytes(file, pattern(kSealingKeySize, 1));
    ASSERT_EQ(::chown(file.c_str(), kOtherUser, kOtherUser), 0);
    auto theirs = loadOrCreateSealingKey(file);
    ASSERT_FALSE(theirs.ok());
    EXPECT_NE(theirs.error().message.find("belongs to another user"), std::string::npos) << theirs.error().message;
}

TEST_F(SealingKeyFile, LivesInTheDataDirectoryNotTheCache) {
    auto lookup = [](std::map<std::string, std::string> env) {
        return [env](const char* name) -> const char* {
            auto it = env.find(name);
            return it == env.end() ? nullptr : it->second.c_str();
        };
    };
    EXPECT_EQ(*resolveSealingKeyFile(lookup({{"XDG_DATA_HOME", "/d"}, {"HOME", "/h"}})), "/d/faaslet/cache-key");
    EXPECT_EQ(*resolveSealingKeyFile(lookup({{"XDG_DATA_HOME", "relative"}, {"HOME", "/h"}})),
              "/h/.local/share/faaslet/cache-key");
    EXPECT_EQ(*resolveSealingKeyFile(lookup({{"FAASLET_CACHE_DIR", "/c"}, {"HOME", "/h"}})),
              "/h/.local/share/faaslet/cache-key");
}

}  // namespace
}  // namespace faaslet::cache::test
