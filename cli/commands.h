#pragma once
// Registration of the subcommands of the `faaslet` command. Each sets `status` to the process
// exit status when it runs.

#include "CLI/CLI.hpp"
#include "compiler/llvm/compiler.h"

namespace faaslet::cli {

void addInspectCommand(CLI::App& app, int& status);
void addRunCommand(CLI::App& app, int& status);
void addPrecompileCommand(CLI::App& app, int& status);
void addCacheCommand(CLI::App& app, int& status);

// The -O option's value as the compiler's level.
llvmgen::OptLevel optLevelOf(int level);

}  // namespace faaslet::cli
