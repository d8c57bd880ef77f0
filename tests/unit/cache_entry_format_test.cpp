// The entry format in memory: round trip, and every damage — a flipped byte anywhere, truncation
// at every length, trailing bytes, another key — detected as its own kind of error.

#include <gtest/gtest.h>

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
        headerFile = encodeHeaderFile(header, metadata, name);
    }
    Expected<EntryContents, EntryError> decode(EntryCheck check = EntryCheck::Full) const {
        return decodeEntry(headerFile, object, key, check);
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
        Kind expected = i < 8 ? Kind::Foreign : i >= 8 && i < 12 ? Kind::VersionMismatch : Kind::Corrupted;
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
    auto decoded = decodeEntry(entry.headerFile, entry.object, keyNumber(2));
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
    entry.headerFile[8] = 2;  // version 2, little-endian
    auto decoded = entry.decode();
    ASSERT_FALSE(decoded.ok());
    EXPECT_EQ(decoded.error().kind, Kind::VersionMismatch);
    EXPECT_NE(decoded.error().message.find("version 2"), std::string::npos);
}

}  // namespace
}  // namespace faaslet::cache::test
