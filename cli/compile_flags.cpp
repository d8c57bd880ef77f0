// The options `run` and `precompile` share: -O, --codegen-threads and -v.

#include "cli/commands.h"
#include "spdlog/spdlog.h"

namespace faaslet::cli {

void addVerboseFlag(CLI::App& app) {
    app.add_flag_callback(
           "-v,--verbose", [] { spdlog::set_level(spdlog::level::info); },
           "Print how long each phase took: read, key, cache lookup, compile, load, link, instantiate, run")
        ->trigger_on_parse();
}

void addCompileFlags(CLI::App& command, CompileFlags& flags) {
    command.add_option("-O", flags.optLevel, "Optimisation level: 0, 2 or 3")
        ->check(CLI::IsMember({0, 2, 3}));
    command
        .add_option("--codegen-threads", flags.codegenThreads,
                    "Threads generating code for a large module's partitions (default: one per core); "
                    "the code is the same whatever the number")
        ->check(CLI::PositiveNumber);
    addVerboseFlag(command);
}

compiler::CompileOptions compileOptionsOf(const CompileFlags& flags) {
    compiler::CompileOptions options;
    options.optLevel = flags.optLevel == 0   ? compiler::OptLevel::O0
                       : flags.optLevel == 3 ? compiler::OptLevel::O3
                                             : compiler::OptLevel::O2;
    options.codegenThreads = flags.codegenThreads;
    return options;
}

}  // namespace faaslet::cli
