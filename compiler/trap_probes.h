#pragma once
// A linear-memory access is also WebAssembly's bounds check: out of bounds it must trap even when
// LLVM finds its effect unneeded (a load whose value nothing uses, a store that a later store
// overwrites). So every access is emitted with a trap probe beside it, an obligation to touch the
// same bytes that optimisations keep but that does not stand in their way; just before the loop
// vectoriser the probes are resolved, each into nothing (an access of those bytes that still
// exists runs first) or into a volatile load of its bytes. The invariant and why it holds are at
// the top of trap_probes.cpp.

#include <cstdint>
#include <string>

#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/PassManager.h"

namespace faaslet::compiler {

// Declares the probe function in `module` (once), with the attributes that keep calls to it.
llvm::Function* declareTrapProbe(llvm::Module& module);

// Emits, at the builder's position, the obligation that the `bytes` bytes at `address` are
// accessed there or earlier.
void emitTrapProbe(llvm::IRBuilder<>& builder, llvm::Function* probe, llvm::Value* address, uint64_t bytes);

// The name of a function where a probe is left, or "" when every probe was resolved. A probe left
// would reach the linker as an undefined symbol, so compile() makes it an internal error.
std::string functionWithUnresolvedTrapProbe(const llvm::Module& module);

// Resolves every probe of a function, leaving none. Runs where the vectoriser starts, after every
// pass that deletes loads and stores for being unneeded, and at -O0 after the function is emitted.
class ResolveTrapProbes : public llvm::PassInfoMixin<ResolveTrapProbes> {
public:
    llvm::PreservedAnalyses run(llvm::Function& function, llvm::FunctionAnalysisManager& analyses);
    // Runs at -O0 too, where the pipeline would otherwise skip it.
    static bool isRequired() { return true; }
};

}  // namespace faaslet::compiler
