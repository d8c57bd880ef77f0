// The Redis tier under concurrent callers: appends, the global lock (its exclusion, expiry,
// tokens and timeouts, and that a waiter blocks instead of polling), calls from sandboxed
// threads, and a waiting lock not holding up other calls.
#include <gtest/gtest.h>

#include <atomic>
#include <cstring>
#include <thread>

#include "sandbox/sandbox.h"
#include "state_redis_test_support.h"

namespace faaslet::state {
namespace {

using namespace std::chrono_literals;
using testing_support::bytesOf;
using testing_support::textOf;

constexpr int kThreads = 16;

class StateRedisConcurrency : public ::testing::Test {
protected:
    test::RedisServer server;
    std::unique_ptr<GlobalTier> tier = testing_support::connect(server);
};

TEST_F(StateRedisConcurrency, AppendsFromSixteenThreadsAreAllKept) {
    ASSERT_TRUE(tier);
    constexpr int kEach = 100;
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t)
        threads.emplace_back([&, t] {
            for (int i = 0; i < kEach; ++i)
                ASSERT_TRUE(tier->append("u/log", bytesOf(std::to_string(t) + ":" + std::to_string(i))).ok());
        });
    for (std::thread& thread : threads) thread.join();

    auto entries = tier->readAppended("u/log", UINT64_MAX);
    ASSERT_TRUE(entries.ok()) << entries.error().message;
    ASSERT_EQ(entries->size(), size_t(kThreads * kEach));
    std::vector<int> next(kThreads, 0);  // each thread's entries arrive in its own order
    for (const auto& entry : *entries) {
        const std::string text = textOf(entry);
        const int t = std::stoi(text.substr(0, text.find(':')));
        EXPECT_EQ(std::stoi(text.substr(text.find(':') + 1)), next[t]++);
    }

    auto first = tier->readAppended("u/log", 3);
    ASSERT_TRUE(first.ok());
    EXPECT_EQ(first->size(), 3u);
    EXPECT_EQ(*first, std::vector<std::vector<uint8_t>>(entries->begin(), entries->begin() + 3));
    EXPECT_TRUE(tier->readAppended("u/log", 0)->empty());

    ASSERT_TRUE(tier->clearAppended("u/log").ok());
    EXPECT_TRUE(tier->readAppended("u/log", 10)->empty());
    EXPECT_TRUE(tier->readAppended("u/never", 10)->empty()) << "nothing appended is an empty list";
}

TEST_F(StateRedisConcurrency, SixteenThreadsIncrementingUnderTheLockLoseNothing) {
    ASSERT_TRUE(tier);
    constexpr int kEach = 40;
    uint64_t zero = 0;
    ASSERT_TRUE(tier->set("u/counter", {reinterpret_cast<uint8_t*>(&zero), 8}).ok());
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t)
        threads.emplace_back([&] {
            for (int i = 0; i < kEach; ++i) {
                auto token = tier->lock("u/counter", 30s, 60s);
                ASSERT_TRUE(token.ok()) << token.error().message;
                auto value = tier->get("u/counter");
                ASSERT_TRUE(value.ok());
                uint64_t count;
                std::memcpy(&count, value->data(), 8);
                ++count;
                ASSERT_TRUE(tier->set("u/counter", {reinterpret_cast<uint8_t*>(&count), 8}).ok());
                ASSERT_TRUE(tier->unlock(*token).ok());
            }
        });
    for (std::thread& thread : threads) thread.join();
    uint64_t count;
    std::memcpy(&count, tier->get("u/counter")->data(), 8);
    EXPECT_EQ(count, uint64_t(kThreads * kEach));
}

TEST_F(StateRedisConcurrency, AHeldLockTimesOutAndAReleasedOneIsFree) {
    ASSERT_TRUE(tier);
    auto held = tier->lock("u/l", 60s, 0ms);
    ASSERT_TRUE(held.ok()) << held.error().message;
    auto second = tier->lock("u/l", 60s, 0ms);
    ASSERT_FALSE(second.ok());
    EXPECT_EQ(second.error().kind, TierError::Kind::TimedOut);
    EXPECT_NE(second.error().message.find("not granted within 0 ms"), std::string::npos) << second.error().message;
    auto waited = tier->lock("u/l", 60s, 50ms);
    ASSERT_FALSE(waited.ok());
    EXPECT_EQ(waited.error().kind, TierError::Kind::TimedOut);

    EXPECT_TRUE(tier->lock("u/other", 60s, 0ms).ok()) << "locks of other keys are apart";
    ASSERT_TRUE(tier->unlock(*held).ok());
    auto again = tier->lock("u/l", 60s, 0ms);
    ASSERT_TRUE(again.ok()) << again.error().message;
    EXPECT_NE(again->token, held->token);
}

TEST_F(StateRedisConcurrency, OnlyTheHoldersTokenReleases) {
    ASSERT_TRUE(tier);
    auto held = tier->lock("u/l", 60s, 0ms);
    ASSERT_TRUE(held.ok());
    auto wrong = tier->unlock(LockToken{"u/l", "not-the-token"});
    ASSERT_FALSE(wrong.ok());
    EXPECT_EQ(wrong.error().kind, TierError::Kind::NotOwner);
    EXPECT_NE(wrong.error().message.find("u/l"), std::string::npos) << wrong.error().message;
    EXPECT_EQ(tier->unlock(LockToken{"u/other", held->token}).error().kind, TierError::Kind::NotOwner);
    EXPECT_EQ(tier->lock("u/l", 60s, 0ms).error().kind, TierError::Kind::TimedOut) << "still held";
    ASSERT_TRUE(tier->unlock(*held).ok());
    EXPECT_EQ(tier->unlock(*held).error().kind, TierError::Kind::NotOwner) << "released twice";
    EXPECT_EQ(tier->lock("u/l", 0ms, 0ms).error().kind, TierError::Kind::OutOfRange) << "a lock must expire";
    auto forever = tier->lock("u/l", std::chrono::milliseconds::max(), 0ms);
    ASSERT_FALSE(forever.ok());
    EXPECT_EQ(forever.error().kind, TierError::Kind::OutOfRange);
    EXPECT_NE(forever.error().message.find("1 ms to 30 days"), std::string::npos) << forever.error().message;
    EXPECT_EQ(tier->lock("u/l", 1s, std::chrono::milliseconds::max()).error().kind, TierError::Kind::OutOfRange);
}

TEST_F(StateRedisConcurrency, AnExpiredLockGoesToTheWaiterAndTheOldTokenNoLongerReleases) {
    ASSERT_TRUE(tier);
    auto expiring = tier->lock("u/l", 100ms, 0ms);
    ASSERT_TRUE(expiring.ok());
    // Never released: the waiter gets it once it expires (the wait is far longer than the expiry).
    auto next = tier->lock("u/l", 60s, 60s);
    ASSERT_TRUE(next.ok()) << next.error().message;
    EXPECT_EQ(tier->unlock(*expiring).error().kind, TierError::Kind::NotOwner)
        << "an expired holder cannot release its successor's lock";
    EXPECT_TRUE(tier->unlock(*next).ok());
}

// Not a timing threshold: however long the holder keeps the lock, a waiter tries SET once, blocks
// in BLPOP until the release wakes it, and tries once more.
TEST_F(StateRedisConcurrency, AWaiterBlocksUntilTheReleaseInsteadOfPolling) {
    ASSERT_TRUE(tier);
    auto held = tier->lock("u/l", 60s, 0ms);
    ASSERT_TRUE(held.ok());
    const uint64_t setsBefore = server.commandCalls("set");
    std::atomic<bool> granted{false};
    std::thread waiter([&] {
        auto token = tier->lock("u/l", 60s, 60s);
        ASSERT_TRUE(token.ok()) << token.error().message;
        granted = true;
        ASSERT_TRUE(tier->unlock(*token).ok());
    });
    // Long enough that a poller every few milliseconds would show; the count does not depend on it.
    std::this_thread::sleep_for(300ms);
    EXPECT_FALSE(granted.load());
    ASSERT_TRUE(tier->unlock(*held).ok());
    waiter.join();
    EXPECT_TRUE(granted.load());
    // The waiter's SET NX failed once, and succeeded once the release woke it: two, whatever the
    // sleep (one if the machine was so loaded that the waiter began after the release).
    EXPECT_LE(server.commandCalls("set") - setsBefore, 2u);
}

TEST_F(StateRedisConcurrency, AWaitingLockDoesNotHoldUpOtherCalls) {
    ASSERT_TRUE(tier);
    auto held = tier->lock("u/l", 60s, 0ms);
    ASSERT_TRUE(held.ok());
    std::thread waiter([&] { EXPECT_TRUE(tier->lock("u/l", 60s, 60s).ok()); });
    // While the waiter blocks in BLPOP on one worker, other calls are served by another: if they
    // queued behind it, this would wait for the 60 s of the lock.
    for (int i = 0; i < 20; ++i) ASSERT_TRUE(tier->set("u/busy", bytesOf(std::to_string(i))).ok());
    EXPECT_EQ(textOf(*tier->get("u/busy")), "19");
    ASSERT_TRUE(tier->unlock(*held).ok());
    waiter.join();
}

// A Faaslet's thread may not create or connect sockets: the tier's own threads do it for it.
TEST_F(StateRedisConcurrency, SandboxedThreadsUseTheTier) {
    ASSERT_TRUE(tier);
    bool done = false;
    std::thread confined([&] {
        sandbox::Status entered = sandbox::enterSandbox();
        ASSERT_TRUE(entered.ok()) << entered.error();
        ASSERT_TRUE(tier->set("u/boxed", bytesOf("from the sandbox")).ok());
        EXPECT_EQ(textOf(*tier->get("u/boxed")), "from the sandbox");
        const ByteRange range{5, 3};
        ASSERT_TRUE(tier->setRanges("u/boxed", bytesOf("xxxxxSANxxxxxxxx"), {&range, 1}).ok());
        ASSERT_TRUE(tier->append("u/boxed", bytesOf("entry")).ok());
        EXPECT_EQ(tier->readAppended("u/boxed", 1)->size(), 1u);
        auto token = tier->lock("u/boxed", 10s, 10s);
        ASSERT_TRUE(token.ok()) << token.error().message;
        EXPECT_EQ(tier->lock("u/boxed", 10s, 20ms).error().kind, TierError::Kind::TimedOut);
        ASSERT_TRUE(tier->unlock(*token).ok());
        done = true;
    });
    confined.join();
    EXPECT_TRUE(done);
    EXPECT_EQ(textOf(*tier->get("u/boxed")), "from SAN sandbox");
}

}  // namespace
}  // namespace faaslet::state
