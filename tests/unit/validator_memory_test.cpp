// Function bodies: memory instructions, alignment, bulk memory and data segments, SIMD lanes.

#include "tests/unit/validator_test_helpers.h"

namespace faaslet::test {
namespace {

ModuleBuilder withMemory(std::vector<ValType> params, std::vector<ValType> results, const Bytes& body,
                         std::vector<std::pair<uint32_t, ValType>> locals = {}) {
    ModuleBuilder b;
    b.memory(1);
    b.func(b.type(std::move(params), std::move(results)), body, std::move(locals));
    return b;
}

TEST(ValidatorMemory, LoadsAndStores) {
    EXPECT_TRUE(isValid(withMemory({}, {I64}, Code().i32Const(0).mem(Opcode::I64Load32U, 2).end())));
    EXPECT_TRUE(
        isValid(withMemory({}, {}, Code().i32Const(0).f64Const(1).mem(Opcode::F64Store, 3, 8).end())));
    EXPECT_TRUE(isInvalid(withMemory({}, {}, Code().i32Const(0).i32Const(1).mem(Opcode::F64Store, 3).end()),
                          "type mismatch"));
    EXPECT_TRUE(
        isInvalid(withMemory({}, {F32}, Code().i64Const(0).mem(Opcode::F32Load, 2).end()), "type mismatch"));
}

TEST(ValidatorMemory, AlignmentMustNotExceedNatural) {
    EXPECT_TRUE(isValid(withMemory({}, {I32}, Code().i32Const(0).mem(Opcode::I32Load, 0).end())));
    EXPECT_TRUE(isValid(withMemory({}, {I32}, Code().i32Const(0).mem(Opcode::I32Load, 2).end())));
    EXPECT_TRUE(isInvalid(withMemory({}, {I32}, Code().i32Const(0).mem(Opcode::I32Load, 3).end()),
                          "alignment must not be larger than natural"));
    EXPECT_TRUE(isInvalid(withMemory({}, {I32}, Code().i32Const(0).mem(Opcode::I32Load8U, 1).end()),
                          "alignment must not be larger than natural"));
    EXPECT_TRUE(isValid(withMemory({}, {V128}, Code().i32Const(0).mem(Opcode::V128Load, 4).end())));
    EXPECT_TRUE(isInvalid(withMemory({}, {V128}, Code().i32Const(0).mem(Opcode::V128Load, 5).end()),
                          "alignment must not be larger than natural"));
    EXPECT_TRUE(isInvalid(withMemory({}, {V128}, Code().i32Const(0).mem(Opcode::V128Load32Splat, 3).end()),
                          "alignment must not be larger than natural"));
    // An exponent of 32 or more is not a valid encoding at all.
    EXPECT_TRUE(isMalformed(withMemory({}, {I32}, Code().i32Const(0).mem(Opcode::I32Load, 32).end()),
                            "malformed memop flags"));
    EXPECT_TRUE(isMalformed(withMemory({}, {I32}, Code().i32Const(0).mem(Opcode::I32Load, 0x40).end()),
                            "malformed memop flags"));
}

TEST(ValidatorMemory, MemoryMustExist) {
    EXPECT_TRUE(isInvalid(oneFunction({}, {I32}, Code().i32Const(0).mem(Opcode::I32Load, 2).end()),
                          "unknown memory 0"));
    EXPECT_TRUE(
        isInvalid(oneFunction({}, {I32}, Code().op(Opcode::MemorySize).byte(0).end()), "unknown memory"));
    EXPECT_TRUE(isInvalid(oneFunction({}, {I32}, Code().i32Const(1).op(Opcode::MemoryGrow).byte(0).end()),
                          "unknown memory"));
    EXPECT_TRUE(isInvalid(
        oneFunction({}, {}, Code().i32Const(0).i32Const(0).i32Const(0).op(Opcode::MemoryFill).byte(0).end()),
        "unknown memory"));
    EXPECT_TRUE(isInvalid(
        oneFunction({}, {},
                    Code().i32Const(0).i32Const(0).i32Const(0).op(Opcode::MemoryCopy).byte(0).byte(0).end()),
        "unknown memory"));
    EXPECT_TRUE(isValid(
        withMemory({}, {I32}, Code().op(Opcode::MemorySize).byte(0).op(Opcode::MemoryGrow).byte(0).end())));
    ModuleBuilder imported;
    imported.importMemory(1);
    imported.func(imported.type({}, {I32}), Code().op(Opcode::MemorySize).byte(0).end());
    EXPECT_TRUE(isValid(imported));
}

TEST(ValidatorMemory, BulkMemoryAndDataSegments) {
    auto init = [](uint32_t data) {
        return Code()
            .i32Const(0)
            .i32Const(0)
            .i32Const(0)
            .op(Opcode::MemoryInit, {data})
            .byte(0)
            .op(Opcode::DataDrop, {data})
            .end();
    };
    ModuleBuilder good;
    good.memory(1);
    good.dataCount(1);
    good.func(good.type({}, {}), init(0));
    good.dataPassive("abc");
    EXPECT_TRUE(isValid(good));

    ModuleBuilder unknownData;
    unknownData.memory(1);
    unknownData.dataCount(1);
    unknownData.func(unknownData.type({}, {}), init(1));
    unknownData.dataPassive("abc");
    EXPECT_TRUE(isInvalid(unknownData, "unknown data segment 1"));

    ModuleBuilder noMemory;
    noMemory.dataCount(1);
    noMemory.func(noMemory.type({}, {}), init(0));
    noMemory.dataPassive("abc");
    EXPECT_TRUE(isInvalid(noMemory, "unknown memory 0"));

    // Without a data count section, data indices in code are malformed, not invalid.
    ModuleBuilder noCount;
    noCount.memory(1);
    noCount.func(noCount.type({}, {}), Code().op(Opcode::DataDrop, {0}).end());
    noCount.dataPassive("abc");
    EXPECT_TRUE(isMalformed(noCount, "data count section required"));

    // With no data segments at all, a data index is an unknown segment (invalid), as the spec
    // tests expect of text modules that wabt encodes without a data count section.
    ModuleBuilder noData;
    noData.func(noData.type({}, {}), Code().op(Opcode::DataDrop, {0}).end());
    EXPECT_TRUE(isInvalid(noData, "unknown data segment 0"));
    ModuleBuilder noDataNoMemory;
    noDataNoMemory.func(noDataNoMemory.type({}, {}),
                        Code().i32Const(0).i32Const(0).i32Const(0).op(Opcode::MemoryInit, {1}).byte(0).end());
    EXPECT_TRUE(isInvalid(noDataNoMemory, "unknown memory 0"));

    ModuleBuilder wrongOperand;
    wrongOperand.memory(1);
    wrongOperand.dataCount(1);
    wrongOperand.func(wrongOperand.type({}, {}),
                      Code().i32Const(0).i64Const(0).i32Const(0).op(Opcode::MemoryInit, {0}).byte(0).end());
    wrongOperand.dataPassive("abc");
    EXPECT_TRUE(isInvalid(wrongOperand, "type mismatch"));
}

TEST(ValidatorMemory, ExtractAndReplaceLanes) {
    EXPECT_TRUE(
        isValid(oneFunction({}, {I32}, Code().v128Const().op(Opcode::I8x16ExtractLaneU).byte(15).end())));
    EXPECT_TRUE(
        isInvalid(oneFunction({}, {I32}, Code().v128Const().op(Opcode::I8x16ExtractLaneU).byte(16).end()),
                  "invalid lane index"));
    EXPECT_TRUE(isValid(
        oneFunction({}, {V128}, Code().v128Const().f64Const(1).op(Opcode::F64x2ReplaceLane).byte(1).end())));
    EXPECT_TRUE(isInvalid(
        oneFunction({}, {V128}, Code().v128Const().f64Const(1).op(Opcode::F64x2ReplaceLane).byte(2).end()),
        "invalid lane index"));
    EXPECT_TRUE(isInvalid(
        oneFunction({}, {V128}, Code().v128Const().f32Const(1).op(Opcode::F64x2ReplaceLane).byte(0).end()),
        "type mismatch"));
}

TEST(ValidatorMemory, Shuffle) {
    Code good = Code().v128Const().v128Const().op(Opcode::I8x16Shuffle);
    for (int i = 0; i < 16; ++i) good.byte(uint8_t(31 - i));
    EXPECT_TRUE(isValid(oneFunction({}, {V128}, good.end())));
    Code bad = Code().v128Const().v128Const().op(Opcode::I8x16Shuffle);
    for (int i = 0; i < 16; ++i) bad.byte(i == 5 ? 32 : 0);
    EXPECT_TRUE(isInvalid(oneFunction({}, {V128}, bad.end()), "invalid lane index"));
}

TEST(ValidatorMemory, LoadAndStoreLanes) {
    auto lane = [](Opcode op, uint32_t align, uint8_t index, std::vector<ValType> results) {
        return withMemory({}, std::move(results),
                          Code().i32Const(0).v128Const().mem(op, align).byte(index).end());
    };
    EXPECT_TRUE(isValid(lane(Opcode::V128Load8Lane, 0, 15, {V128})));
    EXPECT_TRUE(isInvalid(lane(Opcode::V128Load8Lane, 0, 16, {V128}), "invalid lane index"));
    EXPECT_TRUE(isValid(lane(Opcode::V128Load64Lane, 3, 1, {V128})));
    EXPECT_TRUE(isInvalid(lane(Opcode::V128Load64Lane, 3, 2, {V128}), "invalid lane index"));
    EXPECT_TRUE(
        isInvalid(lane(Opcode::V128Store32Lane, 3, 0, {}), "alignment must not be larger than natural"));
    EXPECT_TRUE(isValid(lane(Opcode::V128Store16Lane, 1, 7, {})));
}

TEST(ValidatorMemory, VectorSelectIsAllowed) {
    EXPECT_TRUE(isValid(
        oneFunction({}, {V128}, Code().v128Const().v128Const().i32Const(0).op(Opcode::Select).end())));
}

}  // namespace
}  // namespace faaslet::test
