#include "compiler/function_emitter.h"

#include "compiler/runtime_calls.h"

#include "compiler/interrupt_polls.h"
#include "llvm/IR/Intrinsics.h"

namespace faaslet::compiler {

using wasm::Opcode;

FunctionEmitter::FunctionEmitter(EmitContext& ec, uint32_t definedIndex)
    : ec_(ec),
      definedIndex_(definedIndex),
      type_(ec.wasm.types[ec.wasm.functions[definedIndex]]),
      body_(ec.wasm.code[definedIndex]),
      function_(ec.functions[definedIndex]),
      b_(ec.llvm),
      ctx_(ec, b_, function_->getArg(0)) {}

llvm::Value* FunctionEmitter::pop() {
    llvm::Value* v = stack_.back();
    stack_.pop_back();
    return v;
}

std::vector<llvm::Value*> FunctionEmitter::popN(size_t n) {
    std::vector<llvm::Value*> values(stack_.end() - n, stack_.end());
    stack_.resize(stack_.size() - n);
    return values;
}

void FunctionEmitter::trapIf(llvm::Value* condition, abi::TrapCode code) {
    llvm::BasicBlock*& trap = trapBlocks_[size_t(code)];
    if (!trap) {
        // One cold block per trap kind and function: it calls the runtime, which never returns.
        llvm::IRBuilder<> tb(ec_.llvm);
        trap = llvm::BasicBlock::Create(ec_.llvm, abi::trapMessage(code), function_);
        tb.SetInsertPoint(trap);
        ContextAccess access(ec_, tb, ctx_.ctx());
        llvm::Value* routine = access.runtimeFunction(offsetof(abi::RuntimeFunctions, trap));
        auto* type = runtimeFunctionType(ec_, static_cast<decltype(abi::RuntimeFunctions::trap)>(nullptr));
        llvm::CallInst* call = tb.CreateCall(type, routine, {ctx_.ctx(), tb.getInt32(uint32_t(code))});
        call->setDoesNotReturn();
        tb.CreateUnreachable();
    }
    if (!condition) {
        b_.CreateBr(trap);
        return;
    }
    llvm::BasicBlock* next = llvm::BasicBlock::Create(ec_.llvm, "", function_);
    b_.CreateCondBr(condition, trap, next, ec_.coldWeights);
    b_.SetInsertPoint(next);
}

void FunctionEmitter::interruptPoll() {
    auto* flag = b_.CreateLoad(ec_.i32, ctx_.byteOffset(ctx_.ctx(), offsetof(abi::InstanceContext, interrupt)),
                               /*isVolatile=*/true);
    markPoll(*flag);
    trapIf(b_.CreateICmpNE(flag, i32(0)), abi::TrapCode::Interrupted);
}

void FunctionEmitter::emit() {
    auto* entry = llvm::BasicBlock::Create(ec_.llvm, "entry", function_);
    b_.SetInsertPoint(entry);

    // Locals live in allocas that mem2reg turns into registers.
    for (size_t i = 0; i < type_.params.size(); ++i) localTypes_.push_back(type_.params[i]);
    for (const auto& run : body_.locals) localTypes_.insert(localTypes_.end(), run.count, run.type);
    for (size_t i = 0; i < localTypes_.size(); ++i) {
        auto* slot = b_.CreateAlloca(ec_.type(localTypes_[i]));
        llvm::Value* initial = i < type_.params.size() ? static_cast<llvm::Value*>(function_->getArg(unsigned(i + 1)))
                                                      : ec_.zero(localTypes_[i]);
        b_.CreateStore(initial, slot);
        locals_.push_back(slot);
    }
    // The base never moves (memory.grow only changes protections), so it is loaded once.
    if (ec_.wasm.memoryCount() > 0) memoryBase_ = ctx_.loadField(offsetof(abi::InstanceContext, memoryBase), true);

    // Recursion must trap before it reaches the end of the thread's stack.
    auto* frameAddress = b_.CreateIntrinsic(llvm::Intrinsic::frameaddress, {ec_.ptr}, {b_.getInt32(0)});
    llvm::Value* limit = ctx_.loadI64(ctx_.ctx(), offsetof(abi::InstanceContext, stackLimit), false);
    trapIf(b_.CreateICmpULT(b_.CreatePtrToInt(frameAddress, ec_.i64), limit), abi::TrapCode::CallStackExhausted);
    if (ec_.options.interruptible) interruptPoll();

    pushFrame(Opcode::Block, {}, type_.results);
    wasm::InstructionReader reader(ec_.wasm.bytes, body_.code.begin, body_.code.end, "code",
                                   ec_.wasm.importedFunctions + definedIndex_);
    while (!frames_.empty()) instruction(reader.next(), reader);
}

void FunctionEmitter::instruction(const wasm::Instruction& ins, wasm::InstructionReader& reader) {
    const auto& info = wasm::info(ins.op);
    if (!frames_.back().reachable) {
        // Unreachable code: only the nesting matters, to find the `else` or `end` that ends it.
        switch (ins.op) {
            case Opcode::Block:
            case Opcode::Loop:
            case Opcode::If: ++deadDepth_; return;
            case Opcode::Else:
                if (deadDepth_ == 0) elseArm();
                return;
            case Opcode::End:
                if (deadDepth_ > 0) {
                    --deadDepth_;
                } else {
                    endFrame();
                }
                return;
            default: return;
        }
    }
    if (info.prefix == 0xfd) {
        simd(ins);
        return;
    }
    if (info.immediate == wasm::Immediate::None && info.result != wasm::OperandType::Special) {
        size_t arity = 0;
        while (arity < 3 && info.params[arity] != wasm::OperandType::None) ++arity;
        std::vector<llvm::Value*> operands = popN(arity);
        llvm::Value* result = emitNumericOp(b_, ins.op, operands, *this);
        if (!result) throw CompileError{std::string("no lowering for ") + info.text};
        push(result);
        return;
    }
    switch (info.immediate) {
        case wasm::Immediate::MemArg:
        case wasm::Immediate::MemoryIndex:
        case wasm::Immediate::MemoryInit:
        case wasm::Immediate::MemoryCopy:
        case wasm::Immediate::Data: memory(ins); return;
        case wasm::Immediate::Table:
        case wasm::Immediate::TableInit:
        case wasm::Immediate::TableCopy:
        case wasm::Immediate::Elem:
        case wasm::Immediate::RefType: table(ins); return;
        case wasm::Immediate::Local:
        case wasm::Immediate::Global: variable(ins); return;
        case wasm::Immediate::I32:
        case wasm::Immediate::I64:
        case wasm::Immediate::F32:
        case wasm::Immediate::F64: constant(ins); return;
        case wasm::Immediate::CallIndirect: call(ins); return;
        default: break;
    }
    switch (ins.op) {
        case Opcode::Call: call(ins); return;
        case Opcode::RefIsNull:
        case Opcode::RefFunc: table(ins); return;
        case Opcode::Drop: pop(); return;
        case Opcode::Select:
        case Opcode::SelectT: {
            llvm::Value* condition = pop();
            llvm::Value* second = pop();
            llvm::Value* first = pop();
            push(b_.CreateSelect(b_.CreateICmpNE(condition, i32(0)), first, second));
            return;
        }
        default: control(ins, reader); return;
    }
}

void FunctionEmitter::constant(const wasm::Instruction& ins) {
    switch (ins.op) {
        case Opcode::I32Const: push(b_.getInt32(uint32_t(ins.bits))); break;
        case Opcode::I64Const: push(b_.getInt64(ins.bits)); break;
        // Built from the bit pattern so NaN payloads survive.
        case Opcode::F32Const:
            push(llvm::ConstantFP::get(ec_.llvm, llvm::APFloat(llvm::APFloat::IEEEsingle(), llvm::APInt(32, ins.bits))));
            break;
        case Opcode::F64Const:
            push(llvm::ConstantFP::get(ec_.llvm, llvm::APFloat(llvm::APFloat::IEEEdouble(), llvm::APInt(64, ins.bits))));
            break;
        default: throw CompileError{std::string("no lowering for ") + wasm::info(ins.op).text};
    }
}

void FunctionEmitter::variable(const wasm::Instruction& ins) {
    switch (ins.op) {
        case Opcode::LocalGet: push(b_.CreateLoad(ec_.type(localTypes_[ins.a]), locals_[ins.a])); return;
        case Opcode::LocalSet: b_.CreateStore(pop(), locals_[ins.a]); return;
        case Opcode::LocalTee: b_.CreateStore(stack_.back(), locals_[ins.a]); return;
        default: break;
    }
    // Globals are cells reached through ctx->globals, so imported mutable ones are shared.
    const wasm::GlobalType type = ec_.wasm.globalType(ins.a);
    llvm::Value* cells = ctx_.loadField(offsetof(abi::InstanceContext, globals), true);
    llvm::Value* cell = ctx_.loadPtr(cells, size_t(ins.a) * sizeof(void*), true);
    if (ins.op == Opcode::GlobalGet) {
        auto* load = b_.CreateAlignedLoad(ec_.type(type.type), cell, llvm::Align(8));
        load->setMetadata(llvm::LLVMContext::MD_tbaa, ec_.globalTag);
        if (!type.isMutable) load->setMetadata(llvm::LLVMContext::MD_invariant_load, ec_.invariant);
        push(load);
    } else {
        b_.CreateAlignedStore(pop(), cell, llvm::Align(8))->setMetadata(llvm::LLVMContext::MD_tbaa, ec_.globalTag);
    }
}

llvm::Value* FunctionEmitter::runtimeCall(size_t offset, llvm::FunctionType* type, std::vector<llvm::Value*> args) {
    args.insert(args.begin(), ctx_.ctx());
    return b_.CreateCall(type, ctx_.runtimeFunction(offset), args);
}

}  // namespace faaslet::compiler
