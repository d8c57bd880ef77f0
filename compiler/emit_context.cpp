#include "compiler/emit_context.h"

#include "compiler/simd_ops.h"
#include "compiler/trap_probes.h"
#include "llvm/IR/MDBuilder.h"

namespace faaslet::compiler {

EmitContext::EmitContext(llvm::LLVMContext& llvm, llvm::Module& ir, const wasm::Module& wasm,
                         const CompileOptions& options)
    : llvm(llvm), ir(ir), wasm(wasm), options(options) {
    i8 = llvm::Type::getInt8Ty(llvm);
    i32 = llvm::Type::getInt32Ty(llvm);
    i64 = llvm::Type::getInt64Ty(llvm);
    f32 = llvm::Type::getFloatTy(llvm);
    f64 = llvm::Type::getDoubleTy(llvm);
    ptr = llvm::PointerType::get(llvm, 0);
    voidType = llvm::Type::getVoidTy(llvm);
    v128 = v128Type(llvm);
    llvm::MDBuilder md(llvm);
    coldWeights = md.createBranchWeights(1, 1 << 20);
    invariant = llvm::MDNode::get(llvm, {});
    llvm::MDNode* root = md.createTBAARoot("faaslet");
    auto tag = [&](const char* name) {
        llvm::MDNode* type = md.createTBAAScalarTypeNode(name, root);
        return md.createTBAAStructTagNode(type, type, 0);
    };
    linearMemoryTag = tag("wasm linear memory");
    contextTag = tag("faaslet context");
    globalTag = tag("wasm global");
    tableTag = tag("wasm table element");
    trapProbe = declareTrapProbe(ir);
}

llvm::Type* EmitContext::type(wasm::ValType t) const {
    switch (t) {
        case wasm::ValType::I32: return i32;
        case wasm::ValType::I64: return i64;
        case wasm::ValType::F32: return f32;
        case wasm::ValType::F64: return f64;
        case wasm::ValType::FuncRef:
        case wasm::ValType::ExternRef: return ptr;
        case wasm::ValType::V128: return v128;
    }
    throw CompileError{"unknown value type"};
}

llvm::FunctionType* EmitContext::functionType(const wasm::FuncType& t) const {
    std::vector<llvm::Type*> params{ptr};
    for (auto p : t.params) params.push_back(type(p));
    llvm::Type* result = voidType;
    if (t.results.size() == 1) {
        result = type(t.results[0]);
    } else if (t.results.size() > 1) {
        std::vector<llvm::Type*> fields;
        for (auto r : t.results) fields.push_back(type(r));
        result = llvm::StructType::get(llvm, fields);
    }
    return llvm::FunctionType::get(result, params, false);
}

llvm::Constant* EmitContext::zero(wasm::ValType t) const { return llvm::Constant::getNullValue(type(t)); }

llvm::Value* ContextAccess::byteOffset(llvm::Value* base, llvm::Value* offset) const {
    return b_.CreateGEP(ec_.i8, base, offset);
}

llvm::Value* ContextAccess::byteOffset(llvm::Value* base, uint64_t offset) const {
    return offset ? b_.CreateConstGEP1_64(ec_.i8, base, offset) : base;
}

namespace {

llvm::Value* markLoad(llvm::LoadInst* load, const EmitContext& ec, bool invariant) {
    load->setMetadata(llvm::LLVMContext::MD_tbaa, ec.contextTag);
    if (invariant) load->setMetadata(llvm::LLVMContext::MD_invariant_load, ec.invariant);
    return load;
}

}  // namespace

llvm::Value* ContextAccess::loadPtr(llvm::Value* base, size_t offset, bool invariant) const {
    return markLoad(b_.CreateAlignedLoad(ec_.ptr, byteOffset(base, offset), llvm::Align(8)), ec_, invariant);
}

llvm::Value* ContextAccess::loadI32(llvm::Value* base, size_t offset, bool invariant) const {
    return markLoad(b_.CreateAlignedLoad(ec_.i32, byteOffset(base, offset), llvm::Align(4)), ec_, invariant);
}

llvm::Value* ContextAccess::loadI64(llvm::Value* base, size_t offset, bool invariant) const {
    return markLoad(b_.CreateAlignedLoad(ec_.i64, byteOffset(base, offset), llvm::Align(8)), ec_, invariant);
}

llvm::Value* ContextAccess::loadField(size_t offset, bool invariant) const { return loadPtr(ctx_, offset, invariant); }

llvm::Value* ContextAccess::runtimeFunction(size_t offset) const {
    llvm::Value* runtime = loadField(offsetof(abi::InstanceContext, runtime), true);
    return loadPtr(runtime, offset, true);
}

}  // namespace faaslet::compiler
