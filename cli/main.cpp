// The `faaslet` command: one subcommand per file of this folder.

#include "CLI/CLI.hpp"
#include "cli/commands.h"

int main(int argc, char** argv) {
    CLI::App app{"faaslet: an ahead-of-time WebAssembly runtime for serverless functions"};
    app.require_subcommand(1);
    app.set_version_flag("--version", FAASLET_VERSION);
    int status = 0;
    faaslet::cli::addInspectCommand(app, status);
    faaslet::cli::addRunCommand(app, status);
    faaslet::cli::addPrecompileCommand(app, status);
    faaslet::cli::addCacheCommand(app, status);
    CLI11_PARSE(app, argc, argv);
    return status;
}
