#include "compiler/compiler.h"

#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <thread>

#include "compiler/module_emitter.h"
#include "compiler/optimization_pipeline.h"
#include "compiler/parallel_codegen.h"
#include "compiler/target.h"
#include "compiler/trap_probes.h"
#include "llvm/Bitcode/BitcodeWriter.h"
#include "llvm/IR/Verifier.h"
#include "llvm/Support/raw_ostream.h"

extern char** environ;

namespace faaslet::compiler {

namespace {

using Clock = std::chrono::steady_clock;

// Links the objects into one shared object with lld, run as a child process (no shell).
std::string linkSharedObject(const std::vector<std::filesystem::path>& objects, const std::filesystem::path& output) {
    std::vector<std::string> argv{"ld.lld-19", "-shared", "--hash-style=gnu", "-z", "now", "-z", "noexecstack",
                                  "-o",        output.string()};
    for (const auto& object : objects) argv.push_back(object.string());
    std::vector<char*> args;
    for (auto& a : argv) args.push_back(a.data());
    args.push_back(nullptr);
    pid_t pid;
    if (int rc = posix_spawnp(&pid, args[0], nullptr, nullptr, args.data(), environ); rc != 0)
        return "cannot run ld.lld-19: " + std::string(strerror(rc));
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) return "ld.lld-19 failed to link " + output.string();
    return {};
}

// Writes each object beside `output` (output.0.o, output.1.o, ...), links them and removes them.
std::string linkObjects(const std::vector<std::unique_ptr<llvm::MemoryBuffer>>& objects,
                        const std::filesystem::path& output) {
    std::vector<std::filesystem::path> paths;
    std::string error;
    for (size_t i = 0; i < objects.size() && error.empty(); ++i) {
        std::filesystem::path path = output;
        path += "." + std::to_string(i) + ".o";
        std::ofstream out(path, std::ios::binary);
        out.write(objects[i]->getBufferStart(), std::streamsize(objects[i]->getBufferSize()));
        paths.push_back(path);
        if (!out) error = "cannot write " + path.string();
    }
    if (error.empty()) error = linkSharedObject(paths, output);
    std::error_code ignored;
    for (const auto& path : paths) std::filesystem::remove(path, ignored);
    return error;
}

}  // namespace

CompileResult compile(const wasm::Module& module, const CompileOptions& options, const std::filesystem::path& output) {
    CompileResult result;
    auto start = Clock::now();
    llvm::LLVMContext context;
    llvm::Module ir("wasm", context);
    std::string error;
    auto machine = hostTargetMachine(options.optLevel, error);
    if (!machine) {
        result.error = "no LLVM target for this machine: " + error;
        return result;
    }
    ir.setTargetTriple(machine->getTargetTriple().str());
    ir.setDataLayout(machine->createDataLayout());
    try {
        EmitContext ec(context, ir, module, options);
        emitModule(ec);
    } catch (const CompileError& e) {
        result.error = e.message;
        result.unsupported = e.unsupported;
        return result;
    }
    for (llvm::Function& f : ir) {
        std::string verifierMessage;
        llvm::raw_string_ostream verifierStream(verifierMessage);
        if (!f.isDeclaration() && llvm::verifyFunction(f, &verifierStream)) {
            if (getenv("FAASLET_DUMP_INVALID_IR")) f.print(llvm::errs());
            result.error = "internal compiler error: invalid LLVM IR in " + f.getName().str() + ": " +
                           verifierMessage.substr(0, 500);
            return result;
        }
    }
    auto lowered = Clock::now();
    result.timings.lower = lowered - start;
    // For profiling the optimiser and code generator apart with opt-19 and llc-19 (compiler/README.md).
    if (const char* dump = getenv("FAASLET_DUMP_LOWERED_IR")) {
        std::error_code ec;
        llvm::raw_fd_ostream out(dump, ec);
        if (!ec) llvm::WriteBitcodeToFile(ir, out);
    }

    optimize(ir, *machine, options.optLevel);
    if (std::string function = functionWithUnresolvedTrapProbe(ir); !function.empty()) {
        result.error = "internal compiler error: a trap probe is left unresolved in " + function;
        return result;
    }
    if (options.inspectOptimizedIR) {
        std::string text;
        llvm::raw_string_ostream out(text);
        ir.print(out, nullptr);
        options.inspectOptimizedIR(text);
    }
    auto optimized = Clock::now();
    result.timings.optimize = optimized - lowered;

    auto machines = [&options] {
        std::string ignored;
        return hostTargetMachine(options.optLevel, ignored);
    };
    const unsigned threads = options.codegenThreads ? options.codegenThreads : std::thread::hardware_concurrency();
    auto objects = generateObjects(ir, machines, threads, options.codegenProgress);
    if (!objects) {
        result.error = objects.error();
        return result;
    }
    auto generated = Clock::now();
    result.timings.codegen = generated - optimized;
    result.partitions = unsigned(objects->size());
    for (const auto& object : *objects) result.objectBytes += object->getBufferSize();

    result.error = linkObjects(*objects, output);
    result.timings.link = Clock::now() - generated;
    return result;
}

}  // namespace faaslet::compiler
