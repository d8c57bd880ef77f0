// Structured control flow: blocks, loops and ifs with parameters and results (phi nodes at the
// targets of their branches), br, br_if, br_table, return and unreachable.

#include "compiler/function_emitter.h"

namespace faaslet::compiler {

using wasm::Opcode;

void FunctionEmitter::blockTypes(const wasm::BlockType& type, std::vector<wasm::ValType>& params,
                                 std::vector<wasm::ValType>& results) const {
    switch (type.kind) {
        case wasm::BlockType::Kind::Empty: break;
        case wasm::BlockType::Kind::Value: results = {type.value}; break;
        case wasm::BlockType::Kind::TypeIndex:
            params = ec_.wasm.types[type.typeIndex].params;
            results = ec_.wasm.types[type.typeIndex].results;
            break;
    }
}

FunctionEmitter::Frame& FunctionEmitter::pushFrame(Opcode kind, std::vector<wasm::ValType> params,
                                                   std::vector<wasm::ValType> results) {
    Frame frame;
    frame.kind = kind;
    frame.height = stack_.size() - params.size();
    frame.end = llvm::BasicBlock::Create(ec_.llvm, "end", function_);
    llvm::IRBuilder<> phis(frame.end);
    for (auto t : results) frame.endPhis.push_back(phis.CreatePHI(ec_.type(t), 2));
    frame.params = std::move(params);
    frame.results = std::move(results);
    frames_.push_back(std::move(frame));
    return frames_.back();
}

void FunctionEmitter::addBranchValues(Frame& frame) {
    addIncoming(frame.kind == Opcode::Loop ? frame.loopPhis : frame.endPhis);
}

void FunctionEmitter::addIncoming(const std::vector<llvm::PHINode*>& phis) {
    const size_t n = phis.size();
    for (size_t i = 0; i < n; ++i) phis[i]->addIncoming(stack_[stack_.size() - n + i], b_.GetInsertBlock());
}

void FunctionEmitter::setUnreachable() { frames_.back().reachable = false; }

void FunctionEmitter::branch(uint32_t depth) {
    Frame& target = frames_[frames_.size() - 1 - depth];
    addBranchValues(target);
    b_.CreateBr(branchTarget(target));
}

void FunctionEmitter::emitReturn() {
    const size_t n = type_.results.size();
    std::vector<llvm::Value*> values(stack_.end() - n, stack_.end());
    if (n == 0) {
        b_.CreateRetVoid();
    } else if (n == 1) {
        b_.CreateRet(values[0]);
    } else {
        llvm::Value* aggregate = llvm::UndefValue::get(function_->getReturnType());
        for (size_t i = 0; i < n; ++i) aggregate = b_.CreateInsertValue(aggregate, values[i], unsigned(i));
        b_.CreateRet(aggregate);
    }
}

void FunctionEmitter::elseArm() {
    Frame& frame = frames_.back();
    if (frame.reachable) {
        addIncoming(frame.endPhis);
        b_.CreateBr(frame.end);
    }
    stack_.resize(frame.height);
    stack_.insert(stack_.end(), frame.ifParams.begin(), frame.ifParams.end());
    b_.SetInsertPoint(frame.elseBlock);
    frame.elseBlock = nullptr;
    frame.reachable = true;
}

void FunctionEmitter::endFrame() {
    Frame& frame = frames_.back();
    if (frame.reachable) {
        addIncoming(frame.endPhis);
        b_.CreateBr(frame.end);
    }
    if (frame.elseBlock) {
        // An `if` without `else`: the false edge carries the parameters through as the results.
        b_.SetInsertPoint(frame.elseBlock);
        stack_.resize(frame.height);
        stack_.insert(stack_.end(), frame.ifParams.begin(), frame.ifParams.end());
        addIncoming(frame.endPhis);
        b_.CreateBr(frame.end);
    }
    stack_.resize(frame.height);
    b_.SetInsertPoint(frame.end);
    const bool reachable = !llvm::pred_empty(frame.end);
    std::vector<llvm::PHINode*> phis = std::move(frame.endPhis);
    frames_.pop_back();

    if (!reachable) {
        for (auto* phi : phis) phi->eraseFromParent();
        b_.CreateUnreachable();
        if (!frames_.empty()) setUnreachable();
        return;
    }
    for (auto* phi : phis) stack_.push_back(phi);
    if (frames_.empty()) emitReturn();
}

void FunctionEmitter::control(const wasm::Instruction& ins, wasm::InstructionReader& reader) {
    switch (ins.op) {
        case Opcode::Nop: return;
        case Opcode::Unreachable:
            trapIf(nullptr, abi::TrapCode::Unreachable);
            setUnreachable();
            return;
        case Opcode::Block: {
            std::vector<wasm::ValType> params, results;
            blockTypes(ins.block, params, results);
            pushFrame(Opcode::Block, std::move(params), std::move(results));
            return;
        }
        case Opcode::Loop: {
            std::vector<wasm::ValType> params, results;
            blockTypes(ins.block, params, results);
            const size_t n = params.size();
            Frame& frame = pushFrame(Opcode::Loop, params, std::move(results));
            frame.header = llvm::BasicBlock::Create(ec_.llvm, "loop", function_);
            llvm::IRBuilder<> phis(frame.header);
            for (auto t : frame.params) frame.loopPhis.push_back(phis.CreatePHI(ec_.type(t), 2));
            addBranchValues(frame);
            b_.CreateBr(frame.header);
            b_.SetInsertPoint(frame.header);
            stack_.resize(stack_.size() - n);
            stack_.insert(stack_.end(), frame.loopPhis.begin(), frame.loopPhis.end());
            if (ec_.options.interruptible) interruptPoll();
            return;
        }
        case Opcode::If: {
            llvm::Value* condition = b_.CreateICmpNE(pop(), i32(0));
            std::vector<wasm::ValType> params, results;
            blockTypes(ins.block, params, results);
            const size_t n = params.size();
            Frame& frame = pushFrame(Opcode::If, std::move(params), std::move(results));
            frame.ifParams.assign(stack_.end() - n, stack_.end());
            auto* then = llvm::BasicBlock::Create(ec_.llvm, "then", function_);
            frame.elseBlock = llvm::BasicBlock::Create(ec_.llvm, "else", function_);
            b_.CreateCondBr(condition, then, frame.elseBlock);
            b_.SetInsertPoint(then);
            return;
        }
        case Opcode::Else: elseArm(); return;
        case Opcode::End: endFrame(); return;
        case Opcode::Br:
            branch(ins.a);
            setUnreachable();
            return;
        case Opcode::BrIf: {
            llvm::Value* condition = b_.CreateICmpNE(pop(), i32(0));
            Frame& target = frames_[frames_.size() - 1 - ins.a];
            auto* next = llvm::BasicBlock::Create(ec_.llvm, "", function_);
            addBranchValues(target);
            b_.CreateCondBr(condition, branchTarget(target), next);
            b_.SetInsertPoint(next);
            return;
        }
        case Opcode::BrTable: {
            llvm::Value* index = pop();
            const auto& targets = reader.brTableTargets();
            Frame& fallback = frames_[frames_.size() - 1 - ins.a];
            auto* table = b_.CreateSwitch(index, branchTarget(fallback), unsigned(targets.size()));
            // A phi needs one incoming value per edge, also when several edges share a target.
            addBranchValues(fallback);
            for (uint32_t i = 0; i < targets.size(); ++i) {
                Frame& target = frames_[frames_.size() - 1 - targets[i]];
                table->addCase(b_.getInt32(i), branchTarget(target));
                addBranchValues(target);
            }
            setUnreachable();
            return;
        }
        case Opcode::Return:
            emitReturn();
            setUnreachable();
            return;
        default: throw CompileError{std::string("no lowering for ") + wasm::info(ins.op).text};
    }
}

}  // namespace faaslet::compiler
