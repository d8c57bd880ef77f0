// Constant expressions under the WebAssembly 2.0 rules and the extended constant expressions
// proposal (global initializers, segment offsets).

#include "tests/unit/validator_test_helpers.h"

namespace faaslet::test {
namespace {

ModuleBuilder globalOf(ValType type, const Bytes& init) {
    ModuleBuilder b;
    b.global(type, false, init);
    return b;
}

TEST(ValidatorConstExpr, ConstantInstructions) {
    EXPECT_TRUE(isValid(globalOf(I32, Code().i32Const(-1).end())));
    EXPECT_TRUE(isValid(globalOf(I64, Code().i64Const(1).end())));
    EXPECT_TRUE(isValid(globalOf(F32, Code().f32Const(1).end())));
    EXPECT_TRUE(isValid(globalOf(F64, Code().f64Const(1).end())));
    EXPECT_TRUE(isValid(globalOf(V128, Code().v128Const().end())));
    EXPECT_TRUE(isValid(globalOf(ExternRef, Code().refNull(ExternRef).end())));
    ModuleBuilder refFunc;
    refFunc.func(refFunc.type({}, {}), Code().end());
    refFunc.global(FuncRef, false, Code().refFunc(0).end());
    EXPECT_TRUE(isValid(refFunc));
}

TEST(ValidatorConstExpr, NonConstantInstructions) {
    EXPECT_TRUE(isInvalid(globalOf(F32, Code().f32Const(0).op(Opcode::F32Neg).end()),
                          "constant expression required"));
    EXPECT_TRUE(
        isInvalid(globalOf(I32, Code().i32Const(0).op(Opcode::Nop).end()), "constant expression required"));
    EXPECT_TRUE(isInvalid(globalOf(I32, Code().op(Opcode::Nop).end()), "constant expression required"));
    EXPECT_TRUE(isInvalid(globalOf(I32, Code().localGet(0).end()), "constant expression required"));
    // Only add, sub and mul are admitted, not the other integer operators.
    EXPECT_TRUE(isInvalid(globalOf(I32, Code().i32Const(1).i32Const(2).op(Opcode::I32DivS).end()),
                          "constant expression required"));
    EXPECT_TRUE(isInvalid(globalOf(F32, Code().f32Const(1).f32Const(2).op(Opcode::F32Add).end()),
                          "constant expression required"));
}

TEST(ValidatorConstExpr, ExtendedConstantArithmetic) {
    for (Opcode op : {Opcode::I32Add, Opcode::I32Sub, Opcode::I32Mul}) {
        SCOPED_TRACE(wasm::toString(op));
        EXPECT_TRUE(isValid(globalOf(I32, Code().i32Const(6).i32Const(7).op(op).end())));
    }
    for (Opcode op : {Opcode::I64Add, Opcode::I64Sub, Opcode::I64Mul}) {
        SCOPED_TRACE(wasm::toString(op));
        EXPECT_TRUE(isValid(globalOf(I64, Code().i64Const(6).i64Const(7).op(op).end())));
    }
    // Nested: (20 * 2 - 2) + imported global.
    ModuleBuilder nested;
    nested.importGlobal(I32, false);
    nested.global(I32, false,
                  Code()
                      .i32Const(20)
                      .i32Const(2)
                      .op(Opcode::I32Mul)
                      .i32Const(2)
                      .op(Opcode::I32Sub)
                      .globalGet(0)
                      .op(Opcode::I32Add)
                      .end());
    EXPECT_TRUE(isValid(nested));
}

TEST(ValidatorConstExpr, ExtendedConstantOperandsAreTyped) {
    EXPECT_TRUE(isInvalid(globalOf(I32, Code().i32Const(1).op(Opcode::I32Add).end()), "type mismatch"));
    EXPECT_TRUE(isInvalid(globalOf(I32, Code().op(Opcode::I32Mul).end()), "type mismatch"));
    EXPECT_TRUE(
        isInvalid(globalOf(I32, Code().i64Const(1).i32Const(2).op(Opcode::I32Add).end()), "type mismatch"));
    EXPECT_TRUE(
        isInvalid(globalOf(I32, Code().i64Const(1).i64Const(2).op(Opcode::I64Add).end()), "type mismatch"));
    EXPECT_TRUE(isInvalid(globalOf(I32, Code().i32Const(1).i32Const(2).i32Const(3).op(Opcode::I32Add).end()),
                          "type mismatch"));
    // Constness is judged before types: a non-constant operator after an underflow is reported as such.
    EXPECT_TRUE(isInvalid(globalOf(I32, Code().op(Opcode::I32Add).op(Opcode::Nop).end()),
                          "constant expression required"));
}

TEST(ValidatorConstExpr, ExactlyOneValueOfTheRightType) {
    EXPECT_TRUE(isInvalid(globalOf(I32, Code().f32Const(0).end()), "type mismatch"));
    EXPECT_TRUE(isInvalid(globalOf(I32, Code().i32Const(0).i32Const(0).end()), "type mismatch"));
    EXPECT_TRUE(isInvalid(globalOf(I32, Code().end()), "type mismatch"));
    EXPECT_TRUE(isInvalid(globalOf(FuncRef, Code().refNull(ExternRef).end()), "type mismatch"));
}

TEST(ValidatorConstExpr, GlobalGetOnlyOfImportedImmutableGlobals) {
    ModuleBuilder imported;
    imported.importGlobal(I32, false);
    imported.global(I32, false, Code().globalGet(0).end());
    EXPECT_TRUE(isValid(imported));

    // In 2.0 a defined global is not in scope in constant expressions.
    ModuleBuilder defined;
    defined.global(I32, false, Code().i32Const(0).end());
    defined.global(I32, false, Code().globalGet(0).end());
    EXPECT_TRUE(isInvalid(defined, "unknown global"));

    EXPECT_TRUE(isInvalid(globalOf(I32, Code().globalGet(0).end()), "unknown global"));

    ModuleBuilder mut;
    mut.importGlobal(I32, true);
    mut.global(I32, false, Code().globalGet(0).end());
    EXPECT_TRUE(isInvalid(mut, "constant expression required"));

    ModuleBuilder wrongType;
    wrongType.importGlobal(ExternRef, false);
    wrongType.global(FuncRef, false, Code().globalGet(0).end());
    EXPECT_TRUE(isInvalid(wrongType, "type mismatch"));

    ModuleBuilder two;
    two.importGlobal(I32, false);
    two.global(I32, false, Code().globalGet(0).globalGet(0).end());
    EXPECT_TRUE(isInvalid(two, "type mismatch"));
}

TEST(ValidatorConstExpr, SegmentOffsetsUseTheSameRules) {
    ModuleBuilder elemImported;
    elemImported.importGlobal(I32, false);
    elemImported.table(FuncRef, 1);
    elemImported.elemActive(Code().globalGet(0).end(), {});
    EXPECT_TRUE(isValid(elemImported));

    ModuleBuilder elemDefined;
    elemDefined.table(FuncRef, 1);
    elemDefined.global(I32, false, Code().i32Const(0).end());
    elemDefined.elemActive(Code().globalGet(0).end(), {});
    EXPECT_TRUE(isInvalid(elemDefined, "unknown global 0"));

    ModuleBuilder dataMutable;
    dataMutable.importGlobal(I32, true);
    dataMutable.memory(1);
    dataMutable.dataActive(Code().globalGet(0).end(), "x");
    EXPECT_TRUE(isInvalid(dataMutable, "constant expression required"));

    ModuleBuilder dataNonConst;
    dataNonConst.memory(1);
    dataNonConst.dataActive(Code().i32Const(0).op(Opcode::I32Ctz).end(), "x");
    EXPECT_TRUE(isInvalid(dataNonConst, "constant expression required"));
}

TEST(ValidatorConstExpr, RefFuncMustNameAFunction) {
    EXPECT_TRUE(isInvalid(globalOf(FuncRef, Code().refFunc(0).end()), "unknown function 0"));
}

}  // namespace
}  // namespace faaslet::test
