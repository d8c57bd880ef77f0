#pragma once
// LLVM's optimisation pipeline for the requested level, with faaslet's own passes at the points
// where they must run: the elision of interrupt polls and the resolution of trap probes, both just
// before the loop vectoriser.

#include "compiler/compiler.h"
#include "llvm/IR/Module.h"
#include "llvm/Target/TargetMachine.h"

namespace faaslet::compiler {

void optimize(llvm::Module& module, llvm::TargetMachine& machine, OptLevel level);

}  // namespace faaslet::compiler
