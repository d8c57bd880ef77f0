// Calls: direct calls to the module's own functions, calls to imports through their FuncRef, and
// call_indirect with its table bounds, null and signature checks.

#include "compiler/function_emitter.h"

namespace faaslet::compiler {

using wasm::Opcode;

void FunctionEmitter::callWithResults(llvm::FunctionType* type, llvm::Value* callee, llvm::Value* calleeCtx,
                                              const wasm::FuncType& wasmType) {
    std::vector<llvm::Value*> args = popN(wasmType.params.size());
    args.insert(args.begin(), calleeCtx);
    llvm::CallInst* result = b_.CreateCall(type, callee, args);
    if (wasmType.results.size() == 1) {
        push(result);
    } else {
        for (unsigned i = 0; i < wasmType.results.size(); ++i) push(b_.CreateExtractValue(result, i));
    }
}

void FunctionEmitter::call(const wasm::Instruction& ins) {
    if (ins.op == Opcode::Call) {
        const wasm::FuncType& type = ec_.wasm.funcType(ins.a);
        if (ins.a >= ec_.wasm.importedFunctions) {
            llvm::Function* callee = ec_.functions[ins.a - ec_.wasm.importedFunctions];
            callWithResults(callee->getFunctionType(), callee, ctx_.ctx(), type);
            return;
        }
        // An import runs with the context its FuncRef names (its own instance's, or for host
        // functions the importer's).
        llvm::Value* functions = ctx_.loadField(offsetof(abi::InstanceContext, functions), true);
        llvm::Value* ref = ctx_.byteOffset(functions, uint64_t(ins.a) * sizeof(abi::FuncRef));
        llvm::Value* code = ctx_.loadPtr(ref, offsetof(abi::FuncRef, code), true);
        llvm::Value* calleeCtx = ctx_.loadPtr(ref, offsetof(abi::FuncRef, ctx), true);
        callWithResults(ec_.functionType(type), code, calleeCtx, type);
        return;
    }

    // call_indirect: a = type index, b = table index.
    const wasm::FuncType& type = ec_.wasm.types[ins.a];
    llvm::Value* index = pop();
    llvm::Value* table = tableStruct(ins.b);
    llvm::Value* size = ctx_.loadI32(table, offsetof(abi::Table, size), false);
    trapIf(b_.CreateICmpUGE(index, size), abi::TrapCode::UndefinedElement);
    llvm::Value* elements = ctx_.loadPtr(table, offsetof(abi::Table, elements), false);
    llvm::LoadInst* ref = b_.CreateAlignedLoad(
        ec_.ptr, b_.CreateGEP(ec_.ptr, elements, b_.CreateZExt(index, ec_.i64)), llvm::Align(8));
    ref->setMetadata(llvm::LLVMContext::MD_tbaa, ec_.tableTag);
    trapIf(b_.CreateIsNull(ref), abi::TrapCode::UninitializedElement);
    llvm::Value* typeIds = ctx_.loadField(offsetof(abi::InstanceContext, typeIds), true);
    llvm::Value* expected = ctx_.loadI32(typeIds, size_t(ins.a) * sizeof(uint32_t), true);
    llvm::Value* actual = ctx_.loadI32(ref, offsetof(abi::FuncRef, typeId), false);
    trapIf(b_.CreateICmpNE(expected, actual), abi::TrapCode::IndirectCallTypeMismatch);
    llvm::Value* code = ctx_.loadPtr(ref, offsetof(abi::FuncRef, code), false);
    llvm::Value* calleeCtx = ctx_.loadPtr(ref, offsetof(abi::FuncRef, ctx), false);
    callWithResults(ec_.functionType(type), code, calleeCtx, type);
}

}  // namespace faaslet::compiler
