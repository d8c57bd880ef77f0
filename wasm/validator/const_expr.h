#pragma once
// Constant expressions (global initializers, segment offsets, element items) under the
// WebAssembly 2.0 rules and the extended constant expressions proposal: t.const, v128.const,
// ref.null, ref.func, global.get of an imported immutable global, and i32/i64 add, sub and mul,
// ending in `end`, producing exactly one value of the expected type.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "wasm/module/module.h"
#include "wasm/validator/context.h"

namespace faaslet::wasm {

// Where a constant expression sits, for messages: "initializer of global 3", "item 1 of element
// segment 2". Named lazily, so validating allocates nothing unless it fails.
struct ConstExprSite {
    const char* what;  // "initializer of global", "offset of data segment", "element segment", ...
    uint32_t index;
    std::optional<uint32_t> item;  // element segment items
    std::string describe() const;
};

// Throws ModuleError (Invalid) when `expr` is not a constant expression of type `expected`.
void validateConstExpr(const ValidationContext& context, const ConstExpr& expr, ValType expected,
                       std::string_view section, const ConstExprSite& site);

}  // namespace faaslet::wasm
