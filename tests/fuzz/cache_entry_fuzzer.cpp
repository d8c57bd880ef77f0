// libFuzzer entry point for the cache's entry reader: whatever bytes an entry's two files hold,
// reading it gives the entry or an error, and never crashes, leaks or reads out of bounds.
//
// The first byte picks how far the bytes get. Mode 0 hands them over raw, as an attacker who
// can write the cache directory would; almost none get past the seal. Mode 1 seals a header over
// fuzzed metadata, name and object with the reader's own key, so the payload digest and the ELF
// policy (elf_policy.h) see arbitrary object bytes as they would after a key leaked.

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

#include "cache/elf_policy.h"
#include "cache/entry_format.h"

namespace {

using namespace faaslet::cache;

const SealingKey& fuzzKey() {
    static const SealingKey key([] {
        std::array<uint8_t, kSealingKeySize> bytes{};
        for (size_t i = 0; i < bytes.size(); ++i) bytes[i] = uint8_t(i * 7 + 1);
        return bytes;
    }());
    return key;
}

// Splits off a prefix whose length the next two bytes give (bounded by what is left).
std::span<const uint8_t> take(std::span<const uint8_t>& rest) {
    if (rest.size() < 2) return {};
    const size_t wanted = size_t(rest[0]) | size_t(rest[1]) << 8;
    rest = rest.subspan(2);
    const size_t n = std::min(wanted, rest.size());
    auto prefix = rest.first(n);
    rest = rest.subspan(n);
    return prefix;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (size == 0) return 0;
    std::span<const uint8_t> rest(data + 1, size - 1);
    const CacheKey expected;
    const ObjectPolicy policy = elfPolicyViolation;
    const EntryReader reader{expected, fuzzKey(), policy};
    if (data[0] % 2 == 0) {
        auto header = take(rest);
        (void)decodeEntry(header, rest, reader, EntryCheck::Full);
        (void)decodeEntry(header, rest, reader, EntryCheck::Structure);
        return 0;
    }
    auto metadata = take(rest);
    auto nameBytes = take(rest);
    const std::string name(nameBytes.begin(), nameBytes.end());
    EntryHeader header;
    header.key = expected;
    header.metadataSize = metadata.size();
    header.objectSize = rest.size();
    header.nameSize = uint32_t(name.size());
    PayloadDigest digest(metadata, name);
    digest.addObject(rest);
    header.payloadDigest = digest.finish();
    const std::vector<uint8_t> headerFile = encodeHeaderFile(header, metadata, name, fuzzKey());
    (void)decodeEntry(headerFile, rest, reader, EntryCheck::Full);
    return 0;
}
