#pragma once
// Registration of the subcommands of the `faaslet` command. Each sets `status` to the process
// exit status when it runs.

#include "CLI/CLI.hpp"
#include "compiler/compiler.h"

namespace faaslet::cli {

void addInspectCommand(CLI::App& app, int& status);
void addRunCommand(CLI::App& app, int& status);
void addPrecompileCommand(CLI::App& app, int& status);
void addCacheCommand(CLI::App& app, int& status);

// -v/--verbose: the timing breakdown of each phase, through spdlog. Given to the top-level app and
// to the commands that compile and run, so it may stand before or after the subcommand's name.
void addVerboseFlag(CLI::App& app);

// The options of `run` and `precompile` that shape compilation.
struct CompileFlags {
    int optLevel = 2;
    unsigned codegenThreads = 0;  // 0: one per core
};
void addCompileFlags(CLI::App& command, CompileFlags& flags);
compiler::CompileOptions compileOptionsOf(const CompileFlags& flags);

}  // namespace faaslet::cli
