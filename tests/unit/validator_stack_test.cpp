// Function bodies: the operand stack, fixed-signature instructions, locals and globals, calls.

#include "tests/unit/validator_test_helpers.h"

namespace faaslet::test {
namespace {

TEST(ValidatorStack, EmptyFunctionIsValid) {
    EXPECT_TRUE(isValid(oneFunction({}, {}, Code().end())));
}

TEST(ValidatorStack, BinaryOperatorTypes) {
    EXPECT_TRUE(isValid(oneFunction({}, {I32}, Code().i32Const(1).i32Const(2).op(Opcode::I32Add).end())));
    EXPECT_TRUE(isInvalid(oneFunction({}, {I32}, Code().i32Const(1).f64Const(2).op(Opcode::I32Add).end()),
                          "type mismatch: expected i32, found f64"));
    EXPECT_TRUE(isInvalid(oneFunction({}, {I32}, Code().i32Const(1).op(Opcode::I32Add).end()),
                          "type mismatch: expected i32 but the operand stack is empty"));
}

TEST(ValidatorStack, ConversionsSignExtensionAndSaturatingTruncation) {
    EXPECT_TRUE(isValid(oneFunction({}, {I64}, Code().f32Const(1).op(Opcode::I64TruncSatF32S).end())));
    EXPECT_TRUE(isValid(oneFunction({}, {I32}, Code().i32Const(1).op(Opcode::I32Extend8S).end())));
    EXPECT_TRUE(isValid(oneFunction({}, {F64}, Code().i64Const(1).op(Opcode::F64ConvertI64U).end())));
    EXPECT_TRUE(isInvalid(oneFunction({}, {I32}, Code().i64Const(1).op(Opcode::I32TruncSatF32S).end()),
                          "type mismatch"));
}

TEST(ValidatorStack, ResultMustMatchFunctionType) {
    EXPECT_TRUE(isInvalid(oneFunction({}, {I32}, Code().end()), "type mismatch"));
    EXPECT_TRUE(isInvalid(oneFunction({}, {I32}, Code().i64Const(0).end()), "type mismatch"));
    EXPECT_TRUE(isInvalid(oneFunction({}, {}, Code().i32Const(0).end()), "type mismatch"));
    EXPECT_TRUE(isValid(oneFunction({}, {I32, I64}, Code().i32Const(0).i64Const(0).end())));
    EXPECT_TRUE(
        isInvalid(oneFunction({}, {I32, I64}, Code().i64Const(0).i32Const(0).end()), "type mismatch"));
}

TEST(ValidatorStack, ErrorNamesFunctionSectionAndOffset) {
    ModuleBuilder b;
    const uint32_t t = b.type({}, {I32});
    b.importFunc(t);
    b.func(t, Code().i32Const(0).end());
    b.func(t, Code().f32Const(0).op(Opcode::I32Eqz).end());
    const auto bytes = b.build();
    const wasm::Error e = errorOf(b);
    EXPECT_EQ(e.kind, Error::Kind::Invalid);
    EXPECT_EQ(e.section, "code");
    ASSERT_TRUE(e.function.has_value());
    EXPECT_EQ(*e.function, 2u);  // imports come first in the function index space
    ASSERT_LT(e.offset, bytes.size());
    EXPECT_EQ(bytes[e.offset], 0x45);  // the i32.eqz opcode
    EXPECT_NE(e.message.find("i32.eqz"), std::string::npos) << e.message;
}

TEST(ValidatorStack, DropAndPolymorphicDropAfterUnreachable) {
    EXPECT_TRUE(isValid(oneFunction({}, {}, Code().i32Const(0).op(Opcode::Drop).end())));
    EXPECT_TRUE(isInvalid(oneFunction({}, {}, Code().op(Opcode::Drop).end()), "type mismatch"));
    EXPECT_TRUE(isValid(oneFunction({}, {}, Code().op(Opcode::Unreachable).op(Opcode::Drop).end())));
}

TEST(ValidatorStack, UnreachableMakesStackPolymorphic) {
    // unreachable can produce any operands...
    EXPECT_TRUE(isValid(oneFunction({}, {I32}, Code().op(Opcode::Unreachable).op(Opcode::I32Add).end())));
    EXPECT_TRUE(isValid(oneFunction({}, {F64}, Code().op(Opcode::Unreachable).end())));
    // ...but concrete values pushed after it are still checked.
    EXPECT_TRUE(
        isInvalid(oneFunction({}, {I32}, Code().op(Opcode::Unreachable).i64Const(0).op(Opcode::I32Add).end()),
                  "type mismatch: expected i32, found i64"));
    EXPECT_TRUE(
        isInvalid(oneFunction({}, {I32}, Code().op(Opcode::Unreachable).f32Const(0).end()), "type mismatch"));
    // Values pushed after unreachable that nothing consumes are left over at the end.
    EXPECT_TRUE(
        isInvalid(oneFunction({}, {}, Code().op(Opcode::Unreachable).i32Const(0).end()), "type mismatch"));
    // An Unknown result of an operator is still an i32.
    EXPECT_TRUE(isInvalid(
        oneFunction(
            {}, {},
            Code().op(Opcode::Unreachable).op(Opcode::I32Eqz).op(Opcode::F32Neg).op(Opcode::Drop).end()),
        "type mismatch"));
}

TEST(ValidatorStack, ReturnIsPolymorphic) {
    EXPECT_TRUE(isValid(oneFunction(
        {}, {I32}, Code().i32Const(1).op(Opcode::Return).op(Opcode::I64Add).op(Opcode::Drop).end())));
    EXPECT_TRUE(
        isInvalid(oneFunction({}, {I32}, Code().i64Const(1).op(Opcode::Return).end()), "type mismatch"));
    EXPECT_TRUE(isInvalid(oneFunction({}, {I32}, Code().op(Opcode::Return).end()), "type mismatch"));
}

TEST(ValidatorStack, Locals) {
    auto body = Code()
                    .localGet(0)
                    .localGet(1)
                    .op(Opcode::I64ExtendI32U)
                    .op(Opcode::I64Add)
                    .localSet(2)
                    .localGet(2)
                    .op(Opcode::LocalTee, {2})
                    .end();
    EXPECT_TRUE(isValid(oneFunction({I64, I32}, {I64}, body, {{1, I64}})));
    EXPECT_TRUE(isInvalid(oneFunction({I32}, {}, Code().localGet(3).op(Opcode::Drop).end(), {{2, F32}}),
                          "unknown local 3 (function has 3)"));
    EXPECT_TRUE(isInvalid(oneFunction({I32}, {}, Code().f32Const(0).localSet(0).end()), "type mismatch"));
    EXPECT_TRUE(
        isInvalid(oneFunction({}, {F32}, Code().f32Const(0).op(Opcode::LocalTee, {0}).end(), {{1, F64}}),
                  "type mismatch"));
    EXPECT_TRUE(isValid(oneFunction({}, {V128}, Code().localGet(0).end(), {{1, V128}})));
}

TEST(ValidatorStack, Globals) {
    ModuleBuilder good;
    good.importGlobal(I32, false);
    good.global(I64, true, Code().i64Const(0).end());
    good.func(good.type({}, {}),
              Code().globalGet(1).op(Opcode::GlobalSet, {1}).globalGet(0).op(Opcode::Drop).end());
    EXPECT_TRUE(isValid(good));

    ModuleBuilder immutable;
    immutable.global(F32, false, Code().f32Const(0).end());
    immutable.func(immutable.type({}, {}), Code().f32Const(1).op(Opcode::GlobalSet, {0}).end());
    EXPECT_TRUE(isInvalid(immutable, "global is immutable"));

    ModuleBuilder importedImmutable;
    importedImmutable.importGlobal(I32, false);
    importedImmutable.func(importedImmutable.type({}, {}),
                           Code().i32Const(1).op(Opcode::GlobalSet, {0}).end());
    EXPECT_TRUE(isInvalid(importedImmutable, "global is immutable"));

    ModuleBuilder unknown;
    unknown.global(I32, false, Code().i32Const(0).end());
    unknown.func(unknown.type({}, {I32}), Code().globalGet(1).end());
    EXPECT_TRUE(isInvalid(unknown, "unknown global 1"));

    ModuleBuilder wrongType;
    wrongType.global(I32, true, Code().i32Const(0).end());
    wrongType.func(wrongType.type({}, {}), Code().f32Const(0).op(Opcode::GlobalSet, {0}).end());
    EXPECT_TRUE(isInvalid(wrongType, "type mismatch"));
}

TEST(ValidatorStack, Calls) {
    ModuleBuilder b;
    const uint32_t binary = b.type({I32, I64}, {F32, F64});
    const uint32_t unit = b.type({}, {});
    b.importFunc(binary);
    b.func(unit, Code().i32Const(0).i64Const(0).call(0).op(Opcode::Drop).op(Opcode::Drop).call(1).end());
    EXPECT_TRUE(isValid(b));

    ModuleBuilder wrongArgs;
    wrongArgs.importFunc(wrongArgs.type({I32, I64}, {}));
    wrongArgs.func(wrongArgs.type({}, {}), Code().i64Const(0).i32Const(0).call(0).end());
    EXPECT_TRUE(isInvalid(wrongArgs, "type mismatch"));

    EXPECT_TRUE(isInvalid(oneFunction({}, {}, Code().call(5).end()), "unknown function 5"));
}

TEST(ValidatorStack, MultiValueCallResults) {
    ModuleBuilder b;
    const uint32_t pair = b.type({}, {I32, I32});
    b.func(pair, Code().i32Const(1).i32Const(2).end());
    b.func(b.type({}, {I32}), Code().call(0).op(Opcode::I32Add).end());
    EXPECT_TRUE(isValid(b));
}

}  // namespace
}  // namespace faaslet::test
