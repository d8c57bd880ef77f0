// The `faaslet` command: one subcommand per file of this folder.

#include "CLI/CLI.hpp"
#include "cli/commands.h"
#include "spdlog/sinks/stdout_color_sinks.h"
#include "spdlog/spdlog.h"

int main(int argc, char** argv) {
    // Only -v's timing lines are logged, to stderr: stdout is the guest's and the results'.
    // Warnings and errors are the commands' own messages.
    spdlog::set_default_logger(spdlog::stderr_color_mt("faaslet"));
    spdlog::set_pattern("faaslet: %v");
    spdlog::set_level(spdlog::level::warn);
    CLI::App app{"faaslet: an ahead-of-time WebAssembly runtime for serverless functions"};
    app.require_subcommand(1);
    app.set_version_flag("--version", FAASLET_VERSION);
    faaslet::cli::addVerboseFlag(app);
    int status = 0;
    faaslet::cli::addInspectCommand(app, status);
    faaslet::cli::addRunCommand(app, status);
    faaslet::cli::addPrecompileCommand(app, status);
    faaslet::cli::addCacheCommand(app, status);
    faaslet::cli::addFunctionCommand(app, status);
    faaslet::cli::addInvokeCommand(app, status);
    CLI11_PARSE(app, argc, argv);
    return status;
}
