// SHA-256 against the FIPS 180-2 test vectors, incremental hashing, and the hex form.

#include <gtest/gtest.h>

#include "cache/hash.h"
#include "tests/unit/cache_test_support.h"

namespace faaslet::cache::test {
namespace {

TEST(CacheHash, KnownVectors) {
    EXPECT_EQ(toHex(sha256({})), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    EXPECT_EQ(toHex(sha256(bytesOf("abc"))),
              "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    EXPECT_EQ(toHex(sha256(bytesOf("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"))),
              "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

TEST(CacheHash, IncrementalEqualsOneShot) {
    auto data = pattern(100000, 7);
    Sha256 hash;
    for (size_t offset = 0; offset < data.size(); offset += 997)
        hash.update(std::span(data).subspan(offset, std::min<size_t>(997, data.size() - offset)));
    EXPECT_EQ(hash.finish(), sha256(data));
}

TEST(CacheHash, HexRoundTrip) {
    const Digest digest = sha256(bytesOf("faaslet"));
    const std::string hex = toHex(digest);
    EXPECT_EQ(hex.size(), 64u);
    EXPECT_EQ(digestFromHex(hex), digest);
    std::string upper = hex;
    for (auto& c : upper) c = char(std::toupper(c));
    EXPECT_EQ(digestFromHex(upper), digest);
}

TEST(CacheHash, HexRejectsMalformed) {
    const std::string hex = toHex(sha256(bytesOf("x")));
    EXPECT_FALSE(digestFromHex(""));
    EXPECT_FALSE(digestFromHex(hex.substr(1)));
    EXPECT_FALSE(digestFromHex(hex + "0"));
    std::string bad = hex;
    bad[10] = 'g';
    EXPECT_FALSE(digestFromHex(bad));
}

}  // namespace
}  // namespace faaslet::cache::test
