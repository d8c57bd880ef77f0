// The entry format in memory: round trip, and every damage — a flipped byte anywhere, truncation
// at every length, trailing bytes, another key — detected as its own kind of error; forgery (a
// re-seal with plain SHA-256, another user's key) told apart from damage; the policy's refusal.

#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>

#include "cache/entry_format.h"
#include "tests/unit/cache_test_support.h"

namespace faaslet::cache::test {
namespace {

using Kind = EntryError::Kind;

struct Entry {
    CacheKey key = keyNumber(1);
    std::vector<uint8_t> metadata = pattern(100, 2);
    std::string name = "fib.wasm";
    std::vector<uint8_t> object = pattern(3000, 3);
    std::vector<uint8_t> headerFile;
    SealingKey sealingKey = testKey();
    ObjectPolicy policy;

    Entry() { encode(); }
    void encode() {
        PayloadDigest digest(metadata, name);
        digest.addObject(object);
        EntryHeader header;
        header.key = key;
        header.metadataSize = metadata.size();
        header.objectSize = object.size();
        header.nameSize = uint32_t(name.size());
        header.createdAt = 1700000000;
        header.payloadDigest = digest.finish();
        headerFile = encodeHeaderFile(header, metadata, name, sealingKey);
    }
    Expected<EntryContents, EntryError> decode(EntryCheck check = EntryCheck::Full) const {
        return decodeEntry(headerFile, object, {key, sealingKey, policy}, check);
    }
};

TEST(CacheEntryFormat, RoundTrip) {
    Entry entry;
    ASSERT_EQ(entry.headerFile.size(), kHeaderSize + entry.metadata.size() + entry.name.size());
    EXPECT_EQ(std::string(entry.headerFile.begin(), entry.headerFile.begin() + 8), "FSLTCACH");
    auto decoded = entry.decode();
    ASSERT_TRUE(decoded.ok()) << decoded.error().toString();
    EXPECT_EQ(decoded->metadata, entry.metadata);
    EXPECT_EQ(decoded->name, entry.name);
    EXPECT_EQ(decoded->header.key, entry.key);
    EXPECT_EQ(decoded->header.objectSize, entry.object.size());
    EXPECT_EQ(decoded->header.createdAt, 1700000000u);
}

TEST(CacheEntryFormat, EmptyBlobsRoundTrip) {
    Entry entry;
    entry.metadata.clear();
    entry.name.clear();
    entry.object.clear();
    entry.encode();
    auto decoded = entry.decode();
    ASSERT_TRUE(decoded.ok()) << decoded.error().toString();
    EXPECT_TRUE(decoded->metadata.empty());
    EXPECT_TRUE(decoded->name.empty());
}

TEST(CacheEntryFormat, StructureCheckSkipsThePayload) {
    Entry entry;
    auto structure = entry.decode(EntryCheck::Structure);
    ASSERT_TRUE(structure.ok());
    EXPECT_TRUE(structure->metadata.empty());
    EXPECT_EQ(structure->name, entry.name);
    entry.object[10] ^= 1;
    EXPECT_TRUE(entry.decode(EntryCheck::Structure).ok());
    auto full = entry.decode(EntryCheck::Full);
    ASSERT_FALSE(full.ok());
    EXPECT_EQ(full.error().kind, Kind::Corrupted);
}

TEST(CacheEntryFormat, EveryFlippedHeaderFileByteIsDetected) {
    const Entry pristine;
    for (size_t i = 0; i < pristine.headerFile.size(); ++i) {
        Entry entry = pristine;
        entry.headerFile[i] ^= 0x01;
        auto decoded = entry.decode();
        ASSERT_FALSE(decoded.ok()) << "byte " << i;
        // The seal is the last field: a flip there leaves the checksums sound and the seal wrong.
        Kind expected = i < 8                       ? Kind::Foreign
                        : i < 12                    ? Kind::VersionMismatch
                        : i >= kHeaderSize - 32 && i < kHeaderSize ? Kind::Forged
                                                    : Kind::Corrupted;
        EXPECT_EQ(decoded.error().kind, expected) << "byte " << i << ": " << decoded.error().toString();
    }
}

TEST(CacheEntryFormat, EveryFlippedObjectByteIsDetected) {
    const Entry pristine;
    for (size_t i = 0; i < pristine.object.size(); i += 7) {
        Entry entry = pristine;
        entry.object[i] ^= 0x80;
        auto decoded = entry.decode();
        ASSERT_FALSE(decoded.ok()) << "byte " << i;
        EXPECT_EQ(decoded.error().kind, Kind::Corrupted);
    }
}

TEST(CacheEntryFormat, TruncationAtEveryLengthIsDetected) {
    const Entry pristine;
    for (size_t length = 0; length < pristine.headerFile.size(); ++length) {
        Entry entry = pristine;
        entry.headerFile.resize(length);
        auto decoded = entry.decode();
        ASSERT_FALSE(decoded.ok()) << "length " << length;
        EXPECT_EQ(decoded.error().kind, Kind::Truncated)
            << "length " << length << ": " << decoded.error().toString();
    }
    for (size_t length = 0; length < pristine.object.size(); length += 13) {
        Entry entry = pristine;
        entry.object.resize(length);
        auto decoded = entry.decode();
        ASSERT_FALSE(decoded.ok()) << "object length " << length;
        EXPECT_EQ(decoded.error().kind, Kind::Truncated);
    }
}

TEST(CacheEntryFormat, TrailingBytesAreDetected) {
    Entry header;
    header.headerFile.push_back(0);
    auto decoded = header.decode();
    ASSERT_FALSE(decoded.ok());
    EXPECT_EQ(decoded.error().kind, Kind::Corrupted);

    Entry object;
    object.object.push_back(0);
    decoded = object.decode();
    ASSERT_FALSE(decoded.ok());
    EXPECT_EQ(decoded.error().kind, Kind::Corrupted);
}

TEST(CacheEntryFormat, ForeignFilesAreRecognised) {
    Entry entry;
    const std::string elf =
        "\x7f"
        "ELF and then some more bytes than a header has, to be sure of it......"
        "................................................................................";
    entry.headerFile.assign(elf.begin(), elf.end());
    auto decoded = entry.decode();
    ASSERT_FALSE(decoded.ok());
    EXPECT_EQ(decoded.error().kind, Kind::Foreign);
    entry.headerFile = {'F', 'S', 'X'};
    EXPECT_EQ(entry.decode().error().kind, Kind::Foreign);
}

TEST(CacheEntryFormat, AnotherKeysEntryIsAKeyMismatch) {
    Entry entry;
    const CacheKey other = keyNumber(2);
    auto decoded = decodeEntry(entry.headerFile, entry.object, {other, entry.sealingKey, entry.policy});
    ASSERT_FALSE(decoded.ok());
    EXPECT_EQ(decoded.error().kind, Kind::KeyMismatch);
}

TEST(CacheEntryFormat, OversizedNameIsCorruptionEvenWithASoundChecksum) {
    Entry entry;
    entry.name.assign(kMaxNameSize + 1, 'n');
    entry.encode();
    auto decoded = entry.decode();
    ASSERT_FALSE(decoded.ok());
    EXPECT_EQ(decoded.error().kind, Kind::Corrupted);
}

TEST(CacheEntryFormat, AnotherFormatVersionIsAVersionMismatch) {
    Entry entry;
    entry.headerFile[8] = 1;  // version 1, little-endian: the unsealed format before this one
    auto decoded = entry.decode();
    ASSERT_FALSE(decoded.ok());
    EXPECT_EQ(decoded.error().kind, Kind::VersionMismatch);
    EXPECT_NE(decoded.error().message.find("version 1"), std::string::npos);
}

// What an attacker who can write the entry but not read the key does: change the object, then
// recompute every SHA-256 the header holds. The checksums agree; the seal does not.
TEST(CacheEntryFormat, AnEntryResealedWithPlainSha256IsForged) {
    Entry entry;
    entry.object[100] ^= 0xff;
    PayloadDigest payload(entry.metadata, entry.name);
    payload.addObject(entry.object);
    const Digest payloadDigest = payload.finish();
    std::copy(payloadDigest.begin(), payloadDigest.end(), entry.headerFile.begin() + 80);
    const Digest headerDigest = sha256(std::span(entry.headerFile.data(), 128));
    std::copy(headerDigest.begin(), headerDigest.end(), entry.headerFile.begin() + 128);
    auto decoded = entry.decode();
    ASSERT_FALSE(decoded.ok());
    EXPECT_EQ(decoded.error().kind, Kind::Forged) << decoded.error().toString();
    EXPECT_TRUE(decoded.error().isForgery());
    EXPECT_NE(decoded.error().message.find("seal does not match"), std::string::npos) << decoded.error().message;
    // Its structure alone gives it away: the seal covers the header, which holds the payload digest.
    EXPECT_EQ(entry.decode(EntryCheck::Structure).error().kind, Kind::Forged);
}

TEST(CacheEntryFormat, AnEntrySealedWithAnotherKeyIsForged) {
    Entry entry;
    entry.sealingKey = testKey(2);
    entry.encode();
    EXPECT_TRUE(entry.decode().ok());
    entry.sealingKey = testKey(1);
    auto decoded = entry.decode();
    ASSERT_FALSE(decoded.ok());
    EXPECT_EQ(decoded.error().kind, Kind::Forged);
    EXPECT_NE(decoded.error().message.find("another key"), std::string::npos) << decoded.error().message;
}

TEST(CacheEntryFormat, TheKeyIdNamesTheKeyWithoutRevealingIt) {
    EXPECT_EQ(testKey(1).id(), testKey(1).id());
    EXPECT_NE(testKey(1).id(), testKey(2).id());
    std::array<uint8_t, kSealingKeySize> bytes{};
    for (size_t i = 0; i < bytes.size(); ++i) bytes[i] = uint8_t(31 + i);  // testKey(1)'s bytes
    EXPECT_FALSE(std::equal(testKey(1).id().begin(), testKey(1).id().end(), bytes.begin()));
}

TEST(CacheEntryFormat, AnObjectThePolicyRefusesIsRejectedAfterItsSealIsChecked) {
    Entry entry;
    std::vector<uint8_t> seen;
    entry.policy = [&seen](std::span<const uint8_t> object) -> std::optional<std::string> {
        seen.assign(object.begin(), object.end());
        return "it has constructors";
    };
    auto decoded = entry.decode();
    ASSERT_FALSE(decoded.ok());
    EXPECT_EQ(decoded.error().kind, Kind::Rejected);
    EXPECT_TRUE(decoded.error().isDamage());
    EXPECT_FALSE(decoded.error().isForgery());
    EXPECT_NE(decoded.error().message.find("it has constructors"), std::string::npos);
    EXPECT_EQ(seen, entry.object) << "the policy sees exactly the object's bytes";
    // A forged entry never reaches the policy.
    seen.clear();
    entry.sealingKey = testKey(3);
    EXPECT_EQ(entry.decode().error().kind, Kind::Forged);
    EXPECT_TRUE(seen.empty());
}

TEST(CacheEntryFormat, AFullCheckHandsOutTheObjectSealed) {
    Entry entry;
    auto decoded = entry.decode();
    ASSERT_TRUE(decoded.ok()) << decoded.error().toString();
    const SealedImage& image = decoded->object;
    ASSERT_EQ(image.size(), entry.object.size());
    EXPECT_TRUE(std::equal(image.bytes().begin(), image.bytes().end(), entry.object.begin()));
    // Sealed: the memfd refuses writes, growth and shrinking, and any further change of its seals.
    EXPECT_EQ(::pwrite(image.fd(), "x", 1, 0), -1);
    EXPECT_NE(::ftruncate(image.fd(), 0), 0);
    EXPECT_NE(::ftruncate(image.fd(), off_t(image.size() + 4096)), 0);
    const int seals = ::fcntl(image.fd(), F_GET_SEALS);
    EXPECT_EQ(seals & (F_SEAL_WRITE | F_SEAL_GROW | F_SEAL_SHRINK | F_SEAL_SEAL),
              F_SEAL_WRITE | F_SEAL_GROW | F_SEAL_SHRINK | F_SEAL_SEAL);
}

}  // namespace
}  // namespace faaslet::cache::test
