#pragma once
// Code generation of an optimised module on several threads. The module is cut into partitions
// (llvm::SplitModule) only after optimisation, so inlining and every other decision across
// functions saw the whole module; each partition becomes one object file, and the link step joins
// them. The number of partitions follows from the module alone, never from the number of
// threads: the code produced is the same whatever the thread count, which is therefore not part
// of the cache key. A small module stays one partition and pays nothing for this.

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "common/expected.h"
#include "llvm/IR/Module.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Target/TargetMachine.h"

namespace faaslet::compiler {

// One target machine per thread: a TargetMachine is not shared between concurrent code generators.
using TargetMachineFactory = std::function<std::unique_ptr<llvm::TargetMachine>()>;
// Called once per partition as its object is ready, never concurrently.
using CodegenProgress = std::function<void(unsigned done, unsigned total)>;

// The objects of `module`'s partitions, in partition order. `module` is consumed when it is split.
Expected<std::vector<std::unique_ptr<llvm::MemoryBuffer>>, std::string> generateObjects(
    llvm::Module& module, const TargetMachineFactory& machines, unsigned threads,
    const CodegenProgress& progress);

}  // namespace faaslet::compiler
