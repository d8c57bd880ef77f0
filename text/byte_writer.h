#pragma once
// The primitive encodings of the binary format (spec 5.2): bytes, LEB128 integers, IEEE bits
// little-endian, names and size-prefixed contents.

#include <cstdint>
#include <string_view>
#include <vector>

namespace faaslet::text {

class ByteWriter {
public:
    void byte(uint8_t b) { bytes_.push_back(b); }
    void u32(uint32_t v);
    void s32(int32_t v) { s64(v); }
    void s64(int64_t v);
    void fixed32(uint32_t bits);
    void fixed64(uint64_t bits);
    // vec(byte): the length, then the bytes.
    void name(std::string_view text);
    void append(const ByteWriter& other) { append(other.bytes_); }
    void append(const std::vector<uint8_t>& bytes) { bytes_.insert(bytes_.end(), bytes.begin(), bytes.end()); }
    // The size of `contents` as u32, then the contents (sections, function bodies).
    void sized(const ByteWriter& contents);

    const std::vector<uint8_t>& bytes() const { return bytes_; }
    std::vector<uint8_t> take() { return std::move(bytes_); }
    bool empty() const { return bytes_.empty(); }

private:
    std::vector<uint8_t> bytes_;
};

}  // namespace faaslet::text
