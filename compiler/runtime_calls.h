#pragma once
// Calls of the runtime functions (abi::RuntimeFunctions) from compiled code. Their LLVM types are
// derived from the one declaration in abi/abi.h, the struct's function-pointer types, so compiled
// code and runtime cannot disagree on a signature: a call whose arguments do not fit the
// declaration fails LLVM's verifier instead of calling with the wrong shape.

#include <cstdint>
#include <type_traits>

#include "abi/abi.h"
#include "compiler/emit_context.h"

namespace faaslet::compiler {

// The LLVM type of a C type that crosses the runtime-function boundary.
template <class T>
llvm::Type* runtimeTypeOf(const EmitContext& ec) {
    if constexpr (std::is_void_v<T>) {
        return ec.voidType;
    } else if constexpr (std::is_pointer_v<T>) {
        return ec.ptr;
    } else {
        static_assert(sizeof(T) == 4 && (std::is_integral_v<T> || std::is_enum_v<T>),
                      "runtime functions take and return pointers and 32-bit integers only");
        return ec.i32;
    }
}

template <class R, class... Args>
llvm::FunctionType* runtimeFunctionType(const EmitContext& ec, R (*)(Args...)) {
    return llvm::FunctionType::get(runtimeTypeOf<R>(ec), {runtimeTypeOf<Args>(ec)...}, false);
}

// The type of the runtime function `member` of abi::RuntimeFunctions (its first parameter is the
// instance context).
#define FAASLET_RUNTIME_FUNCTION(ec, member) \
    offsetof(abi::RuntimeFunctions, member), \
        runtimeFunctionType(ec, static_cast<decltype(abi::RuntimeFunctions::member)>(nullptr))

}  // namespace faaslet::compiler
