#include "runtime/host_function.h"

#include <alloca.h>

#include <cstring>
#include <exception>

#include "runtime/instance.h"
#include "runtime/thread_state.h"
#include "runtime/type_registry.h"

namespace faaslet::runtime {

namespace {

ffi_type* ffiTypeOf(wasm::ValType type) {
    switch (type) {
        case wasm::ValType::I32: return &ffi_type_sint32;
        case wasm::ValType::I64: return &ffi_type_sint64;
        case wasm::ValType::F32: return &ffi_type_float;
        case wasm::ValType::F64: return &ffi_type_double;
        case wasm::ValType::FuncRef:
        case wasm::ValType::ExternRef: return &ffi_type_pointer;
        case wasm::ValType::V128: return nullptr;
    }
    return nullptr;
}

// Bytes of a value of `type` as the native convention holds it (the low bytes of an abi::Value).
size_t widthOf(wasm::ValType type) {
    switch (type) {
        case wasm::ValType::I32:
        case wasm::ValType::F32: return 4;
        default: return 8;
    }
}

// abi::Thunk's signature: (const void* code, InstanceContext* ctx, const Value* args, Value* results).
ffi_cif* thunkCif() {
    static ffi_type* args[4] = {&ffi_type_pointer, &ffi_type_pointer, &ffi_type_pointer, &ffi_type_pointer};
    static ffi_cif cif = [] {
        ffi_cif c;
        ffi_prep_cif(&c, FFI_DEFAULT_ABI, 4, &ffi_type_void, args);
        return c;
    }();
    return &cif;
}

// Small argument lists (nearly all) live on the stack.
constexpr size_t kInlineValues = 8;

}  // namespace

Instance* HostCall::instance() const {
    return context ? Instance::fromContext(context) : nullptr;
}

LinearMemory* HostCall::memory() const {
    Instance* inst = instance();
    return inst && inst->memoryCount() > 0 ? inst->memory(0) : nullptr;
}

Result<std::unique_ptr<HostFunction>> HostFunction::create(wasm::FuncType type, HostCallback callback) {
    if (!callback) return Error::unsupported("a host function needs a callback");
    std::unique_ptr<HostFunction> function(new HostFunction());
    function->type_ = std::move(type);
    function->callback_ = std::move(callback);
    if (Status status = function->prepare(); !status) return status.error();
    return function;
}

Result<std::unique_ptr<HostFunction>> HostFunction::fromNative(wasm::FuncType type, const void* code) {
    if (!code) return Error::unsupported("a native host function needs code");
    std::unique_ptr<HostFunction> function(new HostFunction());
    function->type_ = std::move(type);
    function->ref_.code = code;
    if (Status status = function->prepare(); !status) return status.error();
    return function;
}

Status HostFunction::prepare() {
    const std::string signature = wasm::toString(type_);
    argTypes_.push_back(&ffi_type_pointer);  // the InstanceContext*
    for (auto t : type_.params) {
        ffi_type* ft = ffiTypeOf(t);
        if (!ft)
            return Error::unsupported("host function " + signature + ": v128 parameters are not supported");
        argTypes_.push_back(ft);
    }
    ffi_type* resultType = &ffi_type_void;
    for (auto t : type_.results) {
        ffi_type* ft = ffiTypeOf(t);
        if (!ft) return Error::unsupported("host function " + signature + ": v128 results are not supported");
        resultElements_.push_back(ft);
    }
    if (resultElements_.size() == 1) {
        resultType = resultElements_[0];
    } else if (resultElements_.size() > 1) {
        resultElements_.push_back(nullptr);
        resultStruct_.size = 0;
        resultStruct_.alignment = 0;
        resultStruct_.type = FFI_TYPE_STRUCT;
        resultStruct_.elements = resultElements_.data();
        resultType = &resultStruct_;
    }
    if (ffi_prep_cif(&nativeCif_, FFI_DEFAULT_ABI, unsigned(argTypes_.size()), resultType,
                     argTypes_.data()) != FFI_OK) {
        return Error::unsupported("host function " + signature + ": libffi cannot describe the signature");
    }
    if (type_.results.size() > 1) {
        resultOffsets_.resize(type_.results.size());
        ffi_get_struct_offsets(FFI_DEFAULT_ABI, &resultStruct_, resultOffsets_.data());
    }

    void* thunkCode = nullptr;
    thunkClosure_ = static_cast<ffi_closure*>(ffi_closure_alloc(sizeof(ffi_closure), &thunkCode));
    if (!thunkClosure_ ||
        ffi_prep_closure_loc(thunkClosure_, thunkCif(), thunkEntry, this, thunkCode) != FFI_OK) {
        return Error::resource("host function " + signature + ": cannot allocate a libffi closure");
    }
    thunk_ = reinterpret_cast<abi::Thunk>(thunkCode);
    if (callback_) {
        void* nativeCode = nullptr;
        nativeClosure_ = static_cast<ffi_closure*>(ffi_closure_alloc(sizeof(ffi_closure), &nativeCode));
        if (!nativeClosure_ ||
            ffi_prep_closure_loc(nativeClosure_, &nativeCif_, nativeEntry, this, nativeCode) != FFI_OK) {
            return Error::resource("host function " + signature + ": cannot allocate a libffi closure");
        }
        ref_.code = nativeCode;
    }
    ref_.ctx = nullptr;
    ref_.typeId = TypeRegistry::process().intern(type_);
    return {};
}

HostFunction::~HostFunction() {
    if (nativeClosure_) ffi_closure_free(nativeClosure_);
    if (thunkClosure_) ffi_closure_free(thunkClosure_);
}

std::optional<Trap> HostFunction::invokeCallback(abi::InstanceContext* ctx, std::span<const abi::Value> args,
                                                 std::span<abi::Value> results) {
    try {
        HostCall call{ctx};
        return callback_(call, args, results);
    } catch (const std::exception& e) {
        return Trap::of(abi::TrapCode::HostTrap, std::string("host function threw: ") + e.what());
    } catch (...) {
        return Trap::of(abi::TrapCode::HostTrap, "host function threw a non-standard exception");
    }
}

bool HostFunction::runFromNative(void* ret, void** ffiArgs) {
    abi::InstanceContext* ctx = *static_cast<abi::InstanceContext**>(ffiArgs[0]);
    const size_t paramCount = type_.params.size();
    const size_t resultCount = type_.results.size();
    abi::Value inlineArgs[kInlineValues];
    abi::Value inlineResults[kInlineValues];
    std::vector<abi::Value> heapArgs, heapResults;
    abi::Value* args = inlineArgs;
    abi::Value* results = inlineResults;
    if (paramCount > kInlineValues) args = (heapArgs.resize(paramCount), heapArgs.data());
    if (resultCount > kInlineValues) results = (heapResults.resize(resultCount), heapResults.data());
    for (size_t i = 0; i < paramCount; ++i) {
        args[i] = abi::Value{};
        std::memcpy(&args[i], ffiArgs[i + 1], widthOf(type_.params[i]));
    }
    for (size_t i = 0; i < resultCount; ++i) results[i] = abi::Value{};

    std::optional<Trap> trap = invokeCallback(ctx, {args, paramCount}, {results, resultCount});
    if (trap) {
        detail::setHostTrap(std::move(*trap));
        return false;
    }
    if (resultCount == 1) {
        if (type_.results[0] == wasm::ValType::I32) {
            // libffi returns integers narrower than a register widened to ffi_arg.
            *static_cast<ffi_sarg*>(ret) = int32_t(results[0].i32);
        } else {
            std::memcpy(ret, &results[0], widthOf(type_.results[0]));
        }
    } else {
        for (size_t i = 0; i < resultCount; ++i) {
            std::memcpy(static_cast<char*>(ret) + resultOffsets_[i], &results[i], widthOf(type_.results[i]));
        }
    }
    return true;
}

bool HostFunction::runFromThunk(void** ffiArgs) {
    const void* code = *static_cast<const void**>(ffiArgs[0]);
    abi::InstanceContext* ctx = *static_cast<abi::InstanceContext**>(ffiArgs[1]);
    const abi::Value* args = *static_cast<const abi::Value**>(ffiArgs[2]);
    abi::Value* results = *static_cast<abi::Value**>(ffiArgs[3]);
    const size_t paramCount = type_.params.size();
    const size_t resultCount = type_.results.size();
    if (callback_) {
        std::optional<Trap> trap = invokeCallback(ctx, {args, paramCount}, {results, resultCount});
        if (trap) {
            detail::setHostTrap(std::move(*trap));
            return false;
        }
        return true;
    }
    // A native function: nothing in this frame may need destruction, since the function may trap
    // (RuntimeFunctions::trap unwinds straight through ffi_call).
    void** argPointers = static_cast<void**>(alloca((paramCount + 1) * sizeof(void*)));
    argPointers[0] = &ctx;
    for (size_t i = 0; i < paramCount; ++i) argPointers[i + 1] = const_cast<abi::Value*>(&args[i]);
    const size_t returnSize = std::max<size_t>(nativeCif_.rtype->size, sizeof(abi::Value));
    auto* returned = static_cast<unsigned char*>(alloca(returnSize + 16));
    returned = reinterpret_cast<unsigned char*>((uintptr_t(returned) + 15) & ~uintptr_t(15));
    ffi_call(&nativeCif_, FFI_FN(code), returned, argPointers);
    for (size_t i = 0; i < resultCount; ++i) {
        results[i] = abi::Value{};
        size_t offset = resultCount == 1 ? 0 : resultOffsets_[i];
        std::memcpy(&results[i], returned + offset, widthOf(type_.results[i]));
    }
    return true;
}

void HostFunction::nativeEntry(ffi_cif*, void* ret, void** args, void* self) {
    if (!static_cast<HostFunction*>(self)->runFromNative(ret, args)) detail::unwindToEntry();
}

void HostFunction::thunkEntry(ffi_cif*, void*, void** args, void* self) {
    if (!static_cast<HostFunction*>(self)->runFromThunk(args)) detail::unwindToEntry();
}

}  // namespace faaslet::runtime
