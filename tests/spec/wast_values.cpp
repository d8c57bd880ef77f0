#include "tests/spec/wast_values.h"

#include "fmt/format.h"
#include "text/numbers.h"

namespace faaslet::spectest {

using text::TokenCursor;
using text::TokenKind;
using wasm::ValType;

namespace {

std::optional<LaneType> shapeLane(std::string_view shape) {
    if (shape == "i8x16") return LaneType::I8;
    if (shape == "i16x8") return LaneType::I16;
    if (shape == "i32x4") return LaneType::I32;
    if (shape == "i64x2") return LaneType::I64;
    if (shape == "f32x4") return LaneType::F32;
    if (shape == "f64x2") return LaneType::F64;
    return std::nullopt;
}

std::optional<NanPattern> nanPattern(std::string_view text) {
    if (text == "nan:canonical") return NanPattern::Canonical;
    if (text == "nan:arithmetic") return NanPattern::Arithmetic;
    return std::nullopt;
}

// One number of the given type and width (a scalar constant or a v128 lane).
uint64_t number(TokenCursor& in, bool isFloat, unsigned bits) {
    const text::Token& t = in.peek();
    if (t.kind != TokenKind::Number && t.kind != TokenKind::Keyword) in.expected("a number");
    std::optional<uint64_t> v;
    if (!isFloat) v = text::parseInteger(t.text, bits);
    else if (bits == 32) v = text::parseF32(t.text);
    else v = text::parseF64(t.text);
    if (!v) in.fail(t, fmt::format("{} is not a valid {}{} value", text::describe(t), isFloat ? 'f' : 'i', bits));
    in.next();
    return *v;
}

// The body of a constant after its `(`; NaN patterns and `(ref.func)` only in results.
Expected constant(TokenCursor& in, bool isResult) {
    const text::Token& head = in.peek();
    std::string_view op = in.expectKeywordToken("a constant such as (i32.const 0)");
    Expected e;
    auto scalar = [&](ValType type, bool isFloat, unsigned bits) {
        e.type = e.value.type = type;
        if (auto nan = nanPattern(in.peek().text); nan && isFloat) {
            if (!isResult) in.fail(in.peek(), "a NaN pattern is not a concrete argument");
            e.nan = *nan;
            in.next();
        } else {
            e.value.bits = number(in, isFloat, bits);
        }
    };
    if (op == "i32.const") scalar(ValType::I32, false, 32);
    else if (op == "i64.const") scalar(ValType::I64, false, 64);
    else if (op == "f32.const") scalar(ValType::F32, true, 32);
    else if (op == "f64.const") scalar(ValType::F64, true, 64);
    else if (op == "v128.const") {
        e.type = e.value.type = ValType::V128;
        const text::Token& shapeToken = in.peek();
        auto lane = shapeLane(in.expectKeywordToken("a vector shape"));
        if (!lane) in.fail(shapeToken, "unknown vector shape");
        e.laneType = lane;
        bool isFloat = *lane == LaneType::F32 || *lane == LaneType::F64;
        unsigned size = laneBytes(*lane);
        for (unsigned i = 0; i < laneCount(*lane); ++i) {
            ExpectedBits bits;
            if (auto nan = nanPattern(in.peek().text); nan && isFloat && isResult) {
                bits.nan = *nan;
                in.next();
            } else {
                bits.bits = number(in, isFloat, size * 8);
            }
            for (unsigned b = 0; b < size; ++b) e.value.v128[i * size + b] = uint8_t(bits.bits >> (8 * b));
            e.lanes.push_back(bits);
        }
    } else if (op == "ref.null") {
        const text::Token& heap = in.peek();
        std::string_view type = in.expectKeywordToken("a heap type (func, extern)");
        if (type != "func" && type != "extern") in.fail(heap, "expected a heap type (func, extern)");
        e.type = e.value.type = type == "func" ? ValType::FuncRef : ValType::ExternRef;
        e.value.isNull = true;
    } else if (op == "ref.extern" || op == "ref.func") {
        e.type = e.value.type = op == "ref.extern" ? ValType::ExternRef : ValType::FuncRef;
        // A result `(ref.func)` stands for any non-null function reference, which matches() accepts.
        if (in.is(TokenKind::Number)) e.value.bits = number(in, false, 64);
        else if (op == "ref.extern" || !isResult) in.expected("the number of the reference");
    } else {
        in.fail(head, fmt::format("unknown constant {}", text::describe(head)));
    }
    in.expectRParen();
    return e;
}

}  // namespace

Value readConst(TokenCursor& in) {
    in.expectLParen();
    return constant(in, false).value;
}

Expected readResult(TokenCursor& in) {
    in.expectLParen();
    return constant(in, true);
}

}  // namespace faaslet::spectest
