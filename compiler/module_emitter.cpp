#include "compiler/module_emitter.h"

#include <string>

#include "compiler/function_emitter.h"

namespace faaslet::compiler {

namespace {

// thunk(code, ctx, args, results): unpacks abi::Values, calls, packs the results.
llvm::Function* emitThunk(EmitContext& ec, uint32_t typeIndex) {
    const wasm::FuncType& type = ec.wasm.types[typeIndex];
    auto* thunkType = llvm::FunctionType::get(ec.voidType, {ec.ptr, ec.ptr, ec.ptr, ec.ptr}, false);
    auto* thunk = llvm::Function::Create(thunkType, llvm::GlobalValue::ExternalLinkage,
                                         std::string(abi::kThunkSymbolPrefix) + std::to_string(typeIndex), ec.ir);
    thunk->setVisibility(llvm::GlobalValue::ProtectedVisibility);
    setCodeAttributes(thunk);
    llvm::IRBuilder<> b(llvm::BasicBlock::Create(ec.llvm, "entry", thunk));
    std::vector<llvm::Value*> args{thunk->getArg(1)};
    for (size_t i = 0; i < type.params.size(); ++i) {
        llvm::Value* slot = b.CreateConstGEP1_64(ec.i8, thunk->getArg(2), i * sizeof(abi::Value));
        args.push_back(b.CreateAlignedLoad(ec.type(type.params[i]), slot, llvm::Align(16)));
    }
    llvm::Value* result = b.CreateCall(ec.functionType(type), thunk->getArg(0), args);
    for (size_t i = 0; i < type.results.size(); ++i) {
        llvm::Value* value = type.results.size() == 1 ? result : b.CreateExtractValue(result, unsigned(i));
        llvm::Value* slot = b.CreateConstGEP1_64(ec.i8, thunk->getArg(3), i * sizeof(abi::Value));
        b.CreateAlignedStore(value, slot, llvm::Align(16));
    }
    b.CreateRetVoid();
    return thunk;
}

void emitTable(EmitContext& ec, const char* name, const std::vector<llvm::Constant*>& entries) {
    auto* type = llvm::ArrayType::get(ec.ptr, entries.size());
    auto* table = new llvm::GlobalVariable(ec.ir, type, /*isConstant=*/true, llvm::GlobalValue::ExternalLinkage,
                                           llvm::ConstantArray::get(type, entries), name);
    table->setVisibility(llvm::GlobalValue::ProtectedVisibility);
}

// Copies of the small functions of other partitions that `ec` calls so far, for the inliner:
// available_externally, so each stays defined in its own partition only.
void emitCopiesOfSmallCallees(EmitContext& ec, const Partition& partition) {
    std::vector<uint32_t> callees;
    for (uint32_t i = 0; i < ec.declared.size(); ++i)
        if (ec.declared[i] && (i < partition.firstDefined || i >= partition.endDefined) &&
            ec.wasm.code[i].code.size() <= kMaxCopiedBodyBytes)
            callees.push_back(i);
    for (uint32_t i : callees) {
        FunctionEmitter(ec, i).emit();
        ec.declared[i]->setLinkage(llvm::GlobalValue::AvailableExternallyLinkage);
    }
}

}  // namespace

void emitPartition(EmitContext& ec, const Partition& partition) {
    const auto& wasm = ec.wasm;
    // Declared in order first, so that the functions of a module compiled whole are where they
    // always were in it.
    for (uint32_t i = partition.firstDefined; i < partition.endDefined; ++i) ec.function(i);
    for (uint32_t i = partition.firstDefined; i < partition.endDefined; ++i) FunctionEmitter(ec, i).emit();
    if (!partition.whole) emitCopiesOfSmallCallees(ec, partition);
    if (!partition.holdsTables) return;

    std::vector<llvm::Constant*> thunks;
    for (uint32_t t = 0; t < wasm.types.size(); ++t) thunks.push_back(emitThunk(ec, t));
    emitTable(ec, abi::kThunkTableSymbol, thunks);
    std::vector<llvm::Constant*> functions;
    for (uint32_t i = 0; i < wasm.functions.size(); ++i) functions.push_back(ec.function(i));
    emitTable(ec, abi::kFunctionTableSymbol, functions);

    auto* version = new llvm::GlobalVariable(ec.ir, ec.i32, true, llvm::GlobalValue::ExternalLinkage,
                                             llvm::ConstantInt::get(ec.i32, abi::kAbiVersion),
                                             abi::kAbiVersionSymbol);
    version->setVisibility(llvm::GlobalValue::ProtectedVisibility);
}

}  // namespace faaslet::compiler
