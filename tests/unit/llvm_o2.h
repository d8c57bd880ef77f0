#pragma once
// LLVM's own -O2 pipeline over a module the test built by hand (no faaslet passes), for tests
// that check a lowering survives optimisation.

#include "llvm/IR/Module.h"
#include "llvm/Passes/PassBuilder.h"

namespace faaslet::test {

inline void optimizeWithLlvmO2(llvm::Module& module) {
    llvm::LoopAnalysisManager lam;
    llvm::FunctionAnalysisManager fam;
    llvm::CGSCCAnalysisManager cgam;
    llvm::ModuleAnalysisManager mam;
    llvm::PassBuilder pb;
    pb.registerModuleAnalyses(mam);
    pb.registerCGSCCAnalyses(cgam);
    pb.registerFunctionAnalyses(fam);
    pb.registerLoopAnalyses(lam);
    pb.crossRegisterProxies(lam, fam, cgam, mam);
    pb.buildPerModuleDefaultPipeline(llvm::OptimizationLevel::O2).run(module, mam);
}

}  // namespace faaslet::test
