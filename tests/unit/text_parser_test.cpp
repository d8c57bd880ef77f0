// Modules in the text format: abbreviations encode to the binary the decoder reads, and bad
// modules are rejected with the line, column and what was expected.

#include <gtest/gtest.h>

#include "wasm/decoder/decoder.h"
#include "wasm/validator/validator.h"
#include "text/text.h"

namespace faaslet::text {
namespace {

std::vector<uint8_t> encode(std::string_view source) {
    auto binary = parseModuleText(source);
    if (!binary) {
        ADD_FAILURE() << binary.error().toString() << "\nin: " << source;
        return {};
    }
    return *binary;
}

SyntaxError error(std::string_view source) {
    auto binary = parseModuleText(source);
    if (binary) {
        ADD_FAILURE() << "no error for: " << source;
        return {};
    }
    return binary.error();
}

bool validates(const std::vector<uint8_t>& binary) {
    auto module = wasm::decode(binary);
    if (!module) {
        ADD_FAILURE() << module.error().toString();
        return false;
    }
    auto status = wasm::validate(*module);
    if (!status) ADD_FAILURE() << status.error().toString();
    return status.ok();
}

TEST(TextParser, EncodesAFunctionByteForByte) {
    auto binary = encode("(module (func (export \"add\") (param $a i32) (param i32) (result i32)"
                         " local.get $a local.get 1 i32.add))");
    const std::vector<uint8_t> expected = {
        0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,              // header
        0x01, 0x07, 0x01, 0x60, 0x02, 0x7f, 0x7f, 0x01, 0x7f,        // type: (i32 i32) -> i32
        0x03, 0x02, 0x01, 0x00,                                      // function 0 has type 0
        0x07, 0x07, 0x01, 0x03, 'a', 'd', 'd', 0x00, 0x00,           // export "add" func 0
        0x0a, 0x09, 0x01, 0x07, 0x00, 0x20, 0x00, 0x20, 0x01, 0x6a, 0x0b};  // code
    EXPECT_EQ(binary, expected);
}

TEST(TextParser, FoldedInstructionsEncodeAsTheirFlatForm) {
    auto folded = encode("(func (param i32) (result i32) (if (result i32) (local.get 0) (then (i32.const 1))"
                         " (else (i32.add (local.get 0) (i32.const -1)))))");
    auto flat = encode("(func (param i32) (result i32) local.get 0 if (result i32) i32.const 1 else local.get 0"
                       " i32.const -1 i32.add end)");
    EXPECT_EQ(folded, flat);
    EXPECT_TRUE(validates(folded));
}

TEST(TextParser, ImportsComeFirstInTheIndexSpace) {
    // $f is defined first in the text, but the inline import takes index 0.
    auto a = encode("(module (func $g (import \"m\" \"g\")) (func $f call $g) (export \"f\" (func $f)))");
    auto b = encode("(module (import \"m\" \"g\" (func)) (func call 0) (export \"f\" (func 1)))");
    EXPECT_EQ(a, b);
}

TEST(TextParser, TypeUsesShareTypesAndInlineTypesAppendAfterExplicitOnes) {
    auto a = encode("(type $v (func)) (func (param i64)) (func (type $v)) (func (param i64))");
    auto b = encode("(type (func)) (type (func (param i64))) (func (type 1)) (func (type 0)) (func (type 1))");
    EXPECT_EQ(a, b);
}

TEST(TextParser, EveryKindOfFieldValidates) {
    auto binary = encode(R"((module
      (type $t (func (param i32) (result i32)))
      (import "spectest" "global_i32" (global $g i32))
      (memory $m (export "mem") 1 2)
      (table $tab 2 funcref)
      (table $ext (export "ext") externref (elem (ref.null extern)))
      (global $mut (mut i64) (i64.const 0x1_0))
      (func $id (type $t) (local.get 0))
      (func $v (result v128) (v128.const f32x4 1.5 -inf nan:0x1 0x1p3))
      (func (export "shuffle") (param v128 v128) (result v128)
        (i8x16.shuffle 0 17 2 3 4 5 6 7 8 9 10 11 12 13 14 15 (local.get 0) (local.get 1)))
      (func (export "bulk") (param i32)
        (memory.init $d (i32.const 0) (i32.const 0) (i32.const 1))
        (data.drop $d)
        (table.init $tab $e (i32.const 0) (i32.const 0) (i32.const 1))
        (elem.drop $e)
        (drop (call_indirect $tab (type $t) (local.get 0) (i32.const 1)))
        (i32.store8 offset=3 align=1 (local.get 0) (global.get $g))
        (block $out (br_table $out $out (local.get 0))))
      (elem $e func $id $v)
      (elem (table $tab) (offset (i32.const 0)) funcref (ref.func $id) (item ref.null func))
      (elem declare func $id)
      (data $d "\00\01" "\02")
      (data (memory $m) (i32.const 8) "hi")
      (start $start) (func $start)
    ))");
    EXPECT_TRUE(validates(binary));
}

TEST(TextParser, ErrorsSayWhereAndWhatWasExpected) {
    SyntaxError e = error("(module\n  (func (result i33)))");
    EXPECT_EQ(e.pos.line, 2u);
    EXPECT_EQ(e.pos.column, 17u);
    EXPECT_NE(e.message.find("expected a value type"), std::string::npos) << e.message;
    EXPECT_NE(e.message.find("`i33`"), std::string::npos) << e.message;

    e = error("(func\n  (br $nowhere))");
    EXPECT_EQ(e.pos.line, 2u);
    EXPECT_EQ(e.pos.column, 7u);
    EXPECT_NE(e.message.find("unknown label $nowhere"), std::string::npos) << e.message;

    e = error("(func i32.wrap/i64)");
    EXPECT_EQ(e.pos.column, 7u);
    EXPECT_NE(e.message.find("unknown operator"), std::string::npos) << e.message;

    EXPECT_NE(error("(func $f) (func $f)").message.find("duplicate function $f"), std::string::npos);
    EXPECT_NE(error("(func) (import \"m\" \"n\" (func))").message.find("import after"), std::string::npos);
    EXPECT_NE(error("(type (func)) (func (type 0) (param i32))").message.find("inconsistent type"),
              std::string::npos);
    EXPECT_NE(error("(func block $a end $b)").message.find("mismatching label"), std::string::npos);
    EXPECT_NE(error("(func (local $x i32) (local $x i32))").message.find("duplicate local $x"), std::string::npos);
    EXPECT_NE(error("(func (i32.const 0x1_0000_0000))").message.find("not a valid i32 constant"), std::string::npos);
    EXPECT_NE(error("(memory 1) (func (i32.load align=3 (i32.const 0)))").message.find("power of two"),
              std::string::npos);
    EXPECT_NE(error("(start 0) (start 0) (func)").message.find("multiple start"), std::string::npos);
    EXPECT_NE(error("(func (block (param $x i32)))").message.find("cannot be named"), std::string::npos);
    EXPECT_NE(error("(func").message.find("found the end of the input"), std::string::npos);
    EXPECT_NE(error("(module) (module)").message.find("expected the end of the module"), std::string::npos);
    std::string deep = "(func";
    for (int i = 0; i < 5000; ++i) deep += " (block";
    deep += std::string(5001, ')');
    EXPECT_NE(error(deep).message.find("nested more than"), std::string::npos);
    EXPECT_NE(error("(frob)").message.find("unknown module field `frob`"), std::string::npos);
}

}  // namespace
}  // namespace faaslet::text
