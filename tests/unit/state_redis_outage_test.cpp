// A Redis killed and started again under the tier: calls answer Unavailable with a clear message,
// the tier logs the loss and the return once each, work goes on once Redis is back, and no value
// is ever half-written (the server keeps an append-only file, so it comes back with what it had).
#include <gtest/gtest.h>
#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>

#include <atomic>
#include <sstream>
#include <thread>

#include "state_redis_test_support.h"

namespace faaslet::state {
namespace {

using namespace std::chrono_literals;
using testing_support::bytesOf;
using testing_support::textOf;

// The default logger's lines while it lives.
class CapturedLog {
public:
    CapturedLog() : sink_(std::make_shared<spdlog::sinks::ostream_sink_mt>(text_)) {
        spdlog::default_logger()->sinks().push_back(sink_);
    }
    ~CapturedLog() {
        auto& sinks = spdlog::default_logger()->sinks();
        sinks.erase(std::find(sinks.begin(), sinks.end(), sink_));
    }
    std::string text() {
        spdlog::default_logger()->flush();
        return text_.str();
    }

private:
    std::ostringstream text_;
    std::shared_ptr<spdlog::sinks::ostream_sink_mt> sink_;
};

size_t occurrences(const std::string& text, const std::string& part) {
    size_t count = 0;
    for (size_t at = text.find(part); at != std::string::npos; at = text.find(part, at + 1)) ++count;
    return count;
}

constexpr size_t kChunk = 4096;
constexpr size_t kChunks = 16;

// A value of 16 chunks, every other one dirty, all dirty ones holding `generation`.
std::vector<uint8_t> generationValue(uint8_t generation) {
    std::vector<uint8_t> value(2 * kChunks * kChunk, 0);
    for (size_t c = 0; c < kChunks; ++c) std::fill_n(value.begin() + 2 * c * kChunk, kChunk, generation);
    return value;
}

std::vector<ByteRange> dirtyChunks() {
    std::vector<ByteRange> ranges;
    for (size_t c = 0; c < kChunks; ++c) ranges.push_back({2 * c * kChunk, kChunk});
    return ranges;
}

TEST(StateRedisOutage, KilledMidRunGivesClearErrorsAndNoHalfWrittenValue) {
    CapturedLog log;
    test::RedisServer server(test::RedisServer::Options{.appendOnly = true});
    auto tier = testing_support::connect(server);
    ASSERT_TRUE(tier);
    const std::vector<ByteRange> ranges = dirtyChunks();
    ASSERT_TRUE(tier->set("u/w", generationValue(0)).ok());

    // A writer pushes generation after generation; the server is killed under it.
    std::atomic<int> written{0};
    std::atomic<bool> refused{false};
    std::string refusal;
    std::thread writer([&] {
        for (int push = 0;; ++push) {
            const uint8_t generation = uint8_t(1 + push % 255);  // never 0, the value before
            TierStatus pushed = tier->setRanges("u/w", generationValue(generation), ranges);
            if (!pushed.ok()) {
                refusal = toString(pushed.error().kind) + std::string(": ") + pushed.error().message;
                refused = true;
                return;
            }
            ++written;
        }
    });
    while (written < 5 && !refused) std::this_thread::yield();
    server.kill();
    writer.join();
    ASSERT_TRUE(refused);
    EXPECT_NE(refusal.find("unavailable: partial push of u/w in " + server.uri() + " failed"), std::string::npos)
        << refusal;

    // While it is away, every call says so.
    auto away = tier->get("u/w");
    ASSERT_FALSE(away.ok());
    EXPECT_EQ(away.error().kind, TierError::Kind::Unavailable);
    EXPECT_NE(away.error().message.find("cannot connect to " + server.uri()), std::string::npos) << away.error().message;
    EXPECT_EQ(tier->append("u/w", bytesOf("x")).error().kind, TierError::Kind::Unavailable);
    EXPECT_EQ(tier->lock("u/w", 1s, 1s).error().kind, TierError::Kind::Unavailable);

    server.restart();
    auto back = tier->get("u/w");
    ASSERT_TRUE(back.ok()) << back.error().message;
    ASSERT_EQ(back->size(), 2 * kChunks * kChunk);
    // Every dirty chunk of one generation (the last one applied), every clean one untouched.
    const uint8_t generation = (*back)[0];
    EXPECT_NE(generation, 0) << "the pushes acknowledged before the kill are kept";
    EXPECT_EQ(*back, generationValue(generation)) << "a push was half-applied";

    // Work goes on: the other workers' connections are made again as they are used.
    for (int i = 0; i < 8; ++i) ASSERT_TRUE(tier->append("u/after", bytesOf(std::to_string(i))).ok());
    EXPECT_EQ(tier->readAppended("u/after", 100)->size(), 8u);

    const std::string lines = log.text();
    EXPECT_EQ(occurrences(lines, "lost the Redis global tier at " + server.uri()), 1u) << lines;
    EXPECT_EQ(occurrences(lines, "the Redis global tier at " + server.uri() + " is back"), 1u) << lines;
}

// Connections that were idle while Redis went away and came back are made again before they are
// used: no call fails once Redis is back, even the first on each connection.
TEST(StateRedisOutage, NoCallFailsOnceRedisIsBack) {
    test::RedisServer server;
    auto tier = testing_support::connect(server);
    ASSERT_TRUE(tier);
    // Two workers with a connection each: a lock waiter keeps one in BLPOP, so the pool starts a
    // second for the other calls.
    auto held = tier->lock("u/l", 60s, 0ms);
    ASSERT_TRUE(held.ok());
    std::thread waiter([&] {
        auto token = tier->lock("u/l", 60s, 60s);
        ASSERT_TRUE(token.ok()) << token.error().message;
        ASSERT_TRUE(tier->unlock(*token).ok());
    });
    ASSERT_TRUE(tier->set("u/k", bytesOf("v")).ok());
    ASSERT_TRUE(tier->unlock(*held).ok());
    waiter.join();

    server.restart();  // killed and started again while the connections were idle
    for (int i = 0; i < 8; ++i) {
        TierStatus appended = tier->append("u/after", bytesOf(std::to_string(i)));
        ASSERT_TRUE(appended.ok()) << "call " << i << ": " << appended.error().message;
    }
}

TEST(StateRedisOutage, AServerNeverReachedIsLoggedAsSuch) {
    CapturedLog log;
    uint16_t port;
    {
        test::RedisServer server;
        port = server.port();
    }
    const std::string uri = "redis://127.0.0.1:" + std::to_string(port);
    EXPECT_FALSE(connectRedisTier(uri).ok());
    const std::string lines = log.text();
    EXPECT_EQ(occurrences(lines, "cannot reach the Redis global tier at " + uri), 1u) << lines;
    EXPECT_EQ(occurrences(lines, "lost"), 0u) << "it was never there to be lost: " << lines;
}

// A write to a connection whose server is gone raises SIGPIPE, which would end the process: the
// tier's threads block it, so the push fails with EPIPE instead.
TEST(StateRedisOutage, ALargePushToAServerThatWentAwayFailsWithoutEndingTheProcess) {
    test::RedisServer server;
    auto tier = testing_support::connect(server);
    ASSERT_TRUE(tier);
    ASSERT_TRUE(tier->set("u/small", bytesOf("x")).ok());  // the connection is made
    server.kill();
    const std::vector<uint8_t> large(size_t(64) << 20, 0x44);
    auto pushed = tier->set("u/large", large);
    ASSERT_FALSE(pushed.ok());
    EXPECT_EQ(pushed.error().kind, TierError::Kind::Unavailable) << pushed.error().message;
}

TEST(StateRedisOutage, ALockWaiterLearnsThatRedisWentAway) {
    test::RedisServer server;
    auto tier = testing_support::connect(server);
    ASSERT_TRUE(tier);
    auto held = tier->lock("u/l", 60s, 0ms);
    ASSERT_TRUE(held.ok());
    std::atomic<bool> waiting{false};
    TierResult<LockToken> waited = TierError{TierError::Kind::NotFound, "not run"};
    std::thread waiter([&] {
        waiting = true;
        waited = tier->lock("u/l", 60s, 60s);
    });
    while (!waiting) std::this_thread::yield();
    server.kill();
    waiter.join();
    ASSERT_FALSE(waited.ok());
    EXPECT_EQ(waited.error().kind, TierError::Kind::Unavailable) << waited.error().message;
}

}  // namespace
}  // namespace faaslet::state
