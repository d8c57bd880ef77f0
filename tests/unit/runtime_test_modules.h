#pragma once
// Hand-built module metadata for the runtime's fixture objects (tests/unit/runtime_fixtures): the
// wasm::Module a compiled object would be paired with, filled in directly, so the runtime's tests
// need neither the decoder nor the compiler.

#include <gtest/gtest.h>

#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "wasm/module/module.h"
#include "runtime/loaded_module.h"

namespace faaslet::runtime::test {

using wasm::ValType;

inline std::string fixturePath(const std::string& name) {
    return std::string(FAASLET_RUNTIME_FIXTURE_DIR) + "/" + name + ".so";
}

inline wasm::FuncType funcType(std::vector<ValType> params, std::vector<ValType> results) {
    return wasm::FuncType{std::move(params), std::move(results)};
}

inline wasm::Instruction instruction(wasm::Opcode op) {
    wasm::Instruction in;
    in.op = op;
    return in;
}

inline wasm::ConstExpr constExpr(wasm::Instruction in) {
    wasm::ConstExpr expr;
    expr.code = {in, instruction(wasm::Opcode::End)};
    return expr;
}

inline wasm::ConstExpr i32Const(uint32_t value) {
    wasm::Instruction in = instruction(wasm::Opcode::I32Const);
    in.bits = uint64_t(int64_t(int32_t(value)));
    return constExpr(in);
}

inline wasm::ConstExpr refFunc(uint32_t index) {
    wasm::Instruction in = instruction(wasm::Opcode::RefFunc);
    in.a = index;
    return constExpr(in);
}

inline wasm::ConstExpr refNull(ValType type = ValType::FuncRef) {
    wasm::Instruction in = instruction(wasm::Opcode::RefNull);
    in.type = type;
    return constExpr(in);
}

inline wasm::ConstExpr globalGet(uint32_t index) {
    wasm::Instruction in = instruction(wasm::Opcode::GlobalGet);
    in.a = index;
    return constExpr(in);
}

inline void addFunction(wasm::Module& m, uint32_t type, const std::string& name) {
    uint32_t index = m.functionCount();
    m.functions.push_back(type);
    m.exports.push_back({name, wasm::ExternKind::Func, index});
    m.names.functions[index] = name;
}

// Appends an import and keeps the index-space counts in step.
inline void addImport(wasm::Module& m, wasm::Import import) {
    switch (import.kind) {
        case wasm::ExternKind::Func: ++m.importedFunctions; break;
        case wasm::ExternKind::Table: ++m.importedTables; break;
        case wasm::ExternKind::Memory: ++m.importedMemories; break;
        case wasm::ExternKind::Global: ++m.importedGlobals; break;
    }
    m.imports.push_back(std::move(import));
}

inline wasm::Import funcImport(std::string module, std::string name, uint32_t type) {
    wasm::Import import;
    import.module = std::move(module);
    import.name = std::move(name);
    import.kind = wasm::ExternKind::Func;
    import.funcType = type;
    return import;
}

inline wasm::Import tableImport(std::string module, std::string name, uint32_t min,
                                std::optional<uint32_t> max) {
    wasm::Import import;
    import.module = std::move(module);
    import.name = std::move(name);
    import.kind = wasm::ExternKind::Table;
    import.table = {ValType::FuncRef, { min, max }};
    return import;
}

inline wasm::Import memoryImport(std::string module, std::string name, uint32_t min,
                                 std::optional<uint32_t> max) {
    wasm::Import import;
    import.module = std::move(module);
    import.name = std::move(name);
    import.kind = wasm::ExternKind::Memory;
    import.memory = {{ min, max }};
    return import;
}

inline wasm::Import globalImport(std::string module, std::string name, ValType type, bool isMutable) {
    wasm::Import import;
    import.module = std::move(module);
    import.name = std::move(name);
    import.kind = wasm::ExternKind::Global;
    import.global = {type, isMutable};
    return import;
}

// Appends `bytes` to the module binary and an active data segment over them.
inline void addActiveData(wasm::Module& m, uint32_t offset, const std::string& bytes) {
    wasm::DataSegment segment;
    segment.mode = wasm::DataSegment::Mode::Active;
    segment.offset = i32Const(offset);
    segment.bytes.begin = m.bytes.size();
    m.bytes.insert(m.bytes.end(), bytes.begin(), bytes.end());
    segment.bytes.end = m.bytes.size();
    m.data.push_back(std::move(segment));
}

inline void addElem(wasm::Module& m, wasm::ElemSegment::Mode mode, uint32_t offset,
                    std::vector<wasm::ConstExpr> items, uint32_t table = 0) {
    wasm::ElemSegment segment;
    segment.mode = mode;
    segment.table = table;
    if (mode == wasm::ElemSegment::Mode::Active) segment.offset = i32Const(offset);
    segment.items = std::move(items);
    m.elems.push_back(std::move(segment));
}

// memory_fixture.so: see the function list in runtime_fixtures/memory_fixture.cpp.
namespace memory_fixture {
enum Function : uint32_t {
    Load32,
    Load32Far,
    Load32Max,
    Store32,
    Raise,
    Recurse,
    Spin,
    Grow,
    Size,
    Div,
    Unreachable,
    FacTrap,
    DeepOob,
    Fill,
    Start,
};
}  // namespace memory_fixture

inline std::shared_ptr<wasm::Module> memoryModule(uint32_t minPages = 1,
                                                  std::optional<uint32_t> maxPages = 4) {
    auto m = std::make_shared<wasm::Module>();
    const ValType i32 = ValType::I32;
    m->types = {funcType({i32}, {i32}),       funcType({i32, i32}, {}),    funcType({}, {}),
                funcType({}, {i32}),          funcType({i32, i32}, {i32}), funcType({i32}, {}),
                funcType({i32, i32, i32}, {})};
    const std::pair<uint32_t, const char*> functions[] = {
        {0, "load32"},      {0, "load32_far"}, {0, "load32_max"}, {1, "store32"}, {5, "raise"},
        {0, "recurse"},     {2, "spin"},       {0, "grow"},       {3, "size"},    {4, "div"},
        {2, "unreachable"}, {0, "fac_trap"},   {0, "deep_oob"},   {6, "fill"},    {2, "start"},
    };
    for (auto [type, name] : functions) addFunction(*m, type, name);
    m->memories.push_back({{minPages, maxPages}});
    m->exports.push_back({"memory", wasm::ExternKind::Memory, 0});
    m->names.valid = true;
    return m;
}

// import_fixture.so: see runtime_fixtures/import_fixture.cpp. Imports env.host (i32)->(i32) and
// env.pair (i32)->(i32,i64); defines table 0 (funcref, 4 elements) and global 0 (i32 = 7) unless a
// test replaces them with imports.
namespace import_fixture {
enum Function : uint32_t { Host, Pair, CallHost, CallIndirect, Twice, GetGlobal0, CallPair, Fail };
enum Type : uint32_t { I32ToI32, I32I32ToI32, Nothing, ToI32, I32ToPair };
}  // namespace import_fixture

inline std::shared_ptr<wasm::Module> importModule(bool defineTable = true, bool defineGlobal = true) {
    auto m = std::make_shared<wasm::Module>();
    const ValType i32 = ValType::I32;
    m->types = {funcType({i32}, {i32}), funcType({i32, i32}, {i32}), funcType({}, {}), funcType({}, {i32}),
                funcType({i32}, {i32, ValType::I64})};
    addImport(*m, funcImport("env", "host", 0));
    addImport(*m, funcImport("env", "pair", 4));
    const std::pair<uint32_t, const char*> functions[] = {
        {0, "call_host"},   {1, "call_indirect"}, {0, "twice"},
        {3, "get_global0"}, {0, "call_pair"},     {0, "fail"},
    };
    for (auto [type, name] : functions) addFunction(*m, type, name);
    m->exports.push_back({"host_reexport", wasm::ExternKind::Func, 0});
    if (defineTable) {
        m->tables.push_back({ValType::FuncRef, {4, std::nullopt}});
        m->exports.push_back({"table", wasm::ExternKind::Table, 0});
    }
    if (defineGlobal) {
        m->globals.push_back({{i32, true}, i32Const(7)});
        m->exports.push_back({"global", wasm::ExternKind::Global, 0});
    }
    m->names.valid = true;
    return m;
}

inline std::shared_ptr<const LoadedModule> load(const std::string& fixture,
                                                std::shared_ptr<wasm::Module> module) {
    auto loaded = LoadedModule::load(fixturePath(fixture), std::move(module));
    EXPECT_TRUE(loaded.ok()) << (loaded.ok() ? "" : loaded.error().toString());
    return loaded.ok() ? *loaded : nullptr;
}

inline abi::Value i32(uint32_t v) {
    abi::Value value{};
    value.i32 = v;
    return value;
}

}  // namespace faaslet::runtime::test
