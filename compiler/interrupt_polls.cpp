#include "compiler/interrupt_polls.h"

#include "llvm/Analysis/ConstantFolding.h"
#include "llvm/Analysis/LoopInfo.h"
#include "llvm/Analysis/ScalarEvolution.h"
#include "llvm/Analysis/ScalarEvolutionExpressions.h"
#include "llvm/Transforms/Utils/BasicBlockUtils.h"
#include "llvm/Transforms/Utils/Local.h"

namespace faaslet::compiler {

void markPoll(llvm::LoadInst& flagLoad) {
    flagLoad.setMetadata(kPollMetadata, llvm::MDNode::get(flagLoad.getContext(), {}));
}

namespace {

bool runsAtMost2To32Iterations(const llvm::Loop& loop, llvm::ScalarEvolution& scalarEvolution) {
    const auto* count = llvm::dyn_cast<llvm::SCEVConstant>(scalarEvolution.getConstantMaxBackedgeTakenCount(&loop));
    return count && count->getAPInt().getActiveBits() <= 32;
}

// Reads the flag as clear: the compare folds, the branch to the trap goes, and the block joins the
// one the poll split it from, so the loop body is one block again.
void removePoll(llvm::LoadInst& flagLoad, llvm::LoopInfo& loops) {
    llvm::BasicBlock* block = flagLoad.getParent();
    const llvm::DataLayout& layout = block->getDataLayout();
    llvm::SmallVector<llvm::Instruction*, 2> users;
    for (llvm::User* user : flagLoad.users()) users.push_back(llvm::cast<llvm::Instruction>(user));
    flagLoad.replaceAllUsesWith(llvm::Constant::getNullValue(flagLoad.getType()));
    flagLoad.eraseFromParent();
    for (llvm::Instruction* user : users) {
        if (llvm::Constant* folded = llvm::ConstantFoldInstruction(user, layout)) {
            user->replaceAllUsesWith(folded);
            user->eraseFromParent();
        }
    }
    llvm::ConstantFoldTerminator(block);
    if (llvm::BasicBlock* next = block->getSingleSuccessor())
        llvm::MergeBlockIntoPredecessor(next, nullptr, &loops);
}

}  // namespace

llvm::PreservedAnalyses ElideBoundedLoopPolls::run(llvm::Function& function, llvm::FunctionAnalysisManager& analyses) {
    auto& loops = analyses.getResult<llvm::LoopAnalysis>(function);
    auto& scalarEvolution = analyses.getResult<llvm::ScalarEvolutionAnalysis>(function);
    llvm::SmallVector<llvm::LoadInst*, 8> polls;
    for (llvm::Loop* loop : loops.getLoopsInPreorder()) {
        if (!loop->isInnermost() || !runsAtMost2To32Iterations(*loop, scalarEvolution)) continue;
        for (llvm::BasicBlock* block : loop->blocks())
            for (llvm::Instruction& instruction : *block)
                if (auto* load = llvm::dyn_cast<llvm::LoadInst>(&instruction); load && load->getMetadata(kPollMetadata))
                    polls.push_back(load);
    }
    for (llvm::LoadInst* poll : polls) removePoll(*poll, loops);
    return polls.empty() ? llvm::PreservedAnalyses::all() : llvm::PreservedAnalyses::none();
}

}  // namespace faaslet::compiler
