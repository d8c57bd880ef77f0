// Function bodies: select, references, tables, call_indirect and element segments in code.

#include "tests/unit/validator_test_helpers.h"

namespace faaslet::test {
namespace {

TEST(ValidatorReference, UntypedSelect) {
    EXPECT_TRUE(
        isValid(oneFunction({}, {I64}, Code().i64Const(1).i64Const(2).i32Const(0).op(Opcode::Select).end())));
    EXPECT_TRUE(
        isInvalid(oneFunction({}, {I64}, Code().i64Const(1).i32Const(2).i32Const(0).op(Opcode::Select).end()),
                  "type mismatch"));
    EXPECT_TRUE(
        isInvalid(oneFunction({}, {I64}, Code().i64Const(1).i64Const(2).i64Const(0).op(Opcode::Select).end()),
                  "type mismatch"));
    // References need the typed select.
    EXPECT_TRUE(
        isInvalid(oneFunction({}, {FuncRef},
                              Code().refNull(FuncRef).refNull(FuncRef).i32Const(0).op(Opcode::Select).end()),
                  "type mismatch"));
    // In unreachable code one operand may be Unknown; the result takes the known type.
    EXPECT_TRUE(isValid(oneFunction(
        {}, {F32}, Code().op(Opcode::Unreachable).f32Const(0).i32Const(0).op(Opcode::Select).end())));
    EXPECT_TRUE(isInvalid(
        oneFunction({}, {F32},
                    Code().op(Opcode::Unreachable).i64Const(0).i32Const(0).op(Opcode::Select).end()),
        "type mismatch"));
    EXPECT_TRUE(isInvalid(oneFunction({}, {},
                                      Code()
                                          .op(Opcode::Unreachable)
                                          .refNull(ExternRef)
                                          .i32Const(0)
                                          .op(Opcode::Select)
                                          .op(Opcode::Drop)
                                          .end()),
                          "type mismatch"));
}

TEST(ValidatorReference, TypedSelect) {
    EXPECT_TRUE(isValid(oneFunction({}, {ExternRef},
                                    Code()
                                        .refNull(ExternRef)
                                        .refNull(ExternRef)
                                        .i32Const(1)
                                        .op(Opcode::SelectT)
                                        .u32(1)
                                        .byte(0x6f)
                                        .end())));
    EXPECT_TRUE(isInvalid(oneFunction({}, {ExternRef},
                                      Code()
                                          .refNull(FuncRef)
                                          .refNull(ExternRef)
                                          .i32Const(1)
                                          .op(Opcode::SelectT)
                                          .u32(1)
                                          .byte(0x6f)
                                          .end()),
                          "type mismatch"));
    EXPECT_TRUE(isInvalid(oneFunction({}, {}, Code().i32Const(1).op(Opcode::SelectT).u32(0).end()),
                          "invalid result arity"));
    EXPECT_TRUE(isInvalid(oneFunction({}, {I32, I32},
                                      Code()
                                          .i32Const(0)
                                          .i32Const(0)
                                          .i32Const(0)
                                          .i32Const(0)
                                          .i32Const(1)
                                          .op(Opcode::SelectT)
                                          .u32(2)
                                          .byte(0x7f)
                                          .byte(0x7f)
                                          .end()),
                          "invalid result arity"));
}

TEST(ValidatorReference, RefNullAndIsNull) {
    EXPECT_TRUE(isValid(oneFunction({}, {I32}, Code().refNull(ExternRef).op(Opcode::RefIsNull).end())));
    EXPECT_TRUE(
        isInvalid(oneFunction({}, {I32}, Code().i32Const(0).op(Opcode::RefIsNull).end()), "type mismatch"));
    EXPECT_TRUE(isValid(oneFunction({}, {I32}, Code().op(Opcode::Unreachable).op(Opcode::RefIsNull).end())));
    EXPECT_TRUE(isInvalid(oneFunction({}, {FuncRef}, Code().refNull(ExternRef).end()), "type mismatch"));
}

TEST(ValidatorReference, RefFuncMustBeDeclared) {
    // Referenced only in its own body: undeclared.
    ModuleBuilder undeclared;
    undeclared.func(undeclared.type({}, {}), Code().refFunc(0).op(Opcode::Drop).end());
    EXPECT_TRUE(isInvalid(undeclared, "undeclared function reference"));

    // The start function does not declare it either.
    ModuleBuilder start;
    start.func(start.type({}, {}), Code().refFunc(0).op(Opcode::Drop).end());
    start.start(0);
    EXPECT_TRUE(isInvalid(start, "undeclared function reference"));

    ModuleBuilder byExport;
    byExport.func(byExport.type({}, {}), Code().refFunc(0).op(Opcode::Drop).end());
    byExport.exportItem("f", ExternKind::Func, 0);
    EXPECT_TRUE(isValid(byExport));

    ModuleBuilder byDeclarativeElem;
    byDeclarativeElem.func(byDeclarativeElem.type({}, {}), Code().refFunc(0).op(Opcode::Drop).end());
    byDeclarativeElem.elemDeclarative({0});
    EXPECT_TRUE(isValid(byDeclarativeElem));

    ModuleBuilder byGlobal;
    byGlobal.global(FuncRef, false, Code().refFunc(0).end());
    byGlobal.func(byGlobal.type({}, {}), Code().refFunc(0).op(Opcode::Drop).end());
    EXPECT_TRUE(isValid(byGlobal));

    ModuleBuilder byPassiveExpr;
    byPassiveExpr.func(byPassiveExpr.type({}, {}), Code().refFunc(0).op(Opcode::Drop).end());
    byPassiveExpr.elemPassive(FuncRef, {Code().refFunc(0).end()});
    EXPECT_TRUE(isValid(byPassiveExpr));

    ModuleBuilder unknown;
    unknown.func(unknown.type({}, {}), Code().refFunc(7).op(Opcode::Drop).end());
    EXPECT_TRUE(isInvalid(unknown, "unknown function 7"));
}

TEST(ValidatorReference, TableInstructions) {
    ModuleBuilder b;
    b.importTable(FuncRef, 1);
    b.table(ExternRef, 1);
    b.func(b.type({}, {I32}), Code()
                                  .i32Const(0)
                                  .op(Opcode::TableGet, {1})
                                  .op(Opcode::Drop)
                                  .i32Const(0)
                                  .refNull(FuncRef)
                                  .op(Opcode::TableSet, {0})
                                  .refNull(ExternRef)
                                  .i32Const(1)
                                  .op(Opcode::TableGrow, {1})
                                  .op(Opcode::Drop)
                                  .i32Const(0)
                                  .refNull(ExternRef)
                                  .i32Const(1)
                                  .op(Opcode::TableFill, {1})
                                  .i32Const(0)
                                  .i32Const(0)
                                  .i32Const(0)
                                  .op(Opcode::TableCopy, {0, 0})
                                  .op(Opcode::TableSize, {1})
                                  .end());
    EXPECT_TRUE(isValid(b));

    auto oneTable = [](const Bytes& body, std::vector<ValType> results = {}) {
        ModuleBuilder m;
        m.table(FuncRef, 1);
        m.table(ExternRef, 1);
        m.func(m.type({}, std::move(results)), body);
        return m;
    };
    EXPECT_TRUE(isInvalid(oneTable(Code().i32Const(0).refNull(ExternRef).op(Opcode::TableSet, {0}).end()),
                          "type mismatch"));
    EXPECT_TRUE(
        isInvalid(oneTable(Code().i32Const(0).op(Opcode::TableGet, {1}).end(), {FuncRef}), "type mismatch"));
    EXPECT_TRUE(isInvalid(oneTable(Code().op(Opcode::TableSize, {2}).end(), {I32}), "unknown table 2"));
    EXPECT_TRUE(
        isInvalid(oneTable(Code().i32Const(0).i32Const(0).i32Const(0).op(Opcode::TableCopy, {0, 1}).end()),
                  "type mismatch"));
    EXPECT_TRUE(isInvalid(
        oneTable(Code().i32Const(1).refNull(FuncRef).op(Opcode::TableGrow, {0}).op(Opcode::Drop).end()),
        "type mismatch"));
}

TEST(ValidatorReference, TableInitAndElemDrop) {
    ModuleBuilder good;
    good.table(FuncRef, 1);
    good.func(good.type({}, {}), Code()
                                     .i32Const(0)
                                     .i32Const(0)
                                     .i32Const(0)
                                     .op(Opcode::TableInit, {0, 0})
                                     .op(Opcode::ElemDrop, {0})
                                     .end());
    good.elemPassive(FuncRef, {Code().refNull(FuncRef).end()});
    EXPECT_TRUE(isValid(good));

    ModuleBuilder wrongType;
    wrongType.table(FuncRef, 1);
    wrongType.func(wrongType.type({}, {}),
                   Code().i32Const(0).i32Const(0).i32Const(0).op(Opcode::TableInit, {0, 0}).end());
    wrongType.elemPassive(ExternRef, {Code().refNull(ExternRef).end()});
    EXPECT_TRUE(isInvalid(wrongType, "type mismatch"));

    // The table is checked before the segment.
    ModuleBuilder nothing;
    nothing.func(nothing.type({}, {}),
                 Code().i32Const(0).i32Const(0).i32Const(0).op(Opcode::TableInit, {0, 0}).end());
    EXPECT_TRUE(isInvalid(nothing, "unknown table 0"));

    ModuleBuilder noSegment;
    noSegment.func(noSegment.type({}, {}), Code().op(Opcode::ElemDrop, {4}).end());
    EXPECT_TRUE(isInvalid(noSegment, "unknown elem segment 4"));
}

TEST(ValidatorReference, CallIndirect) {
    ModuleBuilder good;
    const uint32_t t = good.type({I32}, {I64});
    good.table(FuncRef, 1);
    good.func(good.type({}, {I64}), Code().i32Const(5).i32Const(0).op(Opcode::CallIndirect, {t, 0}).end());
    EXPECT_TRUE(isValid(good));

    ModuleBuilder noTable;
    const uint32_t t2 = noTable.type({}, {});
    noTable.func(t2, Code().i32Const(0).op(Opcode::CallIndirect, {t2, 0}).end());
    EXPECT_TRUE(isInvalid(noTable, "unknown table"));

    ModuleBuilder externTable;
    const uint32_t t3 = externTable.type({}, {});
    externTable.table(ExternRef, 1);
    externTable.func(t3, Code().i32Const(0).op(Opcode::CallIndirect, {t3, 0}).end());
    EXPECT_TRUE(isInvalid(externTable, "type mismatch"));

    ModuleBuilder unknownType;
    const uint32_t t4 = unknownType.type({}, {});
    unknownType.table(FuncRef, 1);
    unknownType.func(t4, Code().i32Const(0).op(Opcode::CallIndirect, {9, 0}).end());
    EXPECT_TRUE(isInvalid(unknownType, "unknown type 9"));

    ModuleBuilder wrongIndex;
    const uint32_t t5 = wrongIndex.type({}, {});
    wrongIndex.table(FuncRef, 1);
    wrongIndex.func(t5, Code().i64Const(0).op(Opcode::CallIndirect, {t5, 0}).end());
    EXPECT_TRUE(isInvalid(wrongIndex, "type mismatch"));
}

}  // namespace
}  // namespace faaslet::test
