// Function bodies: blocks, loops, ifs, branches and the structure of the body's end.

#include "tests/unit/validator_test_helpers.h"

namespace faaslet::test {
namespace {

TEST(ValidatorControl, BlockWithValueType) {
    EXPECT_TRUE(isValid(oneFunction({}, {I32}, Code().block(Opcode::Block, I32).i32Const(1).end().end())));
    EXPECT_TRUE(
        isInvalid(oneFunction({}, {I32}, Code().block(Opcode::Block, I32).end().end()), "type mismatch"));
    EXPECT_TRUE(isInvalid(oneFunction({}, {I32}, Code().block(Opcode::Block, I32).i64Const(1).end().end()),
                          "type mismatch"));
    // A block cannot reach the values below it.
    EXPECT_TRUE(isInvalid(
        oneFunction({}, {I32}, Code().i32Const(1).block(Opcode::Block, I32).op(Opcode::I32Eqz).end().end()),
        "type mismatch"));
    // Extra values at the end of a block.
    EXPECT_TRUE(
        isInvalid(oneFunction({}, {}, Code().block(Opcode::Block).i32Const(1).end().end()), "type mismatch"));
}

TEST(ValidatorControl, TypeIndexBlockTypesWithParams) {
    ModuleBuilder good;
    const uint32_t f = good.type({}, {I32});
    const uint32_t sig = good.type({I32, I32}, {I64});
    good.func(f, Code()
                     .i32Const(1)
                     .i32Const(2)
                     .blockTypeIndex(Opcode::Block, sig)
                     .op(Opcode::I32Add)
                     .op(Opcode::I64ExtendI32S)
                     .end()
                     .op(Opcode::I32WrapI64)
                     .end());
    EXPECT_TRUE(isValid(good));

    ModuleBuilder missingParam;
    const uint32_t f2 = missingParam.type({}, {});
    const uint32_t sig2 = missingParam.type({I32}, {});
    missingParam.func(f2, Code().blockTypeIndex(Opcode::Block, sig2).op(Opcode::Drop).end().end());
    EXPECT_TRUE(isInvalid(missingParam, "type mismatch"));

    ModuleBuilder wrongParam;
    const uint32_t f3 = wrongParam.type({}, {});
    const uint32_t sig3 = wrongParam.type({I32}, {});
    wrongParam.func(f3, Code().f32Const(0).blockTypeIndex(Opcode::Block, sig3).op(Opcode::Drop).end().end());
    EXPECT_TRUE(isInvalid(wrongParam, "type mismatch"));

    EXPECT_TRUE(isInvalid(oneFunction({}, {}, Code().blockTypeIndex(Opcode::Block, 7).end().end()),
                          "unknown type 7"));
}

TEST(ValidatorControl, LoopLabelTakesParams) {
    // A loop's label takes the loop's parameters; a block's label takes its results.
    auto build = [](Opcode kind) {
        ModuleBuilder b;
        const uint32_t f = b.type({}, {I32});
        const uint32_t sig = b.type({F32}, {I32});
        b.func(f,
               Code()
                   .f32Const(0)
                   .blockTypeIndex(kind, sig)
                   .localGet(0)
                   .brIf(0)
                   .op(Opcode::Drop)
                   .i32Const(0)
                   .end()
                   .end(),
               {{1, I32}});
        return b;
    };
    EXPECT_TRUE(isValid(build(Opcode::Loop)));
    EXPECT_TRUE(isInvalid(build(Opcode::Block), "type mismatch: expected i32, found f32"));

    // br to an empty loop label needs no values even though the loop returns one.
    EXPECT_TRUE(isValid(oneFunction({}, {I32}, Code().block(Opcode::Loop, I32).br(0).end().end())));
}

TEST(ValidatorControl, IfElse) {
    EXPECT_TRUE(isValid(oneFunction(
        {I32}, {I32},
        Code().localGet(0).block(Opcode::If, I32).i32Const(1).op(Opcode::Else).i32Const(2).end().end())));
    EXPECT_TRUE(isInvalid(oneFunction({}, {}, Code().block(Opcode::If).end().end()), "type mismatch"));
    EXPECT_TRUE(isInvalid(
        oneFunction(
            {I32}, {I32},
            Code().localGet(0).block(Opcode::If, I32).i32Const(1).op(Opcode::Else).f32Const(2).end().end()),
        "type mismatch"));
    // if without else must have equal params and results.
    EXPECT_TRUE(isInvalid(
        oneFunction({I32}, {I32}, Code().localGet(0).block(Opcode::If, I32).i32Const(1).end().end()),
        "type mismatch"));
    ModuleBuilder passThrough;
    const uint32_t f = passThrough.type({I32}, {I32});
    const uint32_t sig = passThrough.type({I32}, {I32});
    passThrough.func(
        f, Code().localGet(0).localGet(0).blockTypeIndex(Opcode::If, sig).op(Opcode::I32Eqz).end().end());
    EXPECT_TRUE(isValid(passThrough));
    EXPECT_TRUE(isInvalid(oneFunction({}, {}, Code().block(Opcode::Block).op(Opcode::Else).end().end()),
                          "else without a matching if"));
}

TEST(ValidatorControl, BrAndBrIf) {
    EXPECT_TRUE(
        isValid(oneFunction({}, {I32}, Code().block(Opcode::Block, I32).i32Const(1).br(0).end().end())));
    EXPECT_TRUE(isValid(oneFunction({}, {I32}, Code().i32Const(1).br(0).end())));  // to the function's label
    EXPECT_TRUE(isInvalid(oneFunction({}, {I32}, Code().block(Opcode::Block, I32).br(0).end().end()),
                          "type mismatch"));
    EXPECT_TRUE(
        isInvalid(oneFunction({}, {}, Code().block(Opcode::Block).br(2).end().end()), "unknown label 2"));
    EXPECT_TRUE(isValid(oneFunction(
        {I32}, {I32}, Code().block(Opcode::Block, I32).i32Const(1).localGet(0).brIf(0).end().end())));
    EXPECT_TRUE(isInvalid(oneFunction({I32}, {I32},
                                      Code()
                                          .block(Opcode::Block, I32)
                                          .i64Const(1)
                                          .localGet(0)
                                          .brIf(0)
                                          .op(Opcode::I32WrapI64)
                                          .end()
                                          .end()),
                          "type mismatch"));
    EXPECT_TRUE(isInvalid(oneFunction({}, {}, Code().block(Opcode::Block).f32Const(0).brIf(0).end().end()),
                          "type mismatch"));
    EXPECT_TRUE(isInvalid(oneFunction({}, {}, Code().i32Const(0).brIf(1).end()), "unknown label"));
}

TEST(ValidatorControl, BrTable) {
    EXPECT_TRUE(isValid(oneFunction({I32}, {I32},
                                    Code()
                                        .block(Opcode::Block, I32)
                                        .block(Opcode::Block, I32)
                                        .i32Const(7)
                                        .localGet(0)
                                        .brTable({0, 1}, 1)
                                        .end()
                                        .end()
                                        .end())));
    // All targets must have the same arity.
    EXPECT_TRUE(isInvalid(oneFunction({I32}, {I32},
                                      Code()
                                          .block(Opcode::Block, I32)
                                          .block(Opcode::Block)
                                          .i32Const(7)
                                          .localGet(0)
                                          .brTable({0}, 1)
                                          .end()
                                          .end()
                                          .end()),
                          "type mismatch"));
    // Same arity, different types.
    EXPECT_TRUE(isInvalid(oneFunction({I32}, {I32},
                                      Code()
                                          .block(Opcode::Block, I32)
                                          .block(Opcode::Block, F32)
                                          .f32Const(7)
                                          .localGet(0)
                                          .brTable({0}, 1)
                                          .end()
                                          .op(Opcode::Drop)
                                          .i32Const(0)
                                          .end()
                                          .end()),
                          "type mismatch"));
    EXPECT_TRUE(
        isInvalid(oneFunction({I32}, {}, Code().localGet(0).brTable({0, 3}, 0).end()), "unknown label 3"));
    EXPECT_TRUE(isInvalid(oneFunction({}, {}, Code().f32Const(0).brTable({}, 0).end()), "type mismatch"));
}

TEST(ValidatorControl, BrTableWithUnknownOperands) {
    // After unreachable, br_table targets of different types but equal arity can share the
    // Unknown operand.
    EXPECT_TRUE(isValid(oneFunction({}, {I32},
                                    Code()
                                        .block(Opcode::Block, F32)
                                        .op(Opcode::Unreachable)
                                        .brTable({0}, 1)
                                        .end()
                                        .op(Opcode::Drop)
                                        .i32Const(0)
                                        .end())));
    // ... but a concrete operand must match every target.
    EXPECT_TRUE(isInvalid(oneFunction({}, {I32},
                                      Code()
                                          .block(Opcode::Block, F32)
                                          .op(Opcode::Unreachable)
                                          .i32Const(0)
                                          .i32Const(0)
                                          .brTable({0}, 1)
                                          .end()
                                          .op(Opcode::Drop)
                                          .i32Const(0)
                                          .end()),
                          "type mismatch"));
    // Arity is still checked in unreachable code.
    EXPECT_TRUE(isInvalid(
        oneFunction(
            {}, {I32},
            Code().block(Opcode::Block).op(Opcode::Unreachable).brTable({0}, 1).end().i32Const(0).end()),
        "type mismatch"));
}

TEST(ValidatorControl, BrIfInUnreachableCode) {
    // br_if pops Unknown operands, then pushes the label's types: they are concrete afterwards.
    EXPECT_TRUE(isValid(oneFunction({}, {I32}, Code().op(Opcode::Unreachable).brIf(0).end())));
    EXPECT_TRUE(isInvalid(
        oneFunction(
            {}, {I32},
            Code().op(Opcode::Unreachable).brIf(0).op(Opcode::F32Neg).op(Opcode::Drop).i32Const(0).end()),
        "type mismatch: expected f32, found i32"));
    EXPECT_TRUE(isInvalid(
        oneFunction({}, {I32}, Code().op(Opcode::Unreachable).i64Const(0).i32Const(1).brIf(0).end()),
        "type mismatch"));
}

TEST(ValidatorControl, EndErrorsNameTheFrame) {
    const wasm::Error function = errorOf(oneFunction({}, {F32}, Code().i64Const(0).end()));
    EXPECT_NE(function.message.find("end of function: type mismatch: expected f32, found i64"),
              std::string::npos)
        << function.message;
    const wasm::Error loop = errorOf(oneFunction({}, {}, Code().block(Opcode::Loop).i32Const(0).end().end()));
    EXPECT_NE(loop.message.find("end of loop: type mismatch"), std::string::npos) << loop.message;
}

TEST(ValidatorControl, BodyMustEndWithEnd) {
    EXPECT_TRUE(isMalformed(oneFunction({}, {}, Code().i32Const(1).op(Opcode::Drop)), "END opcode expected"));
    EXPECT_TRUE(isMalformed(oneFunction({}, {}, Code().block(Opcode::Block).end()), "END opcode expected"));
    EXPECT_TRUE(isMalformed(oneFunction({}, {}, Code().end().op(Opcode::Nop).end()),
                            "operators remaining after end of function"));
}

TEST(ValidatorControl, MalformedBodyWinsOverEarlierValidationError) {
    ModuleBuilder b;
    const uint32_t t = b.type({}, {});
    b.func(t, Code().i32Const(0).end());  // invalid: leaves a value
    b.func(t, Code().raw({0xff}).end());  // malformed: illegal opcode
    EXPECT_TRUE(isMalformed(b, "illegal opcode"));
}

TEST(ValidatorControl, NestingDepth) {
    Code deep;
    for (int i = 0; i < 1000; ++i) deep.block(Opcode::Block);
    for (int i = 0; i < 1000; ++i) deep.end();
    deep.end();
    EXPECT_TRUE(isValid(oneFunction({}, {}, deep)));
}

}  // namespace
}  // namespace faaslet::test
