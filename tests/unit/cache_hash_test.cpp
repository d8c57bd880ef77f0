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

// RFC 4231's test cases 1, 2 and 6: a short key, a short key with a short message, and a key
// longer than SHA-256's block (hashed first).
TEST(CacheHash, HmacSha256MatchesRfc4231) {
    struct Case {
        std::vector<uint8_t> key;
        std::string message;
        const char* mac;
    };
    const Case cases[] = {
        {std::vector<uint8_t>(20, 0x0b), "Hi There", "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"},
        {bytesOf("Jefe"), "what do ya want for nothing?",
         "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"},
        {std::vector<uint8_t>(131, 0xaa), "Test Using Larger Than Block-Size Key - Hash Key First",
         "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"},
    };
    for (const auto& c : cases) {
        EXPECT_EQ(toHex(HmacSha256(c.key).update(c.message).finish()), c.mac) << c.message;
        // In pieces, as the cache feeds it.
        HmacSha256 pieces(c.key);
        for (char ch : c.message) pieces.update(std::string_view(&ch, 1));
        EXPECT_EQ(toHex(pieces.finish()), c.mac) << c.message;
    }
}

TEST(CacheHash, DigestsCompareByEveryByte) {
    const Digest a = sha256(bytesOf("a"));
    Digest b = a;
    EXPECT_TRUE(digestsEqual(a, b));
    for (size_t i = 0; i < b.size(); ++i) {
        b = a;
        b[i] ^= 1;
        EXPECT_FALSE(digestsEqual(a, b)) << i;
    }
}

}  // namespace
}  // namespace faaslet::cache::test
