// Redis URIs: what `--state redis://...` accepts, and the messages for what it refuses.
#include <gtest/gtest.h>

#include "state/redis_address.h"

namespace faaslet::state {
namespace {

TEST(StateRedisAddress, HostPortAndDatabase) {
    auto address = parseRedisUri("redis://127.0.0.1:6380/3");
    ASSERT_TRUE(address.ok()) << address.error();
    EXPECT_EQ(address->host, "127.0.0.1");
    EXPECT_EQ(address->port, 6380);
    EXPECT_EQ(address->database, 3u);
    EXPECT_EQ(address->uri(), "redis://127.0.0.1:6380/3");
}

TEST(StateRedisAddress, DefaultsAndIpv6) {
    auto plain = parseRedisUri("redis://cache.local");
    ASSERT_TRUE(plain.ok()) << plain.error();
    EXPECT_EQ(plain->port, 6379);
    EXPECT_EQ(plain->database, 0u);
    EXPECT_EQ(plain->uri(), "redis://cache.local:6379");

    auto ipv6 = parseRedisUri("redis://[::1]:7000");
    ASSERT_TRUE(ipv6.ok()) << ipv6.error();
    EXPECT_EQ(ipv6->host, "::1");
    EXPECT_EQ(ipv6->port, 7000);
    EXPECT_EQ(ipv6->uri(), "redis://[::1]:7000");
}

TEST(StateRedisAddress, RefusesWhatItCannotHonour) {
    const std::pair<const char*, const char*> cases[] = {
        {"http://127.0.0.1:6379", "does not start with redis://"},
        {"127.0.0.1:6379", "does not start with redis://"},
        {"redis://", "the host is empty"},
        {"redis://:6379", "the host is empty"},
        {"redis://host:", "the port after ':' is empty"},
        {"redis://host:0", "is not a number from 1 to 65535"},
        {"redis://host:65536", "is not a number from 1 to 65535"},
        {"redis://host:12ab", "is not a number from 1 to 65535"},
        {"redis://host:6379/x", "the database \"x\" is not a number"},
        {"redis://host:6379/", "the database \"\" is not a number"},
        {"redis://host:6379/1/2", "the database \"1/2\" is not a number"},
        {"redis://user:secret@host:6379", "user information"},
        {"redis://host:6379?db=1", "queries"},
        {"redis://[::1:6379", "no closing ]"},
        {"redis://[::1]x", "unexpected text after the IPv6 address"},
    };
    for (const auto& [uri, why] : cases) {
        auto address = parseRedisUri(uri);
        ASSERT_FALSE(address.ok()) << uri;
        EXPECT_NE(address.error().find(why), std::string::npos) << uri << ": " << address.error();
        EXPECT_NE(address.error().find(uri), std::string::npos) << address.error();
    }
}

}  // namespace
}  // namespace faaslet::state
