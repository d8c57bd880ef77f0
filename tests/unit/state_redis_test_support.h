#pragma once
// What the Redis tier's tests share: a tier connected to a server of the test's own, and bytes
// made from text.

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "state/redis_tier.h"
#include "tests/support/redis_server.h"

namespace faaslet::state::testing_support {

inline std::unique_ptr<GlobalTier> connect(const test::RedisServer& server) {
    auto tier = connectRedisTier(server.uri());
    EXPECT_TRUE(tier.ok()) << tier.error();
    return tier.ok() ? std::move(*tier) : nullptr;
}

inline std::vector<uint8_t> bytesOf(std::string_view text) { return {text.begin(), text.end()}; }

inline std::string textOf(const std::vector<uint8_t>& bytes) { return {bytes.begin(), bytes.end()}; }

}  // namespace faaslet::state::testing_support
