// The Redis tier's values over a real redis-server: whole and partial push and pull, what a
// partial push sends, and the keys, sizes and ranges it refuses.
#include <gtest/gtest.h>
#include <sys/mman.h>

#include <cstring>

#include "state_redis_test_support.h"

namespace faaslet::state {
namespace {

using testing_support::bytesOf;
using testing_support::textOf;

class StateRedisValues : public ::testing::Test {
protected:
    test::RedisServer server;
    std::unique_ptr<GlobalTier> tier = testing_support::connect(server);
};

TEST_F(StateRedisValues, WholeValuesRoundTrip) {
    ASSERT_TRUE(tier);
    EXPECT_EQ(tier->describe(), server.uri());
    std::vector<uint8_t> value = bytesOf("weights");
    value.push_back(0);  // binary-safe: a zero byte inside and at the end
    value.push_back(7);
    ASSERT_TRUE(tier->set("alice/model", value).ok());
    auto pulled = tier->get("alice/model");
    ASSERT_TRUE(pulled.ok()) << pulled.error().message;
    EXPECT_EQ(*pulled, value);
    auto size = tier->size("alice/model");
    ASSERT_TRUE(size.ok());
    EXPECT_EQ(*size, value.size());

    ASSERT_TRUE(tier->set("alice/model", {}).ok());
    auto empty = tier->size("alice/model");
    ASSERT_TRUE(empty.ok()) << "an empty value is a value";
    EXPECT_EQ(*empty, 0u);

    ASSERT_TRUE(tier->remove("alice/model").ok());
    EXPECT_EQ(tier->get("alice/model").error().kind, TierError::Kind::NotFound);
    EXPECT_TRUE(tier->remove("alice/model").ok()) << "removing what is gone is not an error";
}

TEST_F(StateRedisValues, MissingValuesAreNotFound) {
    ASSERT_TRUE(tier);
    auto size = tier->size("bob/none");
    ASSERT_FALSE(size.ok());
    EXPECT_EQ(size.error().kind, TierError::Kind::NotFound);
    EXPECT_NE(size.error().message.find("bob/none"), std::string::npos) << size.error().message;
    EXPECT_EQ(tier->get("bob/none").error().kind, TierError::Kind::NotFound);
    std::vector<uint8_t> buffer(8);
    const ByteRange range{0, 4};
    EXPECT_EQ(tier->getRanges("bob/none", buffer, {&range, 1}).error().kind, TierError::Kind::NotFound);
}

TEST_F(StateRedisValues, PartialPushWritesOnlyItsRanges) {
    ASSERT_TRUE(tier);
    ASSERT_TRUE(tier->set("u/v", bytesOf("aaaaaaaaaaaaaaaa")).ok());
    // The local copy differs everywhere, but only two ranges are dirty: only they are pushed.
    const std::vector<uint8_t> local = bytesOf("BBBBBBBBBBBBBBBB");
    const ByteRange dirty[] = {{2, 3}, {10, 1}, {12, 0}};
    ASSERT_TRUE(tier->setRanges("u/v", local, dirty).ok());
    EXPECT_EQ(textOf(*tier->get("u/v")), "aaBBBaaaaaBaaaaa");

    std::vector<uint8_t> pulled = bytesOf("................");
    const ByteRange wanted[] = {{0, 3}, {10, 2}};
    ASSERT_TRUE(tier->getRanges("u/v", pulled, wanted).ok());
    EXPECT_EQ(textOf(pulled), "aaB.......Ba....");
}

TEST_F(StateRedisValues, PartialPushGrowsAShorterValueWithZeros) {
    ASSERT_TRUE(tier);
    const std::vector<uint8_t> local = bytesOf("0123456789");
    const ByteRange middle{4, 2};
    ASSERT_TRUE(tier->setRanges("u/new", local, {&middle, 1}).ok());
    auto stored = tier->get("u/new");
    ASSERT_TRUE(stored.ok());
    EXPECT_EQ(*stored, (std::vector<uint8_t>{0, 0, 0, 0, '4', '5', 0, 0, 0, 0}));

    ASSERT_TRUE(tier->set("u/short", bytesOf("ab")).ok());
    ASSERT_TRUE(tier->setRanges("u/short", local, {}).ok());
    EXPECT_EQ(*tier->get("u/short"), (std::vector<uint8_t>{'a', 'b', 0, 0, 0, 0, 0, 0, 0, 0}));
}

// The goal of issue 14: one dirty 4 KiB chunk of a 64 MiB value sends at most 8 KiB to Redis.
TEST_F(StateRedisValues, OneDirtyChunkOfALargeValueSendsLittle) {
    ASSERT_TRUE(tier);
    constexpr size_t kSize = size_t(64) << 20;
    constexpr size_t kChunk = 4096;
    std::vector<uint8_t> value(kSize, 0x11);
    ASSERT_TRUE(tier->set("u/big", value).ok());

    const ByteRange chunk{kSize / 2 + 3 * kChunk, kChunk};
    std::memset(value.data() + chunk.offset, 0x22, kChunk);
    const uint64_t before = server.infoNumber("total_net_input_bytes");
    ASSERT_TRUE(tier->setRanges("u/big", value, {&chunk, 1}).ok());
    const uint64_t after = server.infoNumber("total_net_input_bytes");
    RecordProperty("bytes_sent", std::to_string(after - before));
    // The difference holds the push and the one INFO command that read `after`.
    EXPECT_LE(after - before, 8192u) << "a partial push of one 4 KiB chunk sent " << after - before << " bytes";
    EXPECT_GE(after - before, kChunk);

    std::vector<uint8_t> pulled(kSize, 0);
    const ByteRange around{chunk.offset - 1, kChunk + 2};
    ASSERT_TRUE(tier->getRanges("u/big", pulled, {&around, 1}).ok());
    EXPECT_EQ(pulled[around.offset], 0x11);
    EXPECT_EQ(pulled[chunk.offset], 0x22);
    EXPECT_EQ(pulled[chunk.offset + kChunk - 1], 0x22);
    EXPECT_EQ(pulled[chunk.offset + kChunk], 0x11);
    EXPECT_EQ(pulled[0], 0) << "only the range is pulled";
    EXPECT_EQ(*tier->get("u/big"), value);
}

TEST_F(StateRedisValues, RefusesBadKeys) {
    ASSERT_TRUE(tier);
    const std::string tooLong(kRedisMaxKeyBytes + 1, 'k');
    for (const std::string& key : {std::string(), tooLong}) {
        auto set = tier->set(key, bytesOf("x"));
        ASSERT_FALSE(set.ok());
        EXPECT_EQ(set.error().kind, TierError::Kind::OutOfRange);
        EXPECT_EQ(tier->get(key).error().kind, TierError::Kind::OutOfRange);
        EXPECT_EQ(tier->append(key, bytesOf("x")).error().kind, TierError::Kind::OutOfRange);
        EXPECT_EQ(tier->lock(key, std::chrono::seconds(1), {}).error().kind, TierError::Kind::OutOfRange);
    }
    EXPECT_NE(tier->get("").error().message.find("empty key"), std::string::npos);
    EXPECT_NE(tier->get(tooLong).error().message.find("4097 bytes"), std::string::npos);
    // Braces, colons and zero bytes are parts of a key like any other byte.
    const std::string odd = std::string("u/{a}:b\0c", 9);
    ASSERT_TRUE(tier->set(odd, bytesOf("odd")).ok());
    EXPECT_EQ(textOf(*tier->get(odd)), "odd");
    EXPECT_EQ(tier->get("u/{a}:b").error().kind, TierError::Kind::NotFound);
}

TEST_F(StateRedisValues, RefusesRangesPastTheEnd) {
    ASSERT_TRUE(tier);
    ASSERT_TRUE(tier->set("u/r", bytesOf("0123456789")).ok());
    std::vector<uint8_t> buffer(10);
    const ByteRange bad[] = {{8, 3}, {11, 0}, {UINT64_MAX, 2}, {2, UINT64_MAX}};
    for (const ByteRange& range : bad) {
        auto push = tier->setRanges("u/r", buffer, {&range, 1});
        ASSERT_FALSE(push.ok()) << range.offset << "+" << range.length;
        EXPECT_EQ(push.error().kind, TierError::Kind::OutOfRange);
        EXPECT_NE(push.error().message.find("passes the end of the buffer"), std::string::npos) << push.error().message;
        EXPECT_EQ(tier->getRanges("u/r", buffer, {&range, 1}).error().kind, TierError::Kind::OutOfRange);
    }
    EXPECT_EQ(textOf(*tier->get("u/r")), "0123456789") << "a refused push writes nothing";

    // A range inside the caller's buffer but past the stored value's end.
    std::vector<uint8_t> larger(32);
    const ByteRange past{6, 8};
    auto pull = tier->getRanges("u/r", larger, {&past, 1});
    ASSERT_FALSE(pull.ok());
    EXPECT_EQ(pull.error().kind, TierError::Kind::OutOfRange);
    EXPECT_NE(pull.error().message.find("stored value (10 bytes)"), std::string::npos) << pull.error().message;
}

TEST_F(StateRedisValues, RefusesValuesLargerThanRedisTakes) {
    ASSERT_TRUE(tier);
    // Address space only, never touched: the size is refused before a byte is read.
    const size_t size = kRedisMaxValueBytes + 1;
    void* reserved = ::mmap(nullptr, size, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    ASSERT_NE(reserved, MAP_FAILED);
    const std::span<const uint8_t> huge(static_cast<const uint8_t*>(reserved), size);
    auto set = tier->set("u/huge", huge);
    ASSERT_FALSE(set.ok());
    EXPECT_EQ(set.error().kind, TierError::Kind::OutOfRange);
    EXPECT_NE(set.error().message.find("larger than Redis takes"), std::string::npos) << set.error().message;
    EXPECT_EQ(tier->setRanges("u/huge", huge, {}).error().kind, TierError::Kind::OutOfRange);
    EXPECT_EQ(tier->append("u/huge", huge).error().kind, TierError::Kind::OutOfRange);
    ::munmap(reserved, size);
}

TEST(StateRedisConnect, RefusesBadUrisAndAbsentServers) {
    auto bad = connectRedisTier("redis://host:notaport");
    ASSERT_FALSE(bad.ok());
    EXPECT_NE(bad.error().find("bad Redis URI"), std::string::npos) << bad.error();

    uint16_t port;
    {
        test::RedisServer server;
        port = server.port();
    }  // stopped: nothing listens on its port now
    const std::string uri = "redis://127.0.0.1:" + std::to_string(port);
    auto absent = connectRedisTier(uri);
    ASSERT_FALSE(absent.ok());
    EXPECT_NE(absent.error().find("does not answer"), std::string::npos) << absent.error();
    EXPECT_NE(absent.error().find(uri), std::string::npos) << absent.error();
}

TEST(StateRedisConnect, SelectsTheDatabaseOfTheUri) {
    test::RedisServer server;
    auto first = connectRedisTier(server.uri() + "/1");
    auto second = connectRedisTier(server.uri() + "/2");
    ASSERT_TRUE(first.ok() && second.ok());
    ASSERT_TRUE((*first)->set("u/k", bytesOf("one")).ok());
    EXPECT_EQ((*second)->get("u/k").error().kind, TierError::Kind::NotFound);
    EXPECT_EQ((*first)->describe(), server.uri() + "/1");

    auto missing = connectRedisTier(server.uri() + "/100000");
    ASSERT_FALSE(missing.ok());
    EXPECT_NE(missing.error().find("cannot select database 100000"), std::string::npos) << missing.error();
}

}  // namespace
}  // namespace faaslet::state
