#pragma once
// The host machine as LLVM sees it: one TargetMachine per compilation, for the host triple, CPU and
// features, producing position-independent code.

#include <memory>
#include <string>

#include "compiler/compiler.h"
#include "llvm/Target/TargetMachine.h"

namespace faaslet::compiler {

// Null with `error` set when LLVM has no backend for the host.
std::unique_ptr<llvm::TargetMachine> hostTargetMachine(OptLevel level, std::string& error);

}  // namespace faaslet::compiler
