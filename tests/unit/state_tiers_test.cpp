// The global tier in process (with and without its file), the tier a URI names, and the local
// tier's values: dirty chunks, partial pushes, pulls, sizes, locks.

#include <gtest/gtest.h>

#include <cstring>
#include <fstream>
#include <set>
#include <thread>

#include "state/local_tier.h"
#include "state/memory_tier.h"
#include "state/open_tier.h"
#include "state/rw_lock.h"
#include "state/state_key.h"
#include "tests/support/redis_server.h"
#include "tests/support/temp_dir.h"

namespace faaslet::state {
namespace {

using namespace std::chrono_literals;

std::vector<uint8_t> bytes(std::string_view text) {
    return {text.begin(), text.end()};
}

std::unique_ptr<MemoryTier> memoryTier(std::optional<std::filesystem::path> file = {}) {
    auto tier = MemoryTier::open(std::move(file));
    EXPECT_TRUE(tier.ok()) << (tier.ok() ? "" : tier.error());
    return tier.ok() ? std::move(*tier) : nullptr;
}

TEST(StateMemoryTier, SetGetSizeAndRanges) {
    auto tier = memoryTier();
    EXPECT_EQ(tier->get("u/k").error().kind, TierError::Kind::NotFound);
    ASSERT_TRUE(tier->set("u/k", bytes("abcdefgh")).ok());
    EXPECT_EQ(*tier->size("u/k"), 8u);
    const std::vector<uint8_t> update = bytes("ABCDEFGHIJ");
    const std::vector<ByteRange> ranges = {{1, 2}, {8, 2}};
    ASSERT_TRUE(tier->setRanges("u/k", update, ranges).ok());
    EXPECT_EQ(*tier->get("u/k"), bytes("aBCdefghIJ"));  // grown to the buffer's size
    std::vector<uint8_t> out(10, '.');
    const std::vector<ByteRange> read = {{0, 1}, {9, 1}};
    ASSERT_TRUE(tier->getRanges("u/k", out, read).ok());
    EXPECT_EQ(out, bytes("a........J"));
    const std::vector<ByteRange> past = {{5, 6}};
    EXPECT_EQ(tier->getRanges("u/k", out, past).error().kind, TierError::Kind::OutOfRange);
    EXPECT_EQ(tier->setRanges("u/k", bytes("xy"), past).error().kind, TierError::Kind::OutOfRange);
    ASSERT_TRUE(tier->remove("u/k").ok());
    EXPECT_EQ(tier->size("u/k").error().kind, TierError::Kind::NotFound);
}

TEST(StateMemoryTier, AppendsAreKeptInOrderAndCleared) {
    auto tier = memoryTier();
    for (char c : std::string("abc")) ASSERT_TRUE(tier->append("u/list", bytes(std::string(1, c))).ok());
    auto two = tier->readAppended("u/list", 2);
    ASSERT_TRUE(two.ok());
    ASSERT_EQ(two->size(), 2u);
    EXPECT_EQ((*two)[1], bytes("b"));
    EXPECT_EQ(tier->readAppended("u/list", 10)->size(), 3u);
    ASSERT_TRUE(tier->clearAppended("u/list").ok());
    EXPECT_TRUE(tier->readAppended("u/list", 10)->empty());
}

TEST(StateMemoryTier, ConcurrentAppendsLoseNothing) {
    auto tier = memoryTier();
    {
        std::vector<std::jthread> appenders;
        for (int t = 0; t < 16; ++t)
            appenders.emplace_back([&, t] {
                for (int i = 0; i < 100; ++i) tier->append("u/list", bytes(std::to_string(t * 1000 + i)));
            });
    }
    auto all = tier->readAppended("u/list", 10'000);
    ASSERT_TRUE(all.ok());
    std::set<std::vector<uint8_t>> distinct(all->begin(), all->end());
    EXPECT_EQ(distinct.size(), 1600u);
}

TEST(StateMemoryTier, TheGlobalLockExcludesAndChecksItsToken) {
    auto tier = memoryTier();
    auto first = tier->lock("u/k", 60s, 0ms);
    ASSERT_TRUE(first.ok());
    auto second = tier->lock("u/k", 60s, 20ms);
    ASSERT_FALSE(second.ok());
    EXPECT_EQ(second.error().kind, TierError::Kind::TimedOut);
    LockToken forged = *first;
    forged.token += "x";
    EXPECT_EQ(tier->unlock(forged).error().kind, TierError::Kind::NotOwner);
    ASSERT_TRUE(tier->unlock(*first).ok());
    EXPECT_EQ(tier->unlock(*first).error().kind, TierError::Kind::NotOwner);  // released already
    EXPECT_TRUE(tier->lock("u/k", 60s, 0ms).ok());
}

TEST(StateMemoryTier, AWaiterGetsTheLockWhenItIsReleased) {
    auto tier = memoryTier();
    auto held = tier->lock("u/k", 60s, 0ms);
    ASSERT_TRUE(held.ok());
    std::jthread releaser([&] {
        std::this_thread::sleep_for(20ms);
        tier->unlock(*held);
    });
    EXPECT_TRUE(tier->lock("u/k", 60s, 60s).ok());  // woken by the release, long before the wait ends
}

TEST(StateMemoryTier, AnExpiredLockIsTakenOverAndItsHolderCannotReleaseIt) {
    auto tier = memoryTier();
    auto stale = tier->lock("u/k", 1ms, 0ms);
    ASSERT_TRUE(stale.ok());
    auto next = tier->lock("u/k", 60s, 60s);
    ASSERT_TRUE(next.ok());
    EXPECT_EQ(tier->unlock(*stale).error().kind, TierError::Kind::NotOwner);
    EXPECT_TRUE(tier->unlock(*next).ok());
}

TEST(StateMemoryTier, SixteenThreadsIncrementingUnderTheLockLoseNothing) {
    auto tier = memoryTier();
    ASSERT_TRUE(tier->set("u/n", std::vector<uint8_t>(8, 0)).ok());
    {
        std::vector<std::jthread> workers;
        for (int t = 0; t < 16; ++t)
            workers.emplace_back([&] {
                for (int i = 0; i < 50; ++i) {
                    auto token = tier->lock("u/n", 60s, 60s);
                    ASSERT_TRUE(token.ok());
                    auto value = *tier->get("u/n");
                    uint64_t n;
                    std::memcpy(&n, value.data(), 8);
                    ++n;
                    std::memcpy(value.data(), &n, 8);
                    tier->set("u/n", value);
                    ASSERT_TRUE(tier->unlock(*token).ok());
                }
            });
    }
    uint64_t n;
    std::memcpy(&n, tier->get("u/n")->data(), 8);
    EXPECT_EQ(n, 800u);
}

TEST(StateMemoryTier, AFileKeepsValuesAndAppendsAcrossARestart) {
    test::TempDir dir;
    const auto file = dir.path() / "state.bin";
    {
        auto tier = memoryTier(file);
        ASSERT_TRUE(tier->set("u/k", bytes("kept")).ok());
        ASSERT_TRUE(tier->append("u/list", bytes("one")).ok());
        ASSERT_TRUE(tier->append("u/list", bytes("two")).ok());
        // The change is in the file when the call returns: no destructor needed to flush it.
        auto reread = MemoryTier::open(file);
        ASSERT_TRUE(reread.ok());
        EXPECT_EQ(*(*reread)->get("u/k"), bytes("kept"));
    }
    auto tier = memoryTier(file);
    EXPECT_EQ(*tier->get("u/k"), bytes("kept"));
    auto appended = tier->readAppended("u/list", 10);
    ASSERT_EQ(appended->size(), 2u);
    EXPECT_EQ((*appended)[1], bytes("two"));
    EXPECT_NE(tier->describe().find(file.string()), std::string::npos);
}

TEST(StateMemoryTier, AForeignOrTruncatedFileIsRefusedWithItsName) {
    test::TempDir dir;
    const auto file = dir.path() / "state.bin";
    std::ofstream(file) << "not a state file";
    auto foreign = MemoryTier::open(file);
    ASSERT_FALSE(foreign.ok());
    EXPECT_NE(foreign.error().find("state.bin is not a faaslet state file"), std::string::npos) << foreign.error();
    {
        auto tier = memoryTier(dir.path() / "good.bin");
        ASSERT_TRUE(tier->set("u/k", std::vector<uint8_t>(100, 7)).ok());
    }
    std::filesystem::resize_file(dir.path() / "good.bin", std::filesystem::file_size(dir.path() / "good.bin") - 10);
    auto truncated = MemoryTier::open(dir.path() / "good.bin");
    ASSERT_FALSE(truncated.ok());
    EXPECT_NE(truncated.error().find("truncated"), std::string::npos) << truncated.error();
}

TEST(StateMemoryTier, AFileInADirectoryThatDoesNotExistIsRefusedAtOpen) {
    auto tier = MemoryTier::open("/nonexistent-dir/state.bin");
    ASSERT_FALSE(tier.ok());
    EXPECT_NE(tier.error().find("/nonexistent-dir/state.bin"), std::string::npos) << tier.error();
}

TEST(StateOpenTier, TheUriChoosesTheTier) {
    EXPECT_EQ((*openGlobalTier(""))->describe(), "in-process");
    EXPECT_EQ((*openGlobalTier("memory"))->describe(), "in-process");
    test::TempDir dir;
    const std::string file = (dir.path() / "s.bin").string();
    EXPECT_EQ((*openGlobalTier("file:" + file))->describe(), "in-process, kept in " + file);
    test::RedisServer redis;
    auto shared = openGlobalTier(redis.uri());
    ASSERT_TRUE(shared.ok()) << shared.error();
    EXPECT_EQ((*shared)->describe(), redis.uri());
    redis.kill();
    auto unreachable = openGlobalTier(redis.uri());
    ASSERT_FALSE(unreachable.ok());
    EXPECT_NE(unreachable.error().find(redis.uri()), std::string::npos) << unreachable.error();
    EXPECT_NE(openGlobalTier("file:").error().find("names no file"), std::string::npos);
    EXPECT_NE(openGlobalTier("mongodb://x").error().find("unknown state tier"), std::string::npos);
}

TEST(StateKeys, BadKeysAreRefusedAndUsersScopeThem) {
    EXPECT_TRUE(keyProblem(""));
    EXPECT_TRUE(keyProblem(std::string(kMaxKeyLength + 1, 'k')));
    EXPECT_FALSE(keyProblem(std::string(kMaxKeyLength, 'k')));
    EXPECT_TRUE(keyProblem("a b"));
    EXPECT_TRUE(keyProblem(std::string("a\0b", 3)));
    EXPECT_TRUE(keyProblem("caf\xc3\xa9"));
    EXPECT_FALSE(keyProblem("model/weights-1.bin"));
    EXPECT_EQ(scopedKey("alice", "w"), "alice/w");
    EXPECT_EQ(stateUserOf("alice/train"), "alice");
    EXPECT_EQ(stateUserOf("out/build/sgd.wasm"), "local");
    EXPECT_EQ(stateUserOf("sgd.wasm"), "local");
    EXPECT_EQ(stateUserOf("build/examples/sgd.wasm"), "local");
    EXPECT_EQ(stateUserOf("Alice/train"), "local");  // not a function name: no user's
}

TEST(StateLocalValue, DirtyChunksCoalesceAndClear) {
    auto value = LocalValue::create(5 * LocalValue::kChunkSize + 100);
    ASSERT_TRUE(value.ok());
    EXPECT_EQ((*value)->regionSize(), LocalValue::kMapUnit);
    (*value)->markDirty(10, 1);
    (*value)->markDirty(LocalValue::kChunkSize, 1);
    (*value)->markDirty(5 * LocalValue::kChunkSize + 50, 1000);  // clamped to the value's end
    const auto dirty = (*value)->takeDirty();
    ASSERT_EQ(dirty.size(), 2u);
    EXPECT_EQ(dirty[0].offset, 0u);
    EXPECT_EQ(dirty[0].length, 2 * LocalValue::kChunkSize);
    EXPECT_EQ(dirty[1].offset, 5 * LocalValue::kChunkSize);
    EXPECT_EQ(dirty[1].length, 100u);
    EXPECT_TRUE((*value)->takeDirty().empty());
}

TEST(StateLocalValue, SizesOutsideTheLimitsAreRefused) {
    EXPECT_FALSE(LocalValue::create(0).ok());
    EXPECT_FALSE(LocalValue::create(LocalValue::kMaxSize + 1).ok());
}

TEST(StateLocalTier, APartialPushOfOneChunkOfA64MiBValueSendsOneChunk) {
    std::shared_ptr<GlobalTier> global = memoryTier();
    LocalTier local(global);
    const uint64_t size = 64ull << 20;
    auto value = local.findOrCreate("u/big", size);
    ASSERT_TRUE(value.ok());
    ASSERT_TRUE(local.push("u/big", **value).ok());
    (*value)->bytes()[12345] = 9;
    (*value)->markDirty(12345, 1);
    auto sent = local.pushDirty("u/big", **value);
    ASSERT_TRUE(sent.ok());
    EXPECT_EQ(*sent, LocalValue::kChunkSize);
    EXPECT_EQ((*global->get("u/big"))[12345], 9);
    EXPECT_EQ(*local.pushDirty("u/big", **value), 0u);  // nothing written since
}

TEST(StateLocalTier, AValueIsPulledOnFirstUseAndSizesMustAgree) {
    std::shared_ptr<GlobalTier> global = memoryTier();
    ASSERT_TRUE(global->set("u/k", bytes("0123456789")).ok());
    LocalTier local(global);
    EXPECT_EQ(local.findOrCreate("u/k", 4).error().code, wasi::WasiErrno::Inval);
    auto value = local.find("u/k");
    ASSERT_TRUE(value.ok());
    EXPECT_EQ(std::string((*value)->bytes().begin(), (*value)->bytes().end()), "0123456789");
    EXPECT_EQ(local.findOrCreate("u/k", 11).error().code, wasi::WasiErrno::Inval);
    EXPECT_EQ(local.find("u/none").error().code, wasi::WasiErrno::NoEnt);
    ASSERT_TRUE(global->set("u/k", bytes("abcdefghij")).ok());
    ASSERT_TRUE(local.pull("u/k", **value).ok());
    EXPECT_EQ((*value)->bytes()[0], 'a');
}

TEST(StateRwLock, WritersExcludeReadersAndDeadlinesEndWaits) {
    RwLock lock;
    const auto soon = [] { return RwLock::Clock::now() + 20ms; };
    ASSERT_TRUE(lock.lockShared(soon()));
    ASSERT_TRUE(lock.lockShared(soon()));
    EXPECT_FALSE(lock.lock(soon()));
    lock.unlockShared();
    lock.unlockShared();
    ASSERT_TRUE(lock.lock(soon()));
    EXPECT_FALSE(lock.lockShared(soon()));
    lock.unlock();
    EXPECT_TRUE(lock.lockShared(soon()));
}

}  // namespace
}  // namespace faaslet::state
