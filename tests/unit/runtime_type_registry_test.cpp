// Canonical signature ids.

#include <gtest/gtest.h>

#include <set>

#include "runtime/type_registry.h"

namespace faaslet::runtime {
namespace {

using wasm::ValType;

TEST(RuntimeTypeRegistry, EqualTypesShareAnId) {
    TypeRegistry registry;
    uint32_t a = registry.intern({{ValType::I32, ValType::I64}, {ValType::F32}});
    uint32_t b = registry.intern({{ValType::I32, ValType::I64}, {ValType::F32}});
    EXPECT_EQ(a, b);
    EXPECT_NE(a, TypeRegistry::kInvalidId);
    EXPECT_EQ(registry.size(), 1u);
    EXPECT_EQ(registry.type(a), (wasm::FuncType{{ValType::I32, ValType::I64}, {ValType::F32}}));
}

TEST(RuntimeTypeRegistry, DifferentTypesGetDifferentIds) {
    TypeRegistry registry;
    const wasm::FuncType types[] = {
        {{}, {}},
        {{ValType::I32}, {}},
        {{}, {ValType::I32}},  // same value types as the previous one, other side of the arrow
        {{ValType::I32, ValType::I32}, {}},
        {{ValType::FuncRef}, {}},
        {{ValType::ExternRef}, {}},
        {{ValType::V128}, {ValType::I64, ValType::F64}},
    };
    std::set<uint32_t> ids;
    for (const auto& type : types) ids.insert(registry.intern(type));
    EXPECT_EQ(ids.size(), std::size(types));
    for (const auto& type : types) EXPECT_EQ(registry.type(registry.intern(type)), type);
}

TEST(RuntimeTypeRegistry, TheProcessRegistryIsShared) {
    uint32_t id = TypeRegistry::process().intern({{ValType::F64}, {ValType::F64}});
    EXPECT_EQ(TypeRegistry::process().intern({{ValType::F64}, {ValType::F64}}), id);
}

}  // namespace
}  // namespace faaslet::runtime
