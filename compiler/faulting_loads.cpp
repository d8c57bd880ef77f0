#include "compiler/faulting_loads.h"

#include <vector>

#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/Analysis/AssumptionCache.h"
#include "llvm/Analysis/DemandedBits.h"
#include "llvm/Analysis/InstructionSimplify.h"
#include "llvm/Analysis/IteratedDominanceFrontier.h"
#include "llvm/Analysis/PostDominators.h"
#include "llvm/IR/Dominators.h"
#include "llvm/IR/InstIterator.h"
#include "llvm/IR/Instructions.h"
#include "llvm/Transforms/Utils/PromoteMemToReg.h"

namespace faaslet::compiler {

namespace {

// Locals start as allocas; in SSA form a value stored into a local that is overwritten before it is
// read is visibly unused.
void promoteLocals(llvm::Function& function) {
    std::vector<llvm::AllocaInst*> allocas;
    for (llvm::Instruction& instruction : function.getEntryBlock())
        if (auto* slot = llvm::dyn_cast<llvm::AllocaInst>(&instruction); slot && llvm::isAllocaPromotable(slot))
            allocas.push_back(slot);
    if (allocas.empty()) return;
    llvm::DominatorTree dominators(function);
    llvm::PromoteMemToReg(allocas, dominators);
}

// Aggressive dead-code analysis, as LLVM's ADCE does it: an instruction is live when an effect
// (a store, a call, a volatile access, a return) depends on its value, or on a branch it decides.
// An instruction that simplifies to another value (`x * 0`, `x - x`, a select of equal arms) passes
// liveness to that value rather than to its operands, as InstSimplify would rewrite it.
class Liveness {
public:
    explicit Liveness(llvm::Function& function)
        : postDominators_(function), simplification_(function.getDataLayout()) {
        for (llvm::Instruction& instruction : llvm::instructions(function))
            if (instruction.mayHaveSideEffects() || llvm::isa<llvm::ReturnInst>(instruction)) markLive(&instruction);
        propagate();
    }

    bool isLive(const llvm::Instruction* instruction) const { return live_.contains(instruction); }

private:
    void markLive(llvm::Instruction* instruction) {
        if (!live_.insert(instruction).second) return;
        worklist_.push_back(instruction);
        if (liveBlocks_.insert(instruction->getParent()).second) newBlocks_.push_back(instruction->getParent());
    }

    void propagate() {
        while (!worklist_.empty() || !newBlocks_.empty()) {
            while (!worklist_.empty()) {
                llvm::Instruction* instruction = worklist_.back();
                worklist_.pop_back();
                if (llvm::Value* replacement = simplifiedTo(instruction)) {
                    if (auto* source = llvm::dyn_cast<llvm::Instruction>(replacement)) markLive(source);
                    continue;
                }
                for (llvm::Use& operand : instruction->operands())
                    if (auto* source = llvm::dyn_cast<llvm::Instruction>(operand.get())) markLive(source);
                // Which value a phi takes depends on the branches that lead to it.
                if (auto* phi = llvm::dyn_cast<llvm::PHINode>(instruction))
                    for (llvm::BasicBlock* incoming : phi->blocks()) markLive(incoming->getTerminator());
            }
            // Whether a live block runs at all is decided by the branches it is control dependent on:
            // the reverse dominance frontier.
            llvm::SmallPtrSet<llvm::BasicBlock*, 16> defining(newBlocks_.begin(), newBlocks_.end());
            newBlocks_.clear();
            llvm::ReverseIDFCalculator frontier(postDominators_);
            frontier.setDefiningBlocks(defining);
            llvm::SmallVector<llvm::BasicBlock*, 16> controlling;
            frontier.calculate(controlling);
            for (llvm::BasicBlock* block : controlling) markLive(block->getTerminator());
        }
    }

    llvm::Value* simplifiedTo(llvm::Instruction* instruction) const {
        if (instruction->mayHaveSideEffects()) return nullptr;
        llvm::Value* simplified = llvm::simplifyInstruction(instruction, simplification_);
        return simplified == instruction ? nullptr : simplified;
    }

    llvm::PostDominatorTree postDominators_;
    const llvm::SimplifyQuery simplification_;
    llvm::SmallPtrSet<const llvm::Instruction*, 32> live_;
    llvm::SmallPtrSet<llvm::BasicBlock*, 16> liveBlocks_;
    std::vector<llvm::Instruction*> worklist_;
    std::vector<llvm::BasicBlock*> newBlocks_;
};

}  // namespace

void keepFaultingLoads(llvm::Function& function, const llvm::MDNode* linearMemoryTag) {
    promoteLocals(function);
    Liveness liveness(function);
    llvm::AssumptionCache assumptions(function);
    llvm::DominatorTree dominators(function);
    llvm::DemandedBits demandedBits(function, assumptions, dominators);
    for (llvm::Instruction& instruction : llvm::instructions(function)) {
        auto* load = llvm::dyn_cast<llvm::LoadInst>(&instruction);
        if (!load || load->isVolatile() || load->getMetadata(llvm::LLVMContext::MD_tbaa) != linearMemoryTag) continue;
        // InstCombine also drops a load none of whose bits matter, as in `(i32.load8_u p) >> 8`.
        const bool bitsUnused = load->getType()->isIntegerTy() && demandedBits.getDemandedBits(load).isZero();
        if (!liveness.isLive(load) || bitsUnused) load->setVolatile(true);
    }
}

}  // namespace faaslet::compiler
