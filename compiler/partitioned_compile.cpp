#include "compiler/partitioned_compile.h"

#include <algorithm>
#include <atomic>
#include <mutex>
#include <optional>
#include <thread>

#include "compiler/module_emitter.h"
#include "compiler/optimization_pipeline.h"
#include "compiler/target.h"
#include "compiler/trap_probes.h"
#include "llvm/Bitcode/BitcodeWriter.h"
#include "llvm/ExecutionEngine/Orc/CompileUtils.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/Verifier.h"
#include "llvm/Support/raw_ostream.h"

namespace faaslet::compiler {

namespace {

using Clock = std::chrono::steady_clock;

struct PartitionResult {
    std::unique_ptr<llvm::MemoryBuffer> object;
    std::optional<PartitionedFailure> failure;
    std::string optimizedIR;  // only when options.inspectOptimizedIR asks for it
    CompileTimings timings;
};

PartitionResult fail(std::string message, bool unsupported = false) {
    PartitionResult result;
    result.failure = PartitionedFailure{std::move(message), unsupported};
    return result;
}

// The first function of `ir` the verifier rejects, as an internal compiler error; empty if none.
std::string invalidFunction(llvm::Module& ir) {
    for (llvm::Function& f : ir) {
        std::string verifierMessage;
        llvm::raw_string_ostream verifierStream(verifierMessage);
        if (!f.isDeclaration() && llvm::verifyFunction(f, &verifierStream)) {
            if (getenv("FAASLET_DUMP_INVALID_IR")) f.print(llvm::errs());
            return "internal compiler error: invalid LLVM IR in " + f.getName().str() + ": " +
                   verifierMessage.substr(0, 500);
        }
    }
    return {};
}

// For profiling the optimiser and code generator apart with opt-19 and llc-19 (README.md):
// $FAASLET_DUMP_LOWERED_IR.N is partition N as lowered, in bitcode.
void dumpLoweredIR(const llvm::Module& ir, size_t index) {
    const char* dump = getenv("FAASLET_DUMP_LOWERED_IR");
    if (!dump) return;
    std::error_code ec;
    llvm::raw_fd_ostream out(std::string(dump) + "." + std::to_string(index), ec);
    if (!ec) llvm::WriteBitcodeToFile(ir, out);
}

PartitionResult compilePartition(const wasm::Module& module, const Partition& partition, size_t index,
                                 const CompileOptions& options) {
    PartitionResult result;
    const auto start = Clock::now();
    std::string error;
    auto machine = hostTargetMachine(options.optLevel, error);
    if (!machine) return fail("no LLVM target for this machine: " + error);
    llvm::LLVMContext context;
    llvm::Module ir("wasm", context);
    ir.setTargetTriple(machine->getTargetTriple().str());
    ir.setDataLayout(machine->createDataLayout());
    try {
        EmitContext ec(context, ir, module, options);
        emitPartition(ec, partition);
    } catch (const CompileError& e) {
        return fail(e.message, e.unsupported);
    }
    if (std::string invalid = invalidFunction(ir); !invalid.empty()) return fail(invalid);
    dumpLoweredIR(ir, index);
    const auto lowered = Clock::now();
    result.timings.lower = lowered - start;

    optimize(ir, *machine, options.optLevel);
    if (std::string function = functionWithUnresolvedTrapProbe(ir); !function.empty())
        return fail("internal compiler error: a trap probe is left unresolved in " + function);
    if (options.inspectOptimizedIR) {
        llvm::raw_string_ostream out(result.optimizedIR);
        ir.print(out, nullptr);
    }
    const auto optimized = Clock::now();
    result.timings.optimize = optimized - lowered;

    // A target machine of its own for code generation, as the optimiser's has run passes on it.
    auto generator = hostTargetMachine(options.optLevel, error);
    if (!generator) return fail("no LLVM target for this machine: " + error);
    llvm::orc::SimpleCompiler compiler(*generator);
    auto object = compiler(ir);
    if (!object) return fail("code generation failed: " + llvm::toString(object.takeError()));
    result.object = std::move(*object);
    result.timings.codegen = Clock::now() - optimized;
    return result;
}

}  // namespace

Expected<PartitionedObjects, PartitionedFailure> compilePartitions(const wasm::Module& module,
                                                                   const std::vector<Partition>& partitions,
                                                                   const CompileOptions& options) {
    const size_t total = partitions.size();
    std::vector<PartitionResult> results(total);
    std::atomic<size_t> next{0};
    std::mutex progressLock;
    unsigned done = 0;
    auto work = [&] {
        for (size_t i = next++; i < total; i = next++) {
            results[i] = compilePartition(module, partitions[i], i, options);
            std::lock_guard lock(progressLock);
            ++done;
            if (options.codegenProgress) options.codegenProgress(done, unsigned(total));
        }
    };
    {
        const unsigned threads = options.codegenThreads ? options.codegenThreads : std::thread::hardware_concurrency();
        std::vector<std::jthread> helpers;
        for (unsigned t = 1; t < std::min<size_t>(std::max(threads, 1u), total); ++t) helpers.emplace_back(work);
        work();
    }

    PartitionedObjects compiled;
    std::string optimizedIR;
    for (auto& result : results) {
        if (result.failure) return std::move(*result.failure);
        compiled.objects.push_back(std::move(result.object));
        compiled.timings.lower += result.timings.lower;
        compiled.timings.optimize += result.timings.optimize;
        compiled.timings.codegen += result.timings.codegen;
        optimizedIR += result.optimizedIR;
    }
    if (options.inspectOptimizedIR) options.inspectOptimizedIR(optimizedIR);
    return compiled;
}

}  // namespace faaslet::compiler
