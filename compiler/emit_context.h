#pragma once
// What every lowering step of one module shares: the LLVM context and module, the WebAssembly
// module, the LLVM types of WebAssembly values and functions, and typed access to the fields of
// abi::InstanceContext.

#include <string>
#include <vector>

#include "abi/abi.h"
#include "compiler/compiler.h"
#include "wasm/module/module.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/Module.h"

namespace faaslet::compiler {

// Thrown while lowering; compile() turns it into an error value.
struct CompileError {
    std::string message;
    bool unsupported = false;
};

struct EmitContext {
    EmitContext(llvm::LLVMContext& llvm, llvm::Module& ir, const wasm::Module& wasm,
                const CompileOptions& options);

    llvm::LLVMContext& llvm;
    llvm::Module& ir;
    const wasm::Module& wasm;
    const CompileOptions& options;

    llvm::Type* i8;
    llvm::Type* i32;
    llvm::Type* i64;
    llvm::Type* f32;
    llvm::Type* f64;
    llvm::PointerType* ptr;
    llvm::Type* voidType;
    llvm::Type* v128;  // <2 x i64>, see simd_ops.h

    llvm::Type* type(wasm::ValType t) const;
    // The native signature of a function of type `t`: (ctx, params...) -> result, a struct of
    // results, or void.
    llvm::FunctionType* functionType(const wasm::FuncType& t) const;
    llvm::Constant* zero(wasm::ValType t) const;

    // Defined functions, in definition order (faaslet_func_<index>).
    std::vector<llvm::Function*> functions;
    llvm::MDNode* coldWeights;  // branch weights that mark a trap edge as almost never taken
    llvm::MDNode* invariant;    // !invariant.load for context fields that never change in a call
    // Type-based alias tags for the disjoint kinds of memory compiled code touches, so that a store
    // to linear memory is known not to change a table's size, a global or the context.
    llvm::MDNode* linearMemoryTag;
    llvm::MDNode* contextTag;  // the context and the runtime structures it points to
    llvm::MDNode* globalTag;
    llvm::MDNode* tableTag;  // table elements
    llvm::Function* trapProbe;  // see trap_probes.h
};

// Typed loads of abi::InstanceContext fields and of the structures it points to.
class ContextAccess {
public:
    ContextAccess(const EmitContext& ec, llvm::IRBuilder<>& b, llvm::Value* ctx) : ec_(ec), b_(b), ctx_(ctx) {}

    llvm::Value* ctx() const { return ctx_; }
    // A pointer-sized field at `offset` of the context; `invariant` for fields no call changes.
    llvm::Value* loadField(size_t offset, bool invariant) const;
    llvm::Value* loadPtr(llvm::Value* base, size_t offset, bool invariant) const;
    llvm::Value* loadI32(llvm::Value* base, size_t offset, bool invariant) const;
    llvm::Value* loadI64(llvm::Value* base, size_t offset, bool invariant) const;
    llvm::Value* byteOffset(llvm::Value* base, llvm::Value* offset) const;
    llvm::Value* byteOffset(llvm::Value* base, uint64_t offset) const;

    // The runtime function at `offset` of abi::RuntimeFunctions.
    llvm::Value* runtimeFunction(size_t offset) const;

private:
    const EmitContext& ec_;
    llvm::IRBuilder<>& b_;
    llvm::Value* ctx_;
};

}  // namespace faaslet::compiler
