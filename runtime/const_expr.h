#pragma once
// Evaluation of constant expressions at instantiation: global initialisers, segment offsets and
// element items. WebAssembly 2.0 allows t.const, ref.null, ref.func and global.get, the extended
// constant expressions proposal i32/i64 add, sub and mul; the module was validated, so anything
// else is reported as unsupported rather than trusted.

#include <cstdint>
#include <span>

#include "abi/abi.h"
#include "wasm/module/module.h"
#include "runtime/error.h"

namespace faaslet::runtime {

struct ConstExprEnvironment {
    std::span<abi::Value* const> globals;  // the globals initialised so far (imports first)
    std::span<abi::FuncRef> functions;     // the instance's function index space: ref.func i = &functions[i]
};

Result<abi::Value> evaluateConstExpr(const wasm::ConstExpr& expr, const ConstExprEnvironment& env);

}  // namespace faaslet::runtime
