// Sizes as users write them (--max-size, FAASLET_CACHE_MAX_SIZE) and the limit the environment sets.

#include <gtest/gtest.h>

#include <map>

#include "cache/size_limit.h"

namespace faaslet::cache::test {
namespace {

TEST(CacheSizeLimit, ParsesBytesAndBinarySuffixes) {
    const std::map<std::string, uint64_t> sizes = {
        {"0", 0},
        {"4096", 4096},
        {"1K", 1024},
        {"1k", 1024},
        {"512KB", 524288},
        {"300M", 314572800},
        {"1G", uint64_t(1) << 30},
        {"1GiB", uint64_t(1) << 30},
        {"2T", uint64_t(2) << 40},
        {"10B", 10},
    };
    for (const auto& [text, bytes] : sizes) {
        auto parsed = parseSize(text);
        ASSERT_TRUE(parsed.ok()) << text << ": " << parsed.error().toString();
        EXPECT_EQ(*parsed, bytes) << text;
    }
}

TEST(CacheSizeLimit, RefusesWhatIsNotASize) {
    for (const char* text :
         {"", "G", "-1", "1.5G", "12Q", "1 G", "1GG", "0x10", "99999999999T", "18446744073709551616"}) {
        auto parsed = parseSize(text);
        ASSERT_FALSE(parsed.ok()) << text;
        EXPECT_EQ(parsed.error().kind, Error::Kind::InvalidArgument) << text;
        EXPECT_NE(parsed.error().message.find('"' + std::string(text) + '"'), std::string::npos)
            << parsed.error().message;
    }
}

TEST(CacheSizeLimit, FormatsForPeople) {
    EXPECT_EQ(formatSize(0), "0 bytes");
    EXPECT_EQ(formatSize(1023), "1023 bytes");
    EXPECT_EQ(formatSize(1536), "1.5 KiB");
    EXPECT_EQ(formatSize(uint64_t(1) << 30), "1.0 GiB");
    EXPECT_EQ(formatSize(uint64_t(3) << 40), "3.0 TiB");
}

TEST(CacheSizeLimit, ComesFromTheEnvironmentOrTheDefault) {
    std::map<std::string, std::string> environment;
    auto lookup = [&environment](const char* name) -> const char* {
        auto it = environment.find(name);
        return it == environment.end() ? nullptr : it->second.c_str();
    };
    SizeLimit limit = configuredSizeLimit(lookup);
    EXPECT_EQ(limit.bytes, kDefaultMaxCacheBytes);
    EXPECT_EQ(limit.source, "default");
    EXPECT_TRUE(limit.problem.empty());

    environment[kMaxSizeVariable] = "256M";
    limit = configuredSizeLimit(lookup);
    EXPECT_EQ(limit.bytes, uint64_t(256) << 20);
    EXPECT_EQ(limit.source, kMaxSizeVariable);

    environment[kMaxSizeVariable] = "plenty";
    limit = configuredSizeLimit(lookup);
    EXPECT_EQ(limit.bytes, kDefaultMaxCacheBytes) << "the default applies";
    EXPECT_NE(limit.problem.find("FAASLET_CACHE_MAX_SIZE: \"plenty\" is not a size"), std::string::npos)
        << limit.problem;
}

}  // namespace
}  // namespace faaslet::cache::test
