#include "compiler/module_emitter.h"

#include <string>

#include "compiler/function_emitter.h"

namespace faaslet::compiler {

namespace {

// Attributes every compiled function carries: frame pointers and no tail calls, so the runtime can
// walk the stack for trap backtraces; no unwinding (traps leave by the runtime's longjmp).
void setCodeAttributes(llvm::Function* f) {
    f->addFnAttr("frame-pointer", "all");
    f->addFnAttr("disable-tail-calls", "true");
    f->addFnAttr(llvm::Attribute::NoUnwind);
    f->setDSOLocal(true);
}

llvm::Function* declareFunction(EmitContext& ec, uint32_t definedIndex) {
    const uint32_t index = ec.wasm.importedFunctions + definedIndex;
    auto* f = llvm::Function::Create(ec.functionType(ec.wasm.types[ec.wasm.functions[definedIndex]]),
                                     llvm::GlobalValue::ExternalLinkage,
                                     std::string(abi::kFunctionSymbolPrefix) + std::to_string(index), ec.ir);
    // Protected: visible to the runtime's symbol lookups, yet calls inside the object are direct.
    f->setVisibility(llvm::GlobalValue::ProtectedVisibility);
    setCodeAttributes(f);
    f->addParamAttr(0, llvm::Attribute::NonNull);
    f->addDereferenceableParamAttr(0, sizeof(abi::InstanceContext));
    return f;
}

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

}  // namespace

void emitModule(EmitContext& ec) {
    const auto& wasm = ec.wasm;
    for (uint32_t i = 0; i < wasm.functions.size(); ++i) ec.functions.push_back(declareFunction(ec, i));
    for (uint32_t i = 0; i < wasm.functions.size(); ++i) FunctionEmitter(ec, i).emit();

    std::vector<llvm::Constant*> thunks;
    for (uint32_t t = 0; t < wasm.types.size(); ++t) thunks.push_back(emitThunk(ec, t));
    emitTable(ec, abi::kThunkTableSymbol, thunks);
    emitTable(ec, abi::kFunctionTableSymbol, std::vector<llvm::Constant*>(ec.functions.begin(), ec.functions.end()));

    auto* version = new llvm::GlobalVariable(ec.ir, ec.i32, true, llvm::GlobalValue::ExternalLinkage,
                                             llvm::ConstantInt::get(ec.i32, abi::kAbiVersion),
                                             abi::kAbiVersionSymbol);
    version->setVisibility(llvm::GlobalValue::ProtectedVisibility);
}

}  // namespace faaslet::compiler
