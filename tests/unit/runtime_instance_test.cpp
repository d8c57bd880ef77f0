// Instantiation: import matching, host functions called from compiled code, tables and element
// segments, globals, data and element segments that fail part-way, the linker.

#include <gtest/gtest.h>

#include <cstring>

#include "runtime/global.h"
#include "runtime/instance.h"
#include "runtime/linear_memory.h"
#include "runtime/linker.h"
#include "runtime/store.h"
#include "runtime/table.h"
#include "tests/unit/runtime_test_modules.h"

namespace faaslet::runtime::test {
namespace {

using abi::TrapCode;
namespace imf = import_fixture;

HostCallback addConstant(int32_t constant) {
    return [constant](HostCall&, std::span<const abi::Value> args, std::span<abi::Value> results) {
        results[0].i32 = args[0].i32 + uint32_t(constant);
        return std::optional<Trap>();
    };
}

class RuntimeInstance : public ::testing::Test {
protected:
    void SetUp() override {
        auto host = store_.createHostFunction(funcType({ValType::I32}, {ValType::I32}), addConstant(100));
        ASSERT_TRUE(host.ok());
        host_ = *host;
        auto pair = store_.createHostFunction(
            funcType({ValType::I32}, {ValType::I32, ValType::I64}),
            [](HostCall&, std::span<const abi::Value> args, std::span<abi::Value> results) {
                results[0].i32 = args[0].i32;
                results[1].i64 = 10;
                return std::optional<Trap>();
            });
        ASSERT_TRUE(pair.ok());
        pair_ = *pair;
    }

    std::vector<ExternValue> imports(HostFunction* host = nullptr) {
        return {(host ? host : host_)->asExternValue(), pair_->asExternValue()};
    }

    Result<Instance*> instantiate(std::shared_ptr<wasm::Module> module, std::vector<ExternValue> values) {
        auto loaded = load("import_fixture", std::move(module));
        if (!loaded) return Error::load("fixture did not load");
        return store_.instantiate(loaded, values);
    }

    Instance* instantiateOk(std::shared_ptr<wasm::Module> module, std::vector<ExternValue> values) {
        auto instance = instantiate(std::move(module), std::move(values));
        EXPECT_TRUE(instance.ok()) << (instance.ok() ? "" : instance.error().toString());
        return instance.ok() ? *instance : nullptr;
    }

    static uint32_t resultI32(const CallResult& result) {
        EXPECT_TRUE(result.ok()) << (result.ok() ? "" : result.error().toString());
        return result.ok() ? result->at(0).i32 : 0xdeadbeef;
    }

    void expectIncompatible(std::shared_ptr<wasm::Module> module, std::vector<ExternValue> values) {
        auto instance = instantiate(std::move(module), std::move(values));
        ASSERT_FALSE(instance.ok());
        EXPECT_EQ(instance.error().kind, Error::Kind::Link);
        EXPECT_EQ(instance.error().message.rfind("incompatible import type", 0), 0u)
            << instance.error().message;
    }

    Store store_;
    HostFunction* host_ = nullptr;
    HostFunction* pair_ = nullptr;
};

TEST_F(RuntimeInstance, CompiledCodeCallsHostFunctions) {
    Instance* instance = instantiateOk(importModule(), imports());
    ASSERT_TRUE(instance);
    EXPECT_EQ(resultI32(instance->call("call_host", {i32(5)})), 105u);
    EXPECT_EQ(resultI32(instance->call("call_pair", {i32(3)})), 13u);  // two results through a struct
    EXPECT_EQ(resultI32(instance->call("twice", {i32(21)})), 42u);
}

TEST_F(RuntimeInstance, HostFunctionsRunWithTheImportersContext) {
    Instance* seen = nullptr;
    auto host = store_.createHostFunction(
        funcType({ValType::I32}, {ValType::I32}),
        [&seen](HostCall& call, std::span<const abi::Value>, std::span<abi::Value> r) {
            seen = call.instance();
            r[0].i32 = 0;
            return std::optional<Trap>();
        });
    Instance* a = instantiateOk(importModule(), imports(*host));
    Instance* b = instantiateOk(importModule(), imports(*host));
    ASSERT_TRUE(a && b);
    ASSERT_TRUE(a->call("call_host", {i32(0)}).ok());
    EXPECT_EQ(seen, a);
    ASSERT_TRUE(b->call("call_host", {i32(0)}).ok());
    EXPECT_EQ(seen, b);
    // A re-exported import, called by the runtime through the host function's thunk.
    ASSERT_TRUE(a->call("host_reexport", {i32(0)}).ok());
    EXPECT_EQ(seen, a);
}

TEST_F(RuntimeInstance, ReexportedHostFunctionIsCallable) {
    Instance* instance = instantiateOk(importModule(), imports());
    ASSERT_TRUE(instance);
    EXPECT_EQ(resultI32(instance->call("host_reexport", {i32(1)})), 101u);
}

TEST_F(RuntimeInstance, HostTrapStopsTheCall) {
    auto host =
        store_.createHostFunction(funcType({ValType::I32}, {ValType::I32}),
                                  [](HostCall&, std::span<const abi::Value>, std::span<abi::Value>) {
                                      return std::optional<Trap>(Trap::of(TrapCode::HostTrap, "boom"));
                                  });
    Instance* instance = instantiateOk(importModule(), imports(*host));
    ASSERT_TRUE(instance);
    CallResult result = instance->call("call_host", {i32(1)});
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error().code, TrapCode::HostTrap);
    EXPECT_EQ(result.error().message, "boom");
    ASSERT_FALSE(result.error().backtrace.empty()) << result.error().toString();
    EXPECT_EQ(result.error().backtrace[0].name, "call_host");
    EXPECT_EQ(resultI32(instance->call("twice", {i32(2)})), 4u);
}

TEST_F(RuntimeInstance, HostExceptionsBecomeTraps) {
    auto host = store_.createHostFunction(
        funcType({ValType::I32}, {ValType::I32}),
        [](HostCall&, std::span<const abi::Value>, std::span<abi::Value>) -> std::optional<Trap> {
            throw std::runtime_error("disk on fire");
        });
    Instance* instance = instantiateOk(importModule(), imports(*host));
    ASSERT_TRUE(instance);
    CallResult result = instance->call("call_host", {i32(1)});
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error().code, TrapCode::HostTrap);
    EXPECT_NE(result.error().message.find("disk on fire"), std::string::npos);
}

TEST_F(RuntimeInstance, HostFunctionsCanCallBackIntoWasm) {
    Instance* instance = nullptr;
    auto host = store_.createHostFunction(funcType({ValType::I32}, {ValType::I32}),
                                          [&instance](HostCall&, std::span<const abi::Value> args,
                                                      std::span<abi::Value> results) -> std::optional<Trap> {
                                              // Odd arguments call a function that traps and pass its trap
                                              // on.
                                              CallResult inner = instance->call(
                                                  args[0].i32 % 2 ? "fail" : "twice", {args[0]});
                                              if (!inner.ok()) return std::move(inner.error());
                                              results[0].i32 = inner->at(0).i32 + 1;
                                              return std::nullopt;
                                          });
    instance = instantiateOk(importModule(), imports(*host));
    ASSERT_TRUE(instance);
    EXPECT_EQ(resultI32(instance->call("call_host", {i32(20)})), 41u);

    CallResult trapped = instance->call("call_host", {i32(3)});
    ASSERT_FALSE(trapped.ok());
    EXPECT_EQ(trapped.error().code, TrapCode::Unreachable);
    const auto& frames = trapped.error().backtrace;
    ASSERT_EQ(frames.size(), 2u) << trapped.error().toString();
    EXPECT_EQ(frames[0].name, "fail");       // the inner call
    EXPECT_EQ(frames[1].name, "call_host");  // the outer call, below the host function
    EXPECT_EQ(resultI32(instance->call("call_host", {i32(2)})), 5u);
}

extern "C" int32_t nativeAddThousand(abi::InstanceContext*, int32_t x) {
    return x + 1000;
}

TEST_F(RuntimeInstance, NativeHostFunctions) {
    auto native = store_.createNativeHostFunction(funcType({ValType::I32}, {ValType::I32}),
                                                  reinterpret_cast<const void*>(nativeAddThousand));
    ASSERT_TRUE(native.ok());
    Instance* instance = instantiateOk(importModule(), imports(*native));
    ASSERT_TRUE(instance);
    EXPECT_EQ(resultI32(instance->call("call_host", {i32(5)})), 1005u);
    EXPECT_EQ(resultI32(instance->call("host_reexport", {i32(6)})), 1006u);  // through ffi_call
    EXPECT_EQ(resultI32(invoke((*native)->asExtern(), std::vector<abi::Value>{i32(7)})), 1007u);
}

TEST_F(RuntimeInstance, CallIndirectThroughElementSegments) {
    auto module = importModule();
    addElem(*module, wasm::ElemSegment::Mode::Active, 1, {refFunc(imf::Twice), refFunc(imf::GetGlobal0)});
    addElem(*module, wasm::ElemSegment::Mode::Passive, 0, {refFunc(imf::Twice)});
    addElem(*module, wasm::ElemSegment::Mode::Declarative, 0, {refFunc(imf::Fail)});
    Instance* instance = instantiateOk(module, imports());
    ASSERT_TRUE(instance);
    EXPECT_EQ(resultI32(instance->call("call_indirect", {i32(1), i32(21)})), 42u);
    auto callIndirect = [&](uint32_t index) { return instance->call("call_indirect", {i32(index), i32(0)}); };
    EXPECT_EQ(callIndirect(0).error().code, TrapCode::UninitializedElement);
    EXPECT_EQ(callIndirect(2).error().code, TrapCode::IndirectCallTypeMismatch);
    EXPECT_EQ(callIndirect(4).error().code, TrapCode::UndefinedElement);
    // Active and declarative segments are dropped after instantiation; passive ones are kept.
    EXPECT_TRUE(instance->elemSegment(0).empty());
    EXPECT_EQ(instance->elemSegment(1).size(), 1u);
    EXPECT_TRUE(instance->elemSegment(2).empty());
}

TEST_F(RuntimeInstance, GlobalsFromImportsAndConstants) {
    auto module = importModule(true, false);
    addImport(*module, globalImport("env", "g", ValType::I32, false));
    module->globals.push_back({{ValType::I32, false}, globalGet(0)});
    Global* g = store_.createGlobal({ValType::I32, false}, i32(77));
    auto values = imports();
    values.push_back(ExternValue::of(g));
    Instance* instance = instantiateOk(module, values);
    ASSERT_TRUE(instance);
    EXPECT_EQ(resultI32(instance->call("get_global0", {})), 77u);
    EXPECT_EQ(instance->global(1)->get().i32, 77u);  // initialised by global.get 0
}

TEST_F(RuntimeInstance, ExportedMutableGlobalsAreShared) {
    Instance* exporter = instantiateOk(importModule(), imports());
    ASSERT_TRUE(exporter);
    auto exported = exporter->exportNamed("global");
    ASSERT_TRUE(exported && exported->kind == wasm::ExternKind::Global);
    EXPECT_EQ(exported->global->get().i32, 7u);

    auto module = importModule(true, false);
    addImport(*module, globalImport("a", "global", ValType::I32, true));
    auto values = imports();
    values.push_back(*exported);
    Instance* importer = instantiateOk(module, values);
    ASSERT_TRUE(importer);
    exported->global->set(i32(1234));
    EXPECT_EQ(resultI32(importer->call("get_global0", {})), 1234u);
}

TEST_F(RuntimeInstance, FunctionImportTypeMismatch) {
    auto wrong = store_.createHostFunction(funcType({}, {ValType::I32}),
                                           [](HostCall&, auto, auto) { return std::optional<Trap>(); });
    ASSERT_TRUE(wrong.ok());
    expectIncompatible(importModule(), imports(*wrong));
}

TEST_F(RuntimeInstance, ImportKindMismatch) {
    Global* g = store_.createGlobal({ValType::I32, false}, i32(0));
    expectIncompatible(importModule(), {ExternValue::of(g), pair_->asExternValue()});
}

TEST_F(RuntimeInstance, ImportCountMismatch) {
    auto instance = instantiate(importModule(), {host_->asExternValue()});
    ASSERT_FALSE(instance.ok());
    EXPECT_EQ(instance.error().kind, Error::Kind::Link);
}

TEST_F(RuntimeInstance, TableImportLimits) {
    auto module = [] {
        auto m = importModule(false, true);
        addImport(*m, tableImport("env", "table", 2, 10));
        return m;
    };
    auto withTable = [&](uint32_t min, std::optional<uint32_t> max) {
        auto values = imports();
        values.push_back(ExternValue::of(*store_.createTable({ValType::FuncRef, {min, max}})));
        return values;
    };
    expectIncompatible(module(), withTable(1, 10));            // too small
    expectIncompatible(module(), withTable(3, std::nullopt));  // no maximum where one is declared
    expectIncompatible(module(), withTable(3, 11));            // maximum too large
    EXPECT_TRUE(instantiate(module(), withTable(3, 10)).ok());
    EXPECT_TRUE(instantiate(module(), withTable(2, 5)).ok());
    // A table of the wrong element type.
    auto values = imports();
    values.push_back(ExternValue::of(*store_.createTable({ValType::ExternRef, {4, 10}})));
    expectIncompatible(module(), values);
}

TEST_F(RuntimeInstance, TableImportUsesTheCurrentSize) {
    auto m = importModule(false, true);
    addImport(*m, tableImport("env", "table", 5, std::nullopt));
    Table* table = *store_.createTable({ValType::FuncRef, {1, std::nullopt}});
    auto values = imports();
    values.push_back(ExternValue::of(table));
    expectIncompatible(m, values);
    ASSERT_EQ(table->grow(4, nullptr), 1u);
    EXPECT_TRUE(instantiate(m, values).ok());
}

TEST_F(RuntimeInstance, MemoryImportLimits) {
    auto module = [] {
        auto m = importModule();
        addImport(*m, memoryImport("env", "memory", 1, 2));
        return m;
    };
    auto withMemory = [&](uint32_t min, std::optional<uint32_t> max) {
        auto values = imports();
        values.push_back(ExternValue::of(*store_.createMemory({{min, max}})));
        return values;
    };
    expectIncompatible(module(), withMemory(0, 2));
    expectIncompatible(module(), withMemory(1, std::nullopt));
    expectIncompatible(module(), withMemory(1, 3));
    EXPECT_TRUE(instantiate(module(), withMemory(1, 2)).ok());
    EXPECT_TRUE(instantiate(module(), withMemory(2, 2)).ok());
}

TEST_F(RuntimeInstance, GlobalImportTypeAndMutability) {
    auto module = [](ValType type, bool isMutable) {
        auto m = importModule(true, false);
        addImport(*m, globalImport("env", "g", type, isMutable));
        return m;
    };
    auto withGlobal = [&](ValType type, bool isMutable) {
        auto values = imports();
        values.push_back(ExternValue::of(store_.createGlobal({type, isMutable}, i32(0))));
        return values;
    };
    expectIncompatible(module(ValType::I32, false), withGlobal(ValType::I64, false));
    expectIncompatible(module(ValType::I32, false), withGlobal(ValType::I32, true));
    expectIncompatible(module(ValType::I32, true), withGlobal(ValType::I32, false));
    EXPECT_TRUE(instantiate(module(ValType::I32, true), withGlobal(ValType::I32, true)).ok());
}

TEST_F(RuntimeInstance, ElementSegmentOutOfBoundsKeepsEarlierWrites) {
    auto m = importModule(false, true);
    addImport(*m, tableImport("env", "table", 3, std::nullopt));
    addElem(*m, wasm::ElemSegment::Mode::Active, 0, {refFunc(imf::Twice)});
    addElem(*m, wasm::ElemSegment::Mode::Active, 2, {refFunc(imf::Twice), refFunc(imf::Twice)});  // 2 + 2 > 3
    Table* table = *store_.createTable({ValType::FuncRef, {3, std::nullopt}});
    auto values = imports();
    values.push_back(ExternValue::of(table));
    auto failed = instantiate(m, values);
    ASSERT_FALSE(failed.ok());
    EXPECT_EQ(failed.error().kind, Error::Kind::Trap);
    EXPECT_EQ(failed.error().message, "out of bounds table access");
    ASSERT_TRUE(failed.error().trap);
    EXPECT_EQ(failed.error().trap->code, TrapCode::OutOfBoundsTableAccess);
    // The first segment's write persists, and the failed instance's function stays callable
    // through the shared table.
    ASSERT_NE(table->get(0).value(), nullptr);
    EXPECT_EQ(table->get(2).value(), nullptr);
    auto user = importModule(false, true);
    addImport(*user, tableImport("env", "table", 3, std::nullopt));
    Instance* instance = instantiateOk(user, values);
    ASSERT_TRUE(instance);
    EXPECT_EQ(resultI32(instance->call("call_indirect", {i32(0), i32(8)})), 16u);
}

TEST_F(RuntimeInstance, ElementSegmentOffsetPastTheEndTrapsEvenWhenEmpty) {
    auto m = importModule();
    addElem(*m, wasm::ElemSegment::Mode::Active, 4, {});  // at the end: fine
    EXPECT_TRUE(instantiate(m, imports()).ok());
    auto past = importModule();
    addElem(*past, wasm::ElemSegment::Mode::Active, 5, {});
    auto failed = instantiate(past, imports());
    ASSERT_FALSE(failed.ok());
    EXPECT_EQ(failed.error().message, "out of bounds table access");
}

TEST_F(RuntimeInstance, DataSegmentOutOfBoundsKeepsEarlierWrites) {
    auto m = importModule();
    addImport(*m, memoryImport("env", "memory", 1, std::nullopt));
    addActiveData(*m, 0, "abc");
    addActiveData(*m, 65535, "xy");  // one byte past the end
    LinearMemory* memory = *store_.createMemory({{1, std::nullopt}});
    auto values = imports();
    values.push_back(ExternValue::of(memory));
    auto failed = instantiate(m, values);
    ASSERT_FALSE(failed.ok());
    EXPECT_EQ(failed.error().kind, Error::Kind::Trap);
    EXPECT_EQ(failed.error().message, "out of bounds memory access");
    EXPECT_EQ(std::memcmp(memory->base(), "abc", 3), 0);
    EXPECT_EQ(memory->base()[65535], 0);
}

TEST_F(RuntimeInstance, DataSegmentsFillDefinedMemories) {
    auto m = importModule();
    m->memories.push_back({{1, std::nullopt}});
    addActiveData(*m, 65533, "xyz");  // ends exactly at the end
    Instance* instance = instantiateOk(m, imports());
    ASSERT_TRUE(instance);
    EXPECT_EQ(std::memcmp(instance->memory(0)->base() + 65533, "xyz", 3), 0);
    EXPECT_TRUE(instance->dataSegment(0).empty());  // dropped
    EXPECT_EQ(instance->context()->memoryBase, instance->memory(0)->base());
}

TEST_F(RuntimeInstance, LinkerResolvesByModuleAndName) {
    Linker linker;
    linker.define("env", "host", host_->asExternValue());
    auto missing = linker.resolve(*importModule());
    ASSERT_FALSE(missing.ok());
    EXPECT_EQ(missing.error().kind, Error::Kind::Link);
    EXPECT_EQ(missing.error().message.rfind("unknown import", 0), 0u) << missing.error().message;
    EXPECT_NE(missing.error().message.find("\"env\" \"pair\""), std::string::npos);

    linker.define("env", "pair", pair_->asExternValue());
    auto resolved = linker.resolve(*importModule());
    ASSERT_TRUE(resolved.ok());
    Instance* first = instantiateOk(importModule(), *resolved);
    ASSERT_TRUE(first);

    // The spec's `register`: a second module imports the first one's exports by name.
    linker.defineInstance("first", *first);
    auto m = importModule(true, false);
    addImport(*m, globalImport("first", "global", ValType::I32, true));
    m->imports[0].module = "first";
    m->imports[0].name = "host_reexport";
    auto second = linker.resolve(*m);
    ASSERT_TRUE(second.ok()) << second.error().toString();
    Instance* instance = instantiateOk(m, *second);
    ASSERT_TRUE(instance);
    EXPECT_EQ(resultI32(instance->call("call_host", {i32(1)})), 101u);
    EXPECT_EQ(resultI32(instance->call("get_global0", {})), 7u);
}

TEST_F(RuntimeInstance, ImportedWasmFunctionsRunInTheirOwnInstance) {
    Instance* exporter = instantiateOk(importModule(), imports());
    ASSERT_TRUE(exporter);
    auto twice = exporter->exportNamed("twice");
    ASSERT_TRUE(twice);
    // twice has the host's type (i32)->(i32): a second instance imports it as env.host.
    auto values = imports();
    values[0] = *twice;
    Instance* importer = instantiateOk(importModule(), values);
    ASSERT_TRUE(importer);
    EXPECT_EQ(resultI32(importer->call("call_host", {i32(9)})), 18u);
    EXPECT_EQ(importer->context()->functions[0].ctx, exporter->context());
}

TEST_F(RuntimeInstance, CallOfAnUnknownExport) {
    Instance* instance = instantiateOk(importModule(), imports());
    ASSERT_TRUE(instance);
    CallResult missing = instance->call("nope", {});
    ASSERT_FALSE(missing.ok());
    EXPECT_EQ(missing.error().code, TrapCode::HostTrap);
    CallResult notAFunction = instance->call("table", {});
    ASSERT_FALSE(notAFunction.ok());
    EXPECT_NE(notAFunction.error().message.find("not a function"), std::string::npos);
}

}  // namespace
}  // namespace faaslet::runtime::test
