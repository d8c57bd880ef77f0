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

// `code`, then `end`.
wasm::ConstExpr sequence(std::vector<wasm::Instruction> code) {
    wasm::ConstExpr expr;
    expr.code = std::move(code);
    expr.code.push_back(instruction(wasm::Opcode::End));
    return expr;
}

wasm::Instruction i64(uint64_t value) {
    wasm::Instruction in = instruction(wasm::Opcode::I64Const);
    in.bits = value;
    return in;
}

wasm::Instruction i32(uint32_t value) {
    return i32Const(value).code.front();
}

TEST(RuntimeConstExpr, ExtendedConstantArithmeticWrapsAround) {
    ConstExprEnvironment env;
    using wasm::Opcode;
    // (20 * 2 - 2) + 4, as the proposal's global.wast computes it.
    auto nested = sequence({i32(20), i32(2), instruction(Opcode::I32Mul), i32(2), instruction(Opcode::I32Sub),
                            i32(4), instruction(Opcode::I32Add)});
    EXPECT_EQ(evaluateConstExpr(nested, env)->i32, 42u);
    EXPECT_EQ(evaluateConstExpr(sequence({i32(0x7fffffff), i32(1), instruction(Opcode::I32Add)}), env)->i32,
              0x80000000u);
    EXPECT_EQ(evaluateConstExpr(sequence({i32(0), i32(1), instruction(Opcode::I32Sub)}), env)->i32,
              0xffffffffu);
    EXPECT_EQ(
        evaluateConstExpr(sequence({i64(1ull << 32), i64(1ull << 32), instruction(Opcode::I64Mul)}), env)
            ->i64,
        0u);
    EXPECT_EQ(evaluateConstExpr(sequence({i64(5), i64(7), instruction(Opcode::I64Sub)}), env)->i64,
              uint64_t(-2));
    EXPECT_EQ(evaluateConstExpr(sequence({i64(5), i64(7), instruction(Opcode::I64Add)}), env)->i64, 12u);

    // With an imported global as an operand.
    abi::Value g{};
    g.i32 = 100;
    abi::Value* globals[] = {&g};
    ConstExprEnvironment withGlobal{globals, {}};
    wasm::Instruction get = instruction(Opcode::GlobalGet);
    EXPECT_EQ(evaluateConstExpr(sequence({get, i32(42), instruction(Opcode::I32Add)}), withGlobal)->i32,
              142u);
}

TEST(RuntimeConstExpr, OutOfRangeIndicesAreErrorsNotCrashes) {
    ConstExprEnvironment env;
    EXPECT_FALSE(evaluateConstExpr(refFunc(0), env).ok());
    EXPECT_FALSE(evaluateConstExpr(globalGet(0), env).ok());
    // An operator without its operands (the validator rejects it; the evaluator must not crash).
    auto underflow = evaluateConstExpr(constExpr(instruction(wasm::Opcode::I32Add)), env);
    ASSERT_FALSE(underflow.ok());
    EXPECT_NE(underflow.error().message.find("i32.add with fewer than two operands"), std::string::npos)
        << underflow.error().message;
    auto notConstant = evaluateConstExpr(sequence({i32(1), i32(2), instruction(wasm::Opcode::I32DivS)}), env);
    ASSERT_FALSE(notConstant.ok());
    EXPECT_NE(notConstant.error().message.find("uses i32.div_s"), std::string::npos)
        << notConstant.error().message;
    EXPECT_FALSE(evaluateConstExpr(wasm::ConstExpr{}, env).ok());
}

}  // namespace
}  // namespace faaslet::runtime::test
