#include "text/byte_writer.h"

namespace faaslet::text {

void ByteWriter::u32(uint32_t v) {
    do {
        uint8_t b = v & 0x7f;
        v >>= 7;
        byte(v ? b | 0x80 : b);
    } while (v);
}

void ByteWriter::s64(int64_t v) {
    for (;;) {
        uint8_t b = v & 0x7f;
        v >>= 7;  // arithmetic: the sign is kept
        bool done = (v == 0 && !(b & 0x40)) || (v == -1 && (b & 0x40));
        byte(done ? b : b | 0x80);
        if (done) return;
    }
}

void ByteWriter::fixed32(uint32_t bits) {
    for (int i = 0; i < 4; ++i) byte(uint8_t(bits >> (8 * i)));
}

void ByteWriter::fixed64(uint64_t bits) {
    for (int i = 0; i < 8; ++i) byte(uint8_t(bits >> (8 * i)));
}

void ByteWriter::name(std::string_view text) {
    u32(uint32_t(text.size()));
    bytes_.insert(bytes_.end(), text.begin(), text.end());
}

void ByteWriter::sized(const ByteWriter& contents) {
    u32(uint32_t(contents.bytes_.size()));
    append(contents);
}

}  // namespace faaslet::text
