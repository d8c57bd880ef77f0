#pragma once
// Canonical signature ids: equal function types get equal ids, different types different ids.
// Compiled call_indirect compares the callee's FuncRef::typeId with ctx->typeIds[t], and import
// matching compares ids, so a type check is one integer comparison.
//
// One registry serves the whole process: a LoadedModule (shared by every instance and store that
// uses it) resolves its type ids once when it is loaded, and ids must agree across every instance
// that can exchange function references. Types are never removed (a few bytes each).

#include <cstdint>
#include <deque>
#include <memory>
#include <shared_mutex>
#include <unordered_map>

#include "wasm/module/types.h"

namespace faaslet::runtime {

class TypeRegistry {
public:
    // Ids start at 1: 0 never names a type, so a zeroed FuncRef never passes a type check.
    static constexpr uint32_t kInvalidId = 0;

    static TypeRegistry& process();

    TypeRegistry() = default;
    TypeRegistry(const TypeRegistry&) = delete;
    TypeRegistry& operator=(const TypeRegistry&) = delete;

    uint32_t intern(const wasm::FuncType& type);
    // The type of an id that intern() returned. The reference stays valid for the registry's life.
    const wasm::FuncType& type(uint32_t id) const;
    size_t size() const;

private:
    struct Hash {
        size_t operator()(const wasm::FuncType& type) const;
    };
    mutable std::shared_mutex mutex_;
    std::deque<wasm::FuncType> types_;  // id - 1 -> type; a deque keeps references stable
    std::unordered_map<wasm::FuncType, uint32_t, Hash> ids_;
};

}  // namespace faaslet::runtime
