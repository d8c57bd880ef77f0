#pragma once
// Values of a script: the arguments of an action and the results an assertion expects, which may
// also be NaN patterns (nan:canonical, nan:arithmetic), per lane for v128, or only a type.

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "wasm/module/types.h"

namespace faaslet::spectest {

// A concrete value. Numbers are kept as bit patterns: i32/f32 in the low 32 bits of `bits`,
// i64/f64 in all 64; v128 in `v128` (little-endian lane order); references are null or carry
// a number (the host reference of `ref.extern N`, or a function reference).
struct Value {
    wasm::ValType type = wasm::ValType::I32;
    uint64_t bits = 0;
    std::array<uint8_t, 16> v128{};
    bool isNull = false;  // references only

    static Value i32(uint32_t v) { return {wasm::ValType::I32, v, {}, false}; }
    static Value i64(uint64_t v) { return {wasm::ValType::I64, v, {}, false}; }
    static Value f32Bits(uint32_t v) { return {wasm::ValType::F32, v, {}, false}; }
    static Value f64Bits(uint64_t v) { return {wasm::ValType::F64, v, {}, false}; }
};

enum class NanPattern : uint8_t { None, Canonical, Arithmetic };

// How a script splits a v128 into lanes (its shape).
enum class LaneType : uint8_t { I8, I16, I32, I64, F32, F64 };
unsigned laneCount(LaneType t);
unsigned laneBytes(LaneType t);
const char* toString(LaneType t);

// One expected lane of a v128, or one expected scalar: a bit pattern or a NaN pattern.
struct ExpectedBits {
    uint64_t bits = 0;
    NanPattern nan = NanPattern::None;
};

// An expected result.
struct Expected {
    wasm::ValType type = wasm::ValType::I32;
    bool anyValue = false;              // only the type was given
    Value value;                        // when !anyValue and no NaN pattern (scalars, references, whole v128)
    NanPattern nan = NanPattern::None;  // f32/f64
    std::optional<LaneType> laneType;   // v128 given per lane
    std::vector<ExpectedBits> lanes;    // v128 given per lane
};

// Whether a result matches what was expected (bitwise for numbers, the spec's NaN classes for
// NaN patterns, type and null-ness/number for references).
bool matches(const Expected& expected, const Value& actual);

std::string toString(const Value& v);
std::string toString(const Expected& e);

}  // namespace faaslet::spectest
