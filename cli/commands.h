#pragma once
// Registration of the subcommands of the `faaslet` command. Each sets `status` to the process
// exit status when it runs.

#include "CLI/CLI.hpp"

namespace faaslet::cli {

void addInspectCommand(CLI::App& app, int& status);
void addRunCommand(CLI::App& app, int& status);

}  // namespace faaslet::cli
