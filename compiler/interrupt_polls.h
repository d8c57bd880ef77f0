#pragma once
// Interruption polls: a volatile load of the context's interrupt flag and a branch to the trap, at
// function entries and loop headers. A poll in a loop also makes the loop impossible to vectorise
// (an extra exit and a volatile access), so polls leave the innermost loops that LLVM proves run
// at most 2^32 iterations: such a loop ends on its own, and the next poll is at most that many
// iterations away, in the loop around it or at the entry of the next call.

#include "llvm/IR/Instructions.h"
#include "llvm/IR/PassManager.h"

namespace faaslet::compiler {

// The metadata kind that marks a poll's load of the interrupt flag.
inline constexpr const char* kPollMetadata = "faaslet.poll";

// Marks `flagLoad` as the load of an interruption poll.
void markPoll(llvm::LoadInst& flagLoad);

// Removes the polls of bounded innermost loops. Runs where the vectoriser starts, when loops are in
// canonical form and their trip counts are known.
class ElideBoundedLoopPolls : public llvm::PassInfoMixin<ElideBoundedLoopPolls> {
public:
    llvm::PreservedAnalyses run(llvm::Function& function, llvm::FunctionAnalysisManager& analyses);
};

}  // namespace faaslet::compiler
