#pragma once
// Registration of the subcommands of the `faaslet` command. Each sets `status` to the process
// exit status when it runs.

#include "CLI/CLI.hpp"
#include "common/expected.h"
#include "compiler/compiler.h"

namespace faaslet::cli {

void addInspectCommand(CLI::App& app, int& status);
void addRunCommand(CLI::App& app, int& status);
void addPrecompileCommand(CLI::App& app, int& status);
void addCacheCommand(CLI::App& app, int& status);
void addFunctionCommand(CLI::App& app, int& status);
void addInvokeCommand(CLI::App& app, int& status);

// -v/--verbose: the timing breakdown of each phase, through spdlog. Given to the top-level app and
// to the commands that compile and run, so it may stand before or after the subcommand's name.
void addVerboseFlag(CLI::App& app);

// The options of `run` and `precompile` that shape compilation.
struct CompileFlags {
    int optLevel = 2;             // of the optimised tier
    std::string tier = "auto";    // auto, quick or optimised (loader::isQuickTier)
    unsigned codegenThreads = 0;  // 0: one per core
};
void addCompileFlags(CLI::App& command, CompileFlags& flags);
// The options of the tier the flags ask for (auto: the optimised one); an error message when
// they contradict each other (--tier optimised -O 0).
Expected<compiler::CompileOptions, std::string> compileOptionsOf(const CompileFlags& flags);

}  // namespace faaslet::cli
