#include "tests/spec/value.h"

#include <cstring>

#include "fmt/format.h"

namespace faaslet::spectest {

using wasm::ValType;

namespace {

unsigned widthBits(ValType t) {
    return t == ValType::I32 || t == ValType::F32 ? 32 : 64;
}

uint64_t readLane(const std::array<uint8_t, 16>& bytes, unsigned index, unsigned size) {
    uint64_t v = 0;
    for (unsigned b = 0; b < size; ++b) v |= uint64_t(bytes[index * size + b]) << (8 * b);
    return v;
}

bool nanMatches(NanPattern pattern, uint64_t bits, unsigned width) {
    uint64_t exponentAndQuiet = width == 32 ? 0x7fc00000u : 0x7ff8000000000000u;
    uint64_t signMask = width == 32 ? 0x80000000u : 0x8000000000000000u;
    uint64_t magnitude = bits & ~signMask & (width == 32 ? 0xffffffffu : ~uint64_t(0));
    if (pattern == NanPattern::Canonical) return magnitude == exponentAndQuiet;
    return (magnitude & exponentAndQuiet) == exponentAndQuiet;  // arithmetic: quiet NaN, any payload
}

const char* toString(NanPattern p) {
    return p == NanPattern::Canonical ? "nan:canonical" : "nan:arithmetic";
}

std::string bitsToString(ValType type, uint64_t bits) {
    switch (type) {
        case ValType::I32: return fmt::format("i32:{}", uint32_t(bits));
        case ValType::I64: return fmt::format("i64:{}", bits);
        case ValType::F32: {
            float f;
            uint32_t b = uint32_t(bits);
            std::memcpy(&f, &b, 4);
            return fmt::format("f32:0x{:08x} ({})", b, f);
        }
        case ValType::F64: {
            double d;
            std::memcpy(&d, &bits, 8);
            return fmt::format("f64:0x{:016x} ({})", bits, d);
        }
        default: return "?";
    }
}

std::string v128ToString(const std::array<uint8_t, 16>& bytes) {
    std::string s = "v128:";
    for (unsigned i = 0; i < 4; ++i) s += fmt::format(" 0x{:08x}", uint32_t(readLane(bytes, i, 4)));
    return s;
}

}  // namespace

unsigned laneCount(LaneType t) {
    return 16 / laneBytes(t);
}

unsigned laneBytes(LaneType t) {
    switch (t) {
        case LaneType::I8: return 1;
        case LaneType::I16: return 2;
        case LaneType::I32:
        case LaneType::F32: return 4;
        case LaneType::I64:
        case LaneType::F64: return 8;
    }
    return 1;
}

const char* toString(LaneType t) {
    switch (t) {
        case LaneType::I8: return "i8";
        case LaneType::I16: return "i16";
        case LaneType::I32: return "i32";
        case LaneType::I64: return "i64";
        case LaneType::F32: return "f32";
        case LaneType::F64: return "f64";
    }
    return "?";
}

bool matches(const Expected& expected, const Value& actual) {
    if (expected.type != actual.type) return false;
    if (expected.anyValue) return true;
    switch (expected.type) {
        case ValType::I32:
        case ValType::I64: return expected.value.bits == actual.bits;
        case ValType::F32:
        case ValType::F64:
            if (expected.nan != NanPattern::None)
                return nanMatches(expected.nan, actual.bits, widthBits(expected.type));
            return expected.value.bits == actual.bits;
        case ValType::V128: {
            LaneType lane = expected.laneType.value_or(LaneType::I8);
            unsigned size = laneBytes(lane);
            for (unsigned i = 0; i < expected.lanes.size(); ++i) {
                uint64_t got = readLane(actual.v128, i, size);
                const auto& want = expected.lanes[i];
                if (want.nan != NanPattern::None ? !nanMatches(want.nan, got, size * 8) : want.bits != got)
                    return false;
            }
            return true;
        }
        case ValType::FuncRef:
        case ValType::ExternRef:
            if (expected.value.isNull || actual.isNull) return expected.value.isNull == actual.isNull;
            // A function reference's identity is the engine's; only externref numbers are comparable.
            return expected.type == ValType::FuncRef || expected.value.bits == actual.bits;
    }
    return false;
}

std::string toString(const Value& v) {
    switch (v.type) {
        case ValType::V128: return v128ToString(v.v128);
        case ValType::FuncRef:
        case ValType::ExternRef:
            return v.isNull ? fmt::format("{}:null", wasm::toString(v.type))
                            : fmt::format("{}:{}", wasm::toString(v.type), v.bits);
        default: return bitsToString(v.type, v.bits);
    }
}

std::string toString(const Expected& e) {
    if (e.anyValue) return fmt::format("{}:any", wasm::toString(e.type));
    if (e.nan != NanPattern::None) return fmt::format("{}:{}", wasm::toString(e.type), toString(e.nan));
    if (e.laneType) {
        std::string s = fmt::format("v128 {}x{}:", toString(*e.laneType), e.lanes.size());
        for (const auto& lane : e.lanes)
            s += lane.nan != NanPattern::None ? fmt::format(" {}", toString(lane.nan))
                                              : fmt::format(" {}", lane.bits);
        return s;
    }
    return toString(e.value);
}

}  // namespace faaslet::spectest
