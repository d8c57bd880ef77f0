#include "wasm/decoder/byte_reader.h"

#include <cstring>

#include "fmt/format.h"

namespace faaslet::wasm {

ByteReader::ByteReader(std::span<const uint8_t> data, size_t begin, size_t end, std::string section)
    : data_(data), pos_(begin), end_(end), section_(std::move(section)) {}

void ByteReader::fail(const std::string& message, Error::Kind kind) const { failAt(pos_, message, kind); }

void ByteReader::failAt(size_t offset, const std::string& message, Error::Kind kind) const {
    throw ModuleError(Error{kind, section_, function_, offset, message});
}

uint8_t ByteReader::u8() {
    if (pos_ >= end_) fail("unexpected end of section or function: expected 1 more byte");
    return data_[pos_++];
}

uint8_t ByteReader::peek() const {
    if (pos_ >= end_) fail("unexpected end of section or function: expected 1 more byte");
    return data_[pos_];
}

std::span<const uint8_t> ByteReader::bytes(size_t count) {
    if (count > remaining()) {
        fail(fmt::format("unexpected end of section or function (length out of bounds): {} bytes expected, {} remain", count,
                         remaining()));
    }
    auto result = data_.subspan(pos_, count);
    pos_ += count;
    return result;
}

void ByteReader::skip(size_t count) { bytes(count); }

// LEB128 as the spec restricts it: at most ceil(bits / 7) bytes, and in the last byte the bits
// beyond `bits` must be zero (unsigned) or copies of the sign bit (signed).
uint64_t ByteReader::leb(unsigned bits, bool isSigned) {
    const size_t start = pos_;
    const unsigned maxBytes = (bits + 6) / 7;
    uint64_t result = 0;
    for (unsigned i = 0;; ++i) {
        if (pos_ >= end_) failAt(start, "unexpected end of section or function: LEB128 integer runs past the end");
        const uint8_t byte = data_[pos_++];
        const unsigned shift = 7 * i;
        result |= uint64_t(byte & 0x7f) << shift;
        if (i == maxBytes - 1) {
            if (byte & 0x80) {
                failAt(start, fmt::format("integer representation too long: more than {} bytes for a "
                                          "{}-bit integer",
                                          maxBytes, bits));
            }
            const unsigned usedBits = bits - shift;  // bits of the value held by this byte
            const uint8_t unused = uint8_t((byte & 0x7f) >> (isSigned ? usedBits - 1 : usedBits));
            const uint8_t allOnes = uint8_t(0x7f >> (isSigned ? usedBits - 1 : usedBits));
            if (isSigned ? (unused != 0 && unused != allOnes) : unused != 0) {
                failAt(start, fmt::format("integer too large: the value does not fit in {} bits", bits));
            }
            if (isSigned && bits < 64 && (result >> (bits - 1)) & 1) result |= ~uint64_t(0) << bits;
            return result;
        }
        if (!(byte & 0x80)) {
            const unsigned total = shift + 7;
            if (isSigned && (byte & 0x40) && total < 64) result |= ~uint64_t(0) << total;
            return result;
        }
    }
}

uint32_t ByteReader::u32() { return uint32_t(leb(32, false)); }
int32_t ByteReader::s32() { return int32_t(leb(32, true)); }
int64_t ByteReader::s33() { return int64_t(leb(33, true)); }
int64_t ByteReader::s64() { return int64_t(leb(64, true)); }

uint32_t ByteReader::f32bits() {
    uint32_t value;
    std::memcpy(&value, bytes(4).data(), 4);  // little-endian host, as the binary format
    return value;
}

uint64_t ByteReader::f64bits() {
    uint64_t value;
    std::memcpy(&value, bytes(8).data(), 8);
    return value;
}

namespace {

// Returns the length of the valid UTF-8 sequence at `s`, or 0 when it is malformed: overlong
// forms, surrogates and code points above U+10FFFF are rejected as the spec requires.
size_t utf8SequenceLength(std::span<const uint8_t> s) {
    const uint8_t b0 = s[0];
    if (b0 < 0x80) return 1;
    size_t length;
    uint32_t minimum;
    uint32_t codePoint;
    if ((b0 & 0xe0) == 0xc0) {
        length = 2, minimum = 0x80, codePoint = b0 & 0x1f;
    } else if ((b0 & 0xf0) == 0xe0) {
        length = 3, minimum = 0x800, codePoint = b0 & 0x0f;
    } else if ((b0 & 0xf8) == 0xf0) {
        length = 4, minimum = 0x10000, codePoint = b0 & 0x07;
    } else {
        return 0;
    }
    if (s.size() < length) return 0;
    for (size_t i = 1; i < length; ++i) {
        if ((s[i] & 0xc0) != 0x80) return 0;
        codePoint = (codePoint << 6) | (s[i] & 0x3f);
    }
    if (codePoint < minimum || codePoint > 0x10ffff) return 0;
    if (codePoint >= 0xd800 && codePoint <= 0xdfff) return 0;
    return length;
}

}  // namespace

std::string ByteReader::name() {
    const size_t start = pos_;
    const uint32_t length = u32();
    if (length > remaining()) {
        failAt(start, fmt::format("unexpected end of section or function (length out of bounds): name of {} bytes "
                                  "but only {} remain",
                                  length, remaining()));
    }
    auto text = bytes(length);
    for (size_t i = 0; i < text.size();) {
        const size_t n = utf8SequenceLength(text.subspan(i));
        if (n == 0) failAt(start, fmt::format("malformed UTF-8 encoding at byte {} of a name", i));
        i += n;
    }
    return std::string(text.begin(), text.end());
}

uint32_t ByteReader::count(uint32_t limit, size_t minItemBytes, const char* what) {
    const size_t start = pos_;
    const uint32_t n = u32();
    if (n > limit) {
        failAt(start, fmt::format("too many {}: {} declared, the limit is {}", what, n, limit),
               Error::Kind::ImplementationLimit);
    }
    if (minItemBytes && uint64_t(n) * minItemBytes > remaining()) {
        failAt(start, fmt::format("unexpected end of section or function (length out of bounds): {} {} declared but only {} bytes remain", n, what,
                                  remaining()));
    }
    return n;
}

}  // namespace faaslet::wasm
