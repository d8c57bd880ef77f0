#pragma once
// Bounded reading of the primitive encodings of the binary format: bytes, LEB128 integers with
// every malformedness rule of the spec, IEEE floats, names (validated UTF-8). Every read checks the
// bounds of the current window and throws ModuleError (kind Malformed) when it fails.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>

#include "wasm/module/error.h"

namespace faaslet::wasm {

class ByteReader {
public:
    // Reads bytes [begin, end) of `data`; offsets in errors are offsets in `data`.
    ByteReader(std::span<const uint8_t> data, size_t begin, size_t end, std::string section);

    size_t position() const { return pos_; }
    size_t end() const { return end_; }
    size_t remaining() const { return end_ - pos_; }
    bool atEnd() const { return pos_ >= end_; }
    const std::string& section() const { return section_; }
    void setFunction(std::optional<uint32_t> index) { function_ = index; }

    uint8_t u8();
    uint8_t peek() const;  // the next byte, without consuming it
    uint32_t u32();  // unsigned LEB128, at most 5 bytes, unused bits zero
    int32_t s32();   // signed LEB128, at most 5 bytes, unused bits a sign extension
    int64_t s33();   // signed 33-bit LEB128 (block type indices)
    int64_t s64();   // signed LEB128, at most 10 bytes
    uint32_t f32bits();
    uint64_t f64bits();
    std::span<const uint8_t> bytes(size_t count);
    std::string name();  // vec(byte) that must be valid UTF-8
    void skip(size_t count);

    // A count that is followed by `count` items of at least `minItemBytes` each: rejected when it
    // exceeds `limit` (an implementation limit) or could not fit in the bytes that remain
    // (malformed), before anyone allocates for it.
    uint32_t count(uint32_t limit, size_t minItemBytes, const char* what);

    // Throws a ModuleError of this reader's section and function at `offset`.
    [[noreturn]] void fail(const std::string& message, Error::Kind kind = Error::Kind::Malformed) const;
    [[noreturn]] void failAt(size_t offset, const std::string& message,
                             Error::Kind kind = Error::Kind::Malformed) const;

private:
    uint64_t leb(unsigned bits, bool isSigned);

    std::span<const uint8_t> data_;
    size_t pos_;
    size_t end_;
    std::string section_;
    std::optional<uint32_t> function_;
};

}  // namespace faaslet::wasm
