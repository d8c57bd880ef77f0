// abi::RuntimeFunctions as compiled code calls them: a native host function (the ABI calling
// convention, no C++ objects in its frame, so a trap may unwind through it) stands in for compiled
// code and performs one bulk operation per call on the importing instance.

#include <gtest/gtest.h>

#include <cstring>

#include "runtime/instance.h"
#include "runtime/linear_memory.h"
#include "runtime/store.h"
#include "runtime/table.h"
#include "tests/unit/runtime_test_modules.h"

namespace faaslet::runtime::test {
namespace {

using abi::TrapCode;

enum Op : int32_t {
    InitData,
    InitDataOutOfBounds,
    DropData,
    InitDroppedEmpty,
    InitDroppedOne,
    CopyMemory,
    CopyMemoryOutOfBounds,
    InitTable,
    CopyTable,
    GrowTable,
    GrowTablePastMax,
    FillTableOutOfBounds,
    DropElem,
    InitDroppedElem,
    GrowMemory,
};

extern "C" int32_t bulkOperation(abi::InstanceContext* ctx, int32_t op) {
    const abi::RuntimeFunctions* rt = ctx->runtime;
    switch (op) {
        case InitData: rt->memoryInit(ctx, 0, 0, 10, 1, 4); return 0;            // "ello" at 10
        case InitDataOutOfBounds: rt->memoryInit(ctx, 0, 0, 0, 3, 3); return 0;  // past the segment
        case DropData: rt->dataDrop(ctx, 0); return 0;
        case InitDroppedEmpty: rt->memoryInit(ctx, 0, 0, 0, 0, 0); return 0;
        case InitDroppedOne: rt->memoryInit(ctx, 0, 0, 0, 0, 1); return 0;
        case CopyMemory: rt->memoryCopy(ctx, 0, 0, 12, 10, 4); return 0;  // overlapping
        case CopyMemoryOutOfBounds: rt->memoryCopy(ctx, 0, 0, 65534, 0, 4); return 0;
        case InitTable: rt->tableInit(ctx, 0, 0, 3, 0, 1); return 0;
        case CopyTable: rt->tableCopy(ctx, 0, 0, 0, 3, 1); return 0;
        case GrowTable: return int32_t(rt->tableGrow(ctx, 0, nullptr, 2));
        case GrowTablePastMax: return int32_t(rt->tableGrow(ctx, 0, nullptr, 100));
        case FillTableOutOfBounds: rt->tableFill(ctx, 0, 5, nullptr, 2); return 0;
        case DropElem: rt->elemDrop(ctx, 0); return 0;
        case InitDroppedElem: rt->tableInit(ctx, 0, 0, 0, 0, 1); return 0;
        case GrowMemory: return int32_t(rt->memoryGrow(ctx, 0, 1));
    }
    return -1;
}

class RuntimeFunctions : public ::testing::Test {
protected:
    void SetUp() override {
        auto module = importModule(false, true);
        module->tables.push_back({ValType::FuncRef, {4, 8}});
        module->memories.push_back({{1, 2}});
        wasm::DataSegment data;  // passive "hello"
        data.bytes.begin = module->bytes.size();
        for (char c : std::string("hello")) module->bytes.push_back(uint8_t(c));
        data.bytes.end = module->bytes.size();
        module->data.push_back(data);
        addElem(*module, wasm::ElemSegment::Mode::Passive, 0, {refFunc(import_fixture::Twice)});

        auto bulk = store_.createNativeHostFunction(funcType({ValType::I32}, {ValType::I32}),
                                                    reinterpret_cast<const void*>(bulkOperation));
        auto pair = store_.createHostFunction(funcType({ValType::I32}, {ValType::I32, ValType::I64}),
                                              [](HostCall&, auto, auto) { return std::optional<Trap>(); });
        ASSERT_TRUE(bulk.ok() && pair.ok());
        std::vector<ExternValue> imports = {(*bulk)->asExternValue(), (*pair)->asExternValue()};
        auto instance = store_.instantiate(load("import_fixture", module), imports);
        ASSERT_TRUE(instance.ok()) << instance.error().toString();
        instance_ = *instance;
    }

    CallResult run(Op op) { return instance_->call("call_host", {i32(uint32_t(op))}); }
    void expectOk(Op op, uint32_t expected = 0) {
        CallResult result = run(op);
        ASSERT_TRUE(result.ok()) << result.error().toString();
        EXPECT_EQ(result->at(0).i32, expected);
    }
    void expectTrap(Op op, TrapCode code) {
        CallResult result = run(op);
        ASSERT_FALSE(result.ok());
        EXPECT_EQ(result.error().code, code);
    }
    const uint8_t* memory() const { return instance_->memory(0)->base(); }

    Store store_;
    Instance* instance_ = nullptr;
};

TEST_F(RuntimeFunctions, MemoryInitCopyAndDrop) {
    expectOk(InitData);
    EXPECT_EQ(std::memcmp(memory() + 10, "ello", 4), 0);
    expectTrap(InitDataOutOfBounds, TrapCode::OutOfBoundsMemoryAccess);
    EXPECT_EQ(memory()[0], 0);
    expectOk(CopyMemory);
    EXPECT_EQ(std::memcmp(memory() + 10, "elello", 6), 0);
    expectTrap(CopyMemoryOutOfBounds, TrapCode::OutOfBoundsMemoryAccess);
    EXPECT_EQ(memory()[65534], 0);
    expectOk(DropData);
    expectOk(InitDroppedEmpty);  // a dropped segment is empty: length 0 at offset 0 is in bounds
    expectTrap(InitDroppedOne, TrapCode::OutOfBoundsMemoryAccess);
}

TEST_F(RuntimeFunctions, MemoryGrowFromCompiledCode) {
    expectOk(GrowMemory, 1);
    EXPECT_EQ(instance_->context()->memory->size, 2u * 65536);
    expectOk(GrowMemory, uint32_t(-1));  // max 2
}

TEST_F(RuntimeFunctions, TableOperations) {
    expectOk(InitTable);
    Table* table = instance_->table(0);
    ASSERT_NE(table->get(3).value(), nullptr);
    expectOk(CopyTable);
    EXPECT_EQ(table->get(0).value(), table->get(3).value());
    // The copied reference is callable through call_indirect.
    CallResult viaTable = instance_->call("call_indirect", {i32(0), i32(5)});
    ASSERT_TRUE(viaTable.ok());
    EXPECT_EQ(viaTable->at(0).i32, 10u);
    expectOk(GrowTable, 4);
    EXPECT_EQ(instance_->context()->tables[0]->size, 6u);
    expectOk(GrowTablePastMax, uint32_t(-1));
    expectTrap(FillTableOutOfBounds, TrapCode::OutOfBoundsTableAccess);
    expectOk(DropElem);
    expectTrap(InitDroppedElem, TrapCode::OutOfBoundsTableAccess);
}

}  // namespace
}  // namespace faaslet::runtime::test
