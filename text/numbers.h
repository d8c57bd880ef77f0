#pragma once
// Number literals of the text format (spec 6.3.1, 6.3.2): digits with `_` between them, hex with
// 0x, floats in decimal or hex with an exponent, `inf`, `nan` and `nan:0x...` payloads. Each
// function takes the token's text and gives nullopt when it is not such a literal or does not fit.

#include <cstdint>
#include <optional>
#include <string_view>

namespace faaslet::text {

// uN: no sign, 0 .. 2^bits-1.
std::optional<uint64_t> parseUnsigned(std::string_view text, unsigned bits);

// iN as instructions take it: an unsigned value below 2^bits or a signed one from -2^(bits-1),
// returned as the low `bits` bits of its two's complement.
std::optional<uint64_t> parseInteger(std::string_view text, unsigned bits);

// fN: the bit pattern, rounded to nearest-even; nullopt when a finite literal rounds to infinity
// or a NaN payload is zero or too wide.
std::optional<uint32_t> parseF32(std::string_view text);
std::optional<uint64_t> parseF64(std::string_view text);

}  // namespace faaslet::text
