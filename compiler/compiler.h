#pragma once
// The compiler's public entry: a validated module in, a native shared object out (following
// abi/abi.h), through LLVM IR, LLVM's optimiser and ORC's object compiler for the host CPU.

#include <chrono>
#include <filesystem>
#include <functional>
#include <string>

#include "wasm/module/error.h"
#include "wasm/module/module.h"

namespace faaslet::compiler {

enum class OptLevel : uint8_t { O0, O2, O3 };

struct CompileOptions {
    OptLevel optLevel = OptLevel::O2;
    // Poll the instance's interrupt flag at function entries and loop headers, so another thread
    // can stop a runaway call.
    bool interruptible = true;
    // Threads for code generation; 0: one per core. Never changes the code produced (see
    // parallel_codegen.h), so it is not part of the cache key.
    unsigned codegenThreads = 0;
    // Told of each partition whose code is generated (done of total); may be empty.
    std::function<void(unsigned done, unsigned total)> codegenProgress;
    // Given the optimised LLVM IR as text, before code generation, so that tests can check what
    // the optimiser made of a module; may be empty (then the IR is never printed).
    std::function<void(const std::string& ir)> inspectOptimizedIR;
};

struct CompileTimings {
    std::chrono::nanoseconds lower{0};
    std::chrono::nanoseconds optimize{0};
    std::chrono::nanoseconds codegen{0};
    std::chrono::nanoseconds link{0};
};

struct CompileResult {
    std::string error;         // empty on success
    bool unsupported = false;  // the module uses a feature the compiler does not implement yet
    CompileTimings timings;
    size_t objectBytes = 0;   // of the objects before linking
    unsigned partitions = 0;  // compiled in parallel
};

// Compiles `module` (which must have passed validation) into the shared object `output`.
CompileResult compile(const wasm::Module& module, const CompileOptions& options,
                      const std::filesystem::path& output);

// Identifies the code this build produces for this machine: the LLVM version, target triple, CPU
// and its features. Part of every cache key.
std::string targetDescription();

}  // namespace faaslet::compiler
