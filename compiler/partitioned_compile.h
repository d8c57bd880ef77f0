#pragma once
// The pipeline of each partition (partition_plan.h) — lowering, the IR check, optimisation, code
// generation — run on a pool of threads, each partition in an LLVM context of its own (contexts
// are single-threaded). The objects come back in partition order whatever the number of threads
// and whichever thread made each, so the shared object linked from them is the same too.

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "compiler/compiler.h"
#include "compiler/partition_plan.h"
#include "llvm/Support/MemoryBuffer.h"

namespace faaslet::compiler {

struct PartitionedObjects {
    std::vector<std::unique_ptr<llvm::MemoryBuffer>> objects;  // in partition order
    CompileTimings timings;  // lower, optimize and codegen summed over the partitions
};

struct PartitionedFailure {
    std::string message;
    bool unsupported = false;
};

// Compiles every partition of `module` with `options` (threads: options.codegenThreads, 0 for one
// per core). On failure, the error of the first partition that failed, in partition order.
Expected<PartitionedObjects, PartitionedFailure> compilePartitions(const wasm::Module& module,
                                                                   const std::vector<Partition>& partitions,
                                                                   const CompileOptions& options);

}  // namespace faaslet::compiler
