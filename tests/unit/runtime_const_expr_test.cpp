// Constant expressions at instantiation.

#include <gtest/gtest.h>

#include <cstring>

#include "runtime/const_expr.h"
#include "tests/unit/runtime_test_modules.h"

namespace faaslet::runtime::test {
namespace {

TEST(RuntimeConstExpr, NumericConstants) {
    ConstExprEnvironment env;
    EXPECT_EQ(evaluateConstExpr(i32Const(0xfffffffe), env)->i32, 0xfffffffeu);

    wasm::Instruction i64 = instruction(wasm::Opcode::I64Const);
    i64.bits = 0x8000000000000001ull;
    EXPECT_EQ(evaluateConstExpr(constExpr(i64), env)->i64, 0x8000000000000001ull);

    wasm::Instruction f32 = instruction(wasm::Opcode::F32Const);
    f32.bits = 0x7fc00001;  // a NaN with a payload: bits are kept exactly
    uint32_t f32Bits;
    abi::Value v = *evaluateConstExpr(constExpr(f32), env);
    std::memcpy(&f32Bits, &v.f32, 4);
    EXPECT_EQ(f32Bits, 0x7fc00001u);

    wasm::Instruction f64 = instruction(wasm::Opcode::F64Const);
    f64.bits = 0x400921fb54442d18ull;
    EXPECT_EQ(evaluateConstExpr(constExpr(f64), env)->f64, 3.141592653589793);

    wasm::Instruction v128 = instruction(wasm::Opcode::V128Const);
    for (int i = 0; i < 16; ++i) v128.bytes[i] = uint8_t(i * 3);
    abi::Value vector = *evaluateConstExpr(constExpr(v128), env);
    EXPECT_EQ(std::memcmp(vector.v128, v128.bytes.data(), 16), 0);
}

TEST(RuntimeConstExpr, References) {
    abi::FuncRef functions[3] = {};
    abi::Value g{};
    g.i32 = 99;
    abi::Value* globals[] = {&g};
    ConstExprEnvironment env{globals, functions};
    EXPECT_EQ(evaluateConstExpr(refNull(), env)->ref, nullptr);
    EXPECT_EQ(evaluateConstExpr(refNull(ValType::ExternRef), env)->ref, nullptr);
    EXPECT_EQ(evaluateConstExpr(refFunc(2), env)->ref, &functions[2]);
    EXPECT_EQ(evaluateConstExpr(globalGet(0), env)->i32, 99u);
}

TEST(RuntimeConstExpr, OutOfRangeIndicesAreErrorsNotCrashes) {
    ConstExprEnvironment env;
    EXPECT_FALSE(evaluateConstExpr(refFunc(0), env).ok());
    EXPECT_FALSE(evaluateConstExpr(globalGet(0), env).ok());
    wasm::ConstExpr notConstant = constExpr(instruction(wasm::Opcode::I32Add));
    auto result = evaluateConstExpr(notConstant, env);
    ASSERT_FALSE(result.ok());
    EXPECT_NE(result.error().message.find("i32.add"), std::string::npos);
    EXPECT_FALSE(evaluateConstExpr(wasm::ConstExpr{}, env).ok());
}

}  // namespace
}  // namespace faaslet::runtime::test
