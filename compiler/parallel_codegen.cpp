#include "compiler/parallel_codegen.h"

#include <algorithm>
#include <atomic>
#include <mutex>
#include <thread>

#include "llvm/Bitcode/BitcodeReader.h"
#include "llvm/Bitcode/BitcodeWriter.h"
#include "llvm/ExecutionEngine/Orc/CompileUtils.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/Transforms/Utils/SplitModule.h"

namespace faaslet::compiler {

namespace {

// Enough instructions that a partition's code generation takes long against what splitting costs
// (cloning, a bitcode round trip into the partition's own context); few enough that a module of
// a few thousand functions keeps every core of a typical machine busy.
constexpr uint64_t kInstructionsPerPartition = 25000;
constexpr unsigned kMaxPartitions = 32;

using ObjectOrError = Expected<std::unique_ptr<llvm::MemoryBuffer>, std::string>;

ObjectOrError emitObject(llvm::Module& module, llvm::TargetMachine& machine) {
    llvm::orc::SimpleCompiler compiler(machine);
    auto object = compiler(module);
    if (!object) return "code generation failed: " + llvm::toString(object.takeError());
    return std::move(*object);
}

// LLVM contexts are single-threaded and SplitModule clones into the module's own, so each
// partition travels to its thread as bitcode.
std::vector<llvm::SmallVector<char, 0>> splitIntoBitcode(llvm::Module& module, unsigned partitions) {
    std::vector<llvm::SmallVector<char, 0>> parts;
    llvm::SplitModule(
        module, partitions,
        [&parts](std::unique_ptr<llvm::Module> part) {
            llvm::SmallVector<char, 0> bitcode;
            llvm::raw_svector_ostream out(bitcode);
            llvm::WriteBitcodeToFile(*part, out);
            parts.push_back(std::move(bitcode));
        },
        /*PreserveLocals=*/false, /*RoundRobin=*/true);
    return parts;
}

ObjectOrError compilePartition(const llvm::SmallVector<char, 0>& bitcode,
                               const TargetMachineFactory& machines) {
    llvm::LLVMContext context;
    auto part = llvm::parseBitcodeFile(
        llvm::MemoryBufferRef(llvm::StringRef(bitcode.data(), bitcode.size()), "partition"), context);
    if (!part) return "cannot read back a partition: " + llvm::toString(part.takeError());
    auto machine = machines();
    return emitObject(**part, *machine);
}

// From the module alone: never from the number of threads.
unsigned partitionCount(const llvm::Module& module) {
    uint64_t instructions = 0;
    for (const llvm::Function& function : module) instructions += function.getInstructionCount();
    return unsigned(std::clamp<uint64_t>(instructions / kInstructionsPerPartition, 1, kMaxPartitions));
}

}  // namespace

Expected<std::vector<std::unique_ptr<llvm::MemoryBuffer>>, std::string> generateObjects(
    llvm::Module& module, const TargetMachineFactory& machines, unsigned threads,
    const CodegenProgress& progress) {
    std::vector<std::unique_ptr<llvm::MemoryBuffer>> objects;
    const unsigned partitions = partitionCount(module);
    if (partitions == 1) {
        auto machine = machines();
        auto object = emitObject(module, *machine);
        if (!object) return object.error();
        objects.push_back(std::move(*object));
        if (progress) progress(1, 1);
        return objects;
    }

    const auto bitcode = splitIntoBitcode(module, partitions);
    const size_t total = bitcode.size();
    objects.resize(total);
    std::vector<std::string> errors(total);
    std::atomic<size_t> next{0};
    std::mutex progressLock;
    unsigned done = 0;
    auto work = [&] {
        for (size_t i = next++; i < total; i = next++) {
            auto object = compilePartition(bitcode[i], machines);
            if (object)
                objects[i] = std::move(*object);
            else
                errors[i] = object.error();
            std::lock_guard lock(progressLock);
            ++done;
            if (progress) progress(done, unsigned(total));
        }
    };
    {
        std::vector<std::jthread> helpers;
        for (unsigned t = 1; t < std::min<size_t>(std::max(threads, 1u), total); ++t)
            helpers.emplace_back(work);
        work();
    }
    for (const std::string& error : errors)
        if (!error.empty()) return error;
    return objects;
}

}  // namespace faaslet::compiler
