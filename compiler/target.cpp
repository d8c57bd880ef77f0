#include "compiler/target.h"

#include <mutex>

#include "llvm/ADT/StringMap.h"
#include "llvm/Config/llvm-config.h"
#include "llvm/MC/TargetRegistry.h"
#include "llvm/Support/TargetSelect.h"
#include "llvm/TargetParser/Host.h"
#include "llvm/TargetParser/SubtargetFeature.h"

namespace faaslet::compiler {

namespace {

void initializeLLVM() {
    static std::once_flag once;
    std::call_once(once, [] {
        llvm::InitializeNativeTarget();
        llvm::InitializeNativeTargetAsmPrinter();
    });
}

std::string hostFeatures() {
    llvm::SubtargetFeatures features;
    for (const auto& feature : llvm::sys::getHostCPUFeatures()) features.AddFeature(feature.first(), feature.second);
    return features.getString();
}

}  // namespace

std::unique_ptr<llvm::TargetMachine> hostTargetMachine(OptLevel level, std::string& error) {
    initializeLLVM();
    const std::string triple = llvm::sys::getProcessTriple();
    const llvm::Target* target = llvm::TargetRegistry::lookupTarget(triple, error);
    if (!target) return nullptr;
    llvm::TargetOptions options;
    const auto codegenLevel = level == OptLevel::O0   ? llvm::CodeGenOptLevel::None
                              : level == OptLevel::O3 ? llvm::CodeGenOptLevel::Aggressive
                                                      : llvm::CodeGenOptLevel::Default;
    return std::unique_ptr<llvm::TargetMachine>(target->createTargetMachine(
        triple, llvm::sys::getHostCPUName(), hostFeatures(), options, llvm::Reloc::PIC_, llvm::CodeModel::Small,
        codegenLevel));
}

std::string targetDescription() {
    return std::string("LLVM ") + LLVM_VERSION_STRING + "; " + llvm::sys::getProcessTriple() + "; " +
           llvm::sys::getHostCPUName().str() + "; " + hostFeatures();
}

}  // namespace faaslet::compiler
