#include "text/numbers.h"

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <string>

namespace faaslet::text {

namespace {

bool isDigit(char c, bool hex) {
    return (c >= '0' && c <= '9') || (hex && ((c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')));
}

// Reads digits with single `_` between them from text[at]; appends them to `out` without the
// underscores. Returns false when there is no digit or an underscore is misplaced.
bool readDigits(std::string_view text, size_t& at, bool hex, std::string& out) {
    size_t start = at;
    while (at < text.size()) {
        char c = text[at];
        if (isDigit(c, hex)) {
            out += c;
            ++at;
        } else if (c == '_' && at > start && at + 1 < text.size() && isDigit(text[at + 1], hex)) {
            ++at;
        } else {
            break;
        }
    }
    return at > start;
}

bool takeSign(std::string_view& text) {
    bool negative = !text.empty() && text[0] == '-';
    if (!text.empty() && (text[0] == '+' || text[0] == '-')) text.remove_prefix(1);
    return negative;
}

bool takeHexPrefix(std::string_view& text) {
    if (text.size() >= 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X')) {
        text.remove_prefix(2);
        return true;
    }
    return false;
}

// The magnitude of an unsigned literal, nullopt when malformed or at least 2^64.
std::optional<uint64_t> magnitude(std::string_view text) {
    bool hex = takeHexPrefix(text);
    std::string digits;
    size_t at = 0;
    if (!readDigits(text, at, hex, digits) || at != text.size()) return std::nullopt;
    uint64_t value = 0;
    unsigned base = hex ? 16 : 10;
    for (char c : digits) {
        uint64_t d = c <= '9' ? uint64_t(c - '0') : uint64_t((c | 0x20) - 'a' + 10);
        if (value > (UINT64_MAX - d) / base) return std::nullopt;
        value = value * base + d;
    }
    return value;
}

struct FloatFormat {
    unsigned mantissaBits;
    uint64_t exponentMask;  // all exponent bits set, in place
    uint64_t signBit;
};
constexpr FloatFormat kF32{23, 0x7f800000u, 0x80000000u};
constexpr FloatFormat kF64{52, 0x7ff0000000000000u, 0x8000000000000000u};

// inf, nan and nan:0x...; nullopt for anything else, and for a payload that is zero or too wide.
std::optional<uint64_t> special(std::string_view body, bool negative, const FloatFormat& f, bool& matched) {
    matched = true;
    uint64_t sign = negative ? f.signBit : 0;
    if (body == "inf") return sign | f.exponentMask;
    if (body == "nan") return sign | f.exponentMask | (uint64_t(1) << (f.mantissaBits - 1));
    if (body.substr(0, 4) == "nan:") {
        std::string_view payloadText = body.substr(4);
        if (payloadText.substr(0, 2) != "0x") return std::nullopt;
        auto payload = magnitude(payloadText);
        if (!payload || *payload == 0 || *payload >> f.mantissaBits) return std::nullopt;
        return sign | f.exponentMask | *payload;
    }
    matched = false;
    return std::nullopt;
}

// Checks the syntax of a finite literal and rewrites it without underscores for strtod/strtof,
// which round correctly (to nearest, ties to even) in decimal and hex alike.
std::optional<std::string> cleanFinite(std::string_view body) {
    std::string out;
    bool hex = takeHexPrefix(body);
    if (hex) out = "0x";
    size_t at = 0;
    if (!readDigits(body, at, hex, out)) return std::nullopt;
    if (at < body.size() && body[at] == '.') {
        out += '.';
        ++at;
        if (at < body.size() && isDigit(body[at], hex) && !readDigits(body, at, hex, out)) return std::nullopt;
    }
    if (at < body.size()) {
        char e = char(body[at] | 0x20);
        if (e != (hex ? 'p' : 'e')) return std::nullopt;
        out += e;
        ++at;
        if (at < body.size() && (body[at] == '+' || body[at] == '-')) out += body[at++];
        if (!readDigits(body, at, false, out)) return std::nullopt;
    }
    if (at != body.size()) return std::nullopt;
    return out;
}

template <typename Float, typename Bits>
std::optional<Bits> parseFloat(std::string_view text, const FloatFormat& format) {
    bool negative = takeSign(text);
    bool matched = false;
    if (auto bits = special(text, negative, format, matched); matched) {
        if (!bits) return std::nullopt;
        return Bits(*bits);
    }
    auto clean = cleanFinite(text);
    if (!clean) return std::nullopt;
    errno = 0;
    char* end = nullptr;
    Float value;
    if constexpr (sizeof(Float) == 4)
        value = std::strtof(clean->c_str(), &end);
    else
        value = std::strtod(clean->c_str(), &end);
    if (end != clean->c_str() + clean->size() || std::isinf(value)) return std::nullopt;
    if (negative) value = -value;
    Bits bits;
    std::memcpy(&bits, &value, sizeof bits);
    return bits;
}

}  // namespace

std::optional<uint64_t> parseUnsigned(std::string_view text, unsigned bits) {
    if (!text.empty() && (text[0] == '+' || text[0] == '-')) return std::nullopt;
    auto value = magnitude(text);
    if (!value || (bits < 64 && *value >> bits)) return std::nullopt;
    return value;
}

std::optional<uint64_t> parseInteger(std::string_view text, unsigned bits) {
    bool hasSign = !text.empty() && (text[0] == '+' || text[0] == '-');
    bool negative = takeSign(text);
    auto value = magnitude(text);
    if (!value) return std::nullopt;
    uint64_t mask = bits == 64 ? ~uint64_t(0) : (uint64_t(1) << bits) - 1;
    if (negative) {
        if (*value > (uint64_t(1) << (bits - 1))) return std::nullopt;
        return (0 - *value) & mask;
    }
    // With a `+` the value is signed and must stay below 2^(bits-1); without, any uN.
    if (hasSign ? *value >= (uint64_t(1) << (bits - 1)) : (*value & ~mask) != 0) return std::nullopt;
    return *value;
}

std::optional<uint32_t> parseF32(std::string_view text) {
    return parseFloat<float, uint32_t>(text, kF32);
}

std::optional<uint64_t> parseF64(std::string_view text) {
    return parseFloat<double, uint64_t>(text, kF64);
}

}  // namespace faaslet::text
