#include "compiler/optimization_pipeline.h"

#include "compiler/interrupt_polls.h"
#include "compiler/trap_probes.h"
#include "llvm/Passes/PassBuilder.h"
#include "llvm/Transforms/Utils/Mem2Reg.h"

namespace faaslet::compiler {

void optimize(llvm::Module& module, llvm::TargetMachine& machine, OptLevel level) {
    llvm::LoopAnalysisManager lam;
    llvm::FunctionAnalysisManager fam;
    llvm::CGSCCAnalysisManager cgam;
    llvm::ModuleAnalysisManager mam;
    llvm::PassBuilder builder(&machine);
    builder.registerModuleAnalyses(mam);
    builder.registerCGSCCAnalyses(cgam);
    builder.registerFunctionAnalyses(fam);
    builder.registerLoopAnalyses(lam);
    builder.crossRegisterProxies(lam, fam, cgam, mam);
    llvm::ModulePassManager passes;
    if (level == OptLevel::O0) {
        passes = builder.buildO0DefaultPipeline(llvm::OptimizationLevel::O0);
        // Locals start as allocas; even unoptimised code keeps them in registers.
        llvm::FunctionPassManager functionPasses;
        functionPasses.addPass(llvm::PromotePass());
        functionPasses.addPass(ResolveTrapProbes());
        passes.addPass(llvm::createModuleToFunctionPassAdaptor(std::move(functionPasses)));
    } else {
        builder.registerVectorizerStartEPCallback([](llvm::FunctionPassManager& functionPasses, llvm::OptimizationLevel) {
            functionPasses.addPass(ElideBoundedLoopPolls());
            functionPasses.addPass(ResolveTrapProbes());
        });
        passes = builder.buildPerModuleDefaultPipeline(level == OptLevel::O3 ? llvm::OptimizationLevel::O3
                                                                             : llvm::OptimizationLevel::O2);
    }
    passes.run(module, mam);
}

}  // namespace faaslet::compiler
