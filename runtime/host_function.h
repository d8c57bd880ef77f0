#pragma once
// Functions the host provides to WebAssembly: native code with the ABI calling convention
// (code(ctx, params...) returning the result; several results as a struct of them, C layout),
// so compiled code calls them through a FuncRef exactly like compiled functions, plus an entry
// thunk (abi::Thunk) so the runtime can call them too (a spec test invoking an export that
// re-exports an import, a table entry called from the host).
//
// Two ways to make one, both built on libffi so any signature works without templates:
// - create(type, callback): a C++ callback over abi::Values. libffi makes a native entry point
//   with the signature of `type` that unpacks the native arguments and calls the callback; the
//   thunk calls the callback directly.
// - fromNative(type, code): an existing native function that already follows the convention;
//   the thunk calls it through ffi_call.
//
// Traps: a callback returns a Trap to stop the wasm call that called it (or throws: a C++
// exception becomes a HostTrap — exceptions never cross compiled frames). The trampoline ends
// every C++ scope before it unwinds to the call's entry. v128 parameters and results are not
// supported (libffi has no vector type); create() reports that as an error.

#include <ffi.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <vector>

#include "abi/abi.h"
#include "wasm/module/types.h"
#include "runtime/error.h"
#include "runtime/extern_value.h"
#include "runtime/trap.h"

namespace faaslet::runtime {

class Instance;

// What a host function knows about its call.
struct HostCall {
    // The context the function runs with: the importing instance's (see ExternFunction::host), or
    // null when the runtime calls a host function that no instance imported.
    abi::InstanceContext* context = nullptr;

    // The instance of `context`, or null.
    Instance* instance() const;
    // Memory 0 of that instance, or null.
    LinearMemory* memory() const;
};

// Reads args (one per parameter), writes results (one per result); returns a trap to stop the
// calling wasm code, nullopt to return normally.
using HostCallback = std::function<std::optional<Trap>(HostCall& call, std::span<const abi::Value> args,
                                                       std::span<abi::Value> results)>;

class HostFunction {
public:
    static Result<std::unique_ptr<HostFunction>> create(wasm::FuncType type, HostCallback callback);
    static Result<std::unique_ptr<HostFunction>> fromNative(wasm::FuncType type, const void* code);
    ~HostFunction();
    HostFunction(const HostFunction&) = delete;
    HostFunction& operator=(const HostFunction&) = delete;

    const wasm::FuncType& type() const { return type_; }
    uint32_t typeId() const { return ref_.typeId; }
    // Its reference; ctx is null here (importers substitute their own, see ExternFunction::host).
    const abi::FuncRef& ref() const { return ref_; }
    abi::Thunk thunk() const { return thunk_; }
    ExternFunction asExtern() const { return {&ref_, thunk_, true}; }
    ExternValue asExternValue() const { return ExternValue::of(asExtern()); }

private:
    HostFunction() = default;
    Status prepare();

    // Called from the libffi trampolines; return false after storing a trap to unwind with.
    bool runFromNative(void* ret, void** ffiArgs);
    bool runFromThunk(void** ffiArgs);
    std::optional<Trap> invokeCallback(abi::InstanceContext* ctx, std::span<const abi::Value> args,
                                       std::span<abi::Value> results);
    static void nativeEntry(ffi_cif* cif, void* ret, void** args, void* self);
    static void thunkEntry(ffi_cif* cif, void* ret, void** args, void* self);

    wasm::FuncType type_;
    HostCallback callback_;  // empty for fromNative
    abi::FuncRef ref_{};
    abi::Thunk thunk_ = nullptr;

    // The native signature (ctx, params...) -> result or struct of results.
    std::vector<ffi_type*> argTypes_;
    std::vector<ffi_type*> resultElements_;
    ffi_type resultStruct_{};
    std::vector<size_t> resultOffsets_;
    ffi_cif nativeCif_{};

    ffi_closure* nativeClosure_ = nullptr;
    ffi_closure* thunkClosure_ = nullptr;
};

}  // namespace faaslet::runtime
