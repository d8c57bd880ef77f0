#include "tests/spec/value.h"

#include <charconv>
#include <cstring>

#include "fmt/format.h"
#include "nlohmann/json.hpp"

namespace faaslet::spectest {

using wasm::ValType;

namespace {

std::optional<ValType> typeFromName(const std::string& name) {
    if (name == "i32") return ValType::I32;
    if (name == "i64") return ValType::I64;
    if (name == "f32") return ValType::F32;
    if (name == "f64") return ValType::F64;
    if (name == "v128") return ValType::V128;
    if (name == "funcref") return ValType::FuncRef;
    if (name == "externref") return ValType::ExternRef;
    return std::nullopt;
}

std::optional<LaneType> laneTypeFromName(const std::string& name) {
    if (name == "i8") return LaneType::I8;
    if (name == "i16") return LaneType::I16;
    if (name == "i32") return LaneType::I32;
    if (name == "i64") return LaneType::I64;
    if (name == "f32") return LaneType::F32;
    if (name == "f64") return LaneType::F64;
    return std::nullopt;
}

bool isFloatLane(LaneType t) {
    return t == LaneType::F32 || t == LaneType::F64;
}

unsigned widthBits(ValType t) {
    return t == ValType::I32 || t == ValType::F32 ? 32 : 64;
}

// wast2json writes numbers as unsigned decimal bit patterns of the given width.
uint64_t parseBits(const std::string& text, unsigned width, const std::string& what) {
    uint64_t v = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v, 10);
    if (ec != std::errc() || end != text.data() + text.size() || text.empty())
        throw ValueError{fmt::format("{}: \"{}\" is not an unsigned decimal number", what, text)};
    if (width < 64 && v >> width)
        throw ValueError{fmt::format("{}: {} does not fit in {} bits", what, text, width)};
    return v;
}

std::optional<NanPattern> nanPattern(const std::string& text) {
    if (text == "nan:canonical") return NanPattern::Canonical;
    if (text == "nan:arithmetic") return NanPattern::Arithmetic;
    return std::nullopt;
}

ValType requireType(const nlohmann::json& j) {
    if (!j.is_object()) throw ValueError{"value is not a JSON object: " + j.dump()};
    auto it = j.find("type");
    if (it == j.end() || !it->is_string()) throw ValueError{"value has no string \"type\": " + j.dump()};
    auto type = typeFromName(it->get<std::string>());
    if (!type) throw ValueError{"unknown value type \"" + it->get<std::string>() + "\""};
    return *type;
}

const std::string& requireStringValue(const nlohmann::json& j) {
    auto it = j.find("value");
    if (it == j.end() || !it->is_string()) throw ValueError{"value has no string \"value\": " + j.dump()};
    return it->get_ref<const std::string&>();
}

LaneType requireLaneType(const nlohmann::json& j) {
    auto it = j.find("lane_type");
    if (it == j.end() || !it->is_string())
        throw ValueError{"v128 value has no string \"lane_type\": " + j.dump()};
    auto lane = laneTypeFromName(it->get<std::string>());
    if (!lane) throw ValueError{"unknown v128 lane_type \"" + it->get<std::string>() + "\""};
    return *lane;
}

// The lanes of a v128: each an ExpectedBits (NaN patterns allowed only when allowNan).
std::vector<ExpectedBits> parseLanes(const nlohmann::json& j, LaneType lane, bool allowNan) {
    auto it = j.find("value");
    if (it == j.end() || !it->is_array())
        throw ValueError{"v128 value has no array \"value\" of lanes: " + j.dump()};
    if (it->size() != laneCount(lane))
        throw ValueError{fmt::format("v128 with lane_type {} needs {} lanes, has {}", toString(lane),
                                     laneCount(lane), it->size())};
    std::vector<ExpectedBits> lanes;
    for (const auto& item : *it) {
        if (!item.is_string()) throw ValueError{"v128 lane is not a string: " + item.dump()};
        const auto& text = item.get_ref<const std::string&>();
        if (auto nan = nanPattern(text)) {
            if (!allowNan || !isFloatLane(lane))
                throw ValueError{
                    fmt::format("NaN pattern \"{}\" not allowed here ({} lane)", text, toString(lane))};
            lanes.push_back({0, *nan});
        } else {
            lanes.push_back({parseBits(text, laneBytes(lane) * 8, "v128 lane"), NanPattern::None});
        }
    }
    return lanes;
}

std::array<uint8_t, 16> packLanes(const std::vector<ExpectedBits>& lanes, LaneType lane) {
    std::array<uint8_t, 16> bytes{};
    unsigned size = laneBytes(lane);
    for (size_t i = 0; i < lanes.size(); ++i)
        for (unsigned b = 0; b < size; ++b) bytes[i * size + b] = uint8_t(lanes[i].bits >> (8 * b));
    return bytes;
}

uint64_t readLane(const std::array<uint8_t, 16>& bytes, unsigned index, unsigned size) {
    uint64_t v = 0;
    for (unsigned b = 0; b < size; ++b) v |= uint64_t(bytes[index * size + b]) << (8 * b);
    return v;
}

Value parseRef(ValType type, const std::string& text) {
    Value v{type, 0, {}, false};
    if (text == "null") {
        v.isNull = true;
    } else {
        v.bits = parseBits(text, 64, wasm::toString(type));
    }
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

Value parseValue(const nlohmann::json& j) {
    ValType type = requireType(j);
    switch (type) {
        case ValType::I32:
        case ValType::I64:
        case ValType::F32:
        case ValType::F64: {
            const auto& text = requireStringValue(j);
            if (nanPattern(text)) throw ValueError{"NaN pattern \"" + text + "\" is not a concrete argument"};
            return Value{type, parseBits(text, widthBits(type), wasm::toString(type)), {}, false};
        }
        case ValType::V128: {
            LaneType lane = requireLaneType(j);
            return Value{type, 0, packLanes(parseLanes(j, lane, false), lane), false};
        }
        case ValType::FuncRef:
        case ValType::ExternRef: return parseRef(type, requireStringValue(j));
    }
    throw ValueError{"unsupported value type"};
}

Expected parseExpected(const nlohmann::json& j) {
    Expected e;
    e.type = requireType(j);
    e.value.type = e.type;
    if (!j.contains("value")) {
        e.anyValue = true;
        return e;
    }
    switch (e.type) {
        case ValType::I32:
        case ValType::I64:
        case ValType::F32:
        case ValType::F64: {
            const auto& text = requireStringValue(j);
            if (auto nan = nanPattern(text)) {
                if (e.type == ValType::I32 || e.type == ValType::I64)
                    throw ValueError{"NaN pattern \"" + text + "\" for an integer type"};
                e.nan = *nan;
            } else {
                e.value.bits = parseBits(text, widthBits(e.type), wasm::toString(e.type));
            }
            return e;
        }
        case ValType::V128: {
            LaneType lane = requireLaneType(j);
            e.laneType = lane;
            e.lanes = parseLanes(j, lane, true);
            e.value.v128 = packLanes(e.lanes, lane);
            return e;
        }
        case ValType::FuncRef:
        case ValType::ExternRef: e.value = parseRef(e.type, requireStringValue(j)); return e;
    }
    throw ValueError{"unsupported value type"};
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
