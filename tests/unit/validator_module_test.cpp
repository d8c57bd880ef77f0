// Module-level rules: types, limits, memories, exports, start, element and data segments.

#include "tests/unit/validator_test_helpers.h"

namespace faaslet::test {
namespace {

TEST(ValidatorModule, EmptyModuleIsValid) {
    EXPECT_TRUE(isValid(ModuleBuilder()));
}

TEST(ValidatorModule, FunctionAndImportTypesMustExist) {
    ModuleBuilder func;
    func.type({}, {});
    func.func(3, Code().end());
    EXPECT_TRUE(isInvalid(func, "unknown type 3"));

    ModuleBuilder import;
    import.importFunc(0);
    EXPECT_TRUE(isInvalid(import, "unknown type 0"));
}

TEST(ValidatorModule, MemoryLimits) {
    ModuleBuilder ok;
    ok.memory(0, 65536);
    EXPECT_TRUE(isValid(ok));
    ModuleBuilder tooLarge;
    tooLarge.memory(65537);
    EXPECT_TRUE(isInvalid(tooLarge, "memory size must be at most 65536 pages (4GiB)"));
    ModuleBuilder tooLargeMax;
    tooLargeMax.memory(0, 65537);
    EXPECT_TRUE(isInvalid(tooLargeMax, "memory size must be at most 65536 pages (4GiB)"));
    ModuleBuilder minAboveMax;
    minAboveMax.memory(2, 1);
    EXPECT_TRUE(isInvalid(minAboveMax, "size minimum must not be greater than maximum"));
    ModuleBuilder importedBad;
    importedBad.importMemory(2, 1);
    EXPECT_TRUE(isInvalid(importedBad, "size minimum must not be greater than maximum"));
}

TEST(ValidatorModule, AtMostOneMemory) {
    ModuleBuilder two;
    two.memory(0);
    two.memory(0);
    EXPECT_TRUE(isInvalid(two, "multiple memories"));
    ModuleBuilder importedAndDefined;
    importedAndDefined.importMemory(0);
    importedAndDefined.memory(0);
    EXPECT_TRUE(isInvalid(importedAndDefined, "multiple memories"));
}

TEST(ValidatorModule, TablesMayBeMany) {
    ModuleBuilder b;
    b.importTable(FuncRef, 0);
    b.table(FuncRef, 0);
    b.table(ExternRef, 0, 0xffffffff);
    EXPECT_TRUE(isValid(b));
    ModuleBuilder bad;
    bad.table(FuncRef, 1, 0);
    EXPECT_TRUE(isInvalid(bad, "size minimum must not be greater than maximum"));
    ModuleBuilder importedBad;
    importedBad.importTable(FuncRef, 0xffffffff, 0);
    EXPECT_TRUE(isInvalid(importedBad, "size minimum must not be greater than maximum"));
}

TEST(ValidatorModule, Exports) {
    ModuleBuilder good;
    good.func(good.type({}, {}), Code().end());
    good.table(FuncRef, 0);
    good.memory(0);
    good.global(I32, true, Code().i32Const(0).end());
    good.exportItem("f", ExternKind::Func, 0);
    good.exportItem("t", ExternKind::Table, 0);
    good.exportItem("m", ExternKind::Memory, 0);
    good.exportItem("g", ExternKind::Global, 0);  // mutable globals may be exported in 2.0
    EXPECT_TRUE(isValid(good));

    ModuleBuilder duplicate;
    duplicate.func(duplicate.type({}, {}), Code().end());
    duplicate.memory(0);
    duplicate.exportItem("a", ExternKind::Func, 0);
    duplicate.exportItem("a", ExternKind::Memory, 0);
    EXPECT_TRUE(isInvalid(duplicate, "duplicate export name"));

    auto exporting = [](ExternKind kind, uint32_t index) {
        ModuleBuilder b;
        b.exportItem("x", kind, index);
        return b;
    };
    EXPECT_TRUE(isInvalid(exporting(ExternKind::Func, 0), "unknown function 0"));
    EXPECT_TRUE(isInvalid(exporting(ExternKind::Table, 0), "unknown table 0"));
    EXPECT_TRUE(isInvalid(exporting(ExternKind::Memory, 0), "unknown memory 0"));
    EXPECT_TRUE(isInvalid(exporting(ExternKind::Global, 1), "unknown global 1"));
}

TEST(ValidatorModule, StartFunction) {
    ModuleBuilder good;
    good.importFunc(good.type({}, {}));
    good.start(0);
    EXPECT_TRUE(isValid(good));

    ModuleBuilder unknown;
    unknown.func(unknown.type({}, {}), Code().end());
    unknown.start(1);
    EXPECT_TRUE(isInvalid(unknown, "unknown function 1"));

    ModuleBuilder result;
    result.func(result.type({}, {I32}), Code().i32Const(0).end());
    result.start(0);
    EXPECT_TRUE(isInvalid(result, "start function"));

    ModuleBuilder param;
    param.func(param.type({I32}, {}), Code().end());
    param.start(0);
    EXPECT_TRUE(isInvalid(param, "start function"));
}

TEST(ValidatorModule, ActiveElementSegments) {
    ModuleBuilder good;
    good.table(FuncRef, 2);
    good.table(ExternRef, 2);
    good.func(good.type({}, {}), Code().end());
    good.elemActive(Code().i32Const(0).end(), {0, 0});
    good.elemActiveExprs(1, Code().i32Const(1).end(), ExternRef, {Code().refNull(ExternRef).end()});
    EXPECT_TRUE(isValid(good));

    ModuleBuilder noTable;
    noTable.func(noTable.type({}, {}), Code().end());
    noTable.elemActive(Code().i32Const(0).end(), {0});
    EXPECT_TRUE(isInvalid(noTable, "unknown table"));

    ModuleBuilder wrongTableType;
    wrongTableType.table(ExternRef, 1);
    wrongTableType.func(wrongTableType.type({}, {}), Code().end());
    wrongTableType.elemActive(Code().i32Const(0).end(), {0});
    EXPECT_TRUE(isInvalid(wrongTableType, "type mismatch"));

    ModuleBuilder i64Offset;
    i64Offset.table(FuncRef, 1);
    i64Offset.elemActive(Code().i64Const(0).end(), {});
    EXPECT_TRUE(isInvalid(i64Offset, "type mismatch"));

    ModuleBuilder unknownFunc;
    unknownFunc.table(FuncRef, 1);
    unknownFunc.elemActive(Code().i32Const(0).end(), {3});
    EXPECT_TRUE(isInvalid(unknownFunc, "unknown function 3"));

    ModuleBuilder wrongItem;
    wrongItem.table(FuncRef, 1);
    wrongItem.elemActiveExprs(0, Code().i32Const(0).end(), FuncRef, {Code().refNull(ExternRef).end()});
    EXPECT_TRUE(isInvalid(wrongItem, "type mismatch"));

    ModuleBuilder nonConstItem;
    nonConstItem.table(FuncRef, 1);
    nonConstItem.func(nonConstItem.type({}, {FuncRef}), Code().refNull(FuncRef).end());
    nonConstItem.elemActiveExprs(0, Code().i32Const(0).end(), FuncRef, {Code().call(0).end()});
    EXPECT_TRUE(isInvalid(nonConstItem, "constant expression required"));
}

TEST(ValidatorModule, DataSegments) {
    ModuleBuilder good;
    good.memory(1);
    good.dataActive(Code().i32Const(0).end(), "hi");
    good.dataPassive("x");
    EXPECT_TRUE(isValid(good));

    ModuleBuilder noMemory;
    noMemory.dataActive(Code().i32Const(0).end(), "hi");
    EXPECT_TRUE(isInvalid(noMemory, "unknown memory 0"));

    ModuleBuilder memoryOne;
    memoryOne.memory(1);
    memoryOne.dataActive(Code().i32Const(0).end(), "hi", 1);
    EXPECT_TRUE(isInvalid(memoryOne, "unknown memory 1"));

    ModuleBuilder wrongOffset;
    wrongOffset.memory(1);
    wrongOffset.dataActive(Code().f32Const(0).end(), "hi");
    EXPECT_TRUE(isInvalid(wrongOffset, "type mismatch"));

    // Passive segments need no memory.
    ModuleBuilder passiveOnly;
    passiveOnly.dataPassive("x");
    EXPECT_TRUE(isValid(passiveOnly));
}

TEST(ValidatorModule, MalformedBodyWinsOverModuleLevelError) {
    ModuleBuilder b;
    b.memory(2, 1);                              // invalid
    b.func(b.type({}, {}), Code().i32Const(0));  // malformed: no end
    EXPECT_TRUE(isMalformed(b, "END opcode expected"));
}

}  // namespace
}  // namespace faaslet::test
