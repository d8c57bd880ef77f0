// The options `run` and `precompile` share: -O, --tier, --codegen-threads and -v.

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
    command.add_option("-O", flags.optLevel, "Optimisation level: 0 (the quick tier), 2 or 3 (the optimised tier)")
        ->check(CLI::IsMember({0, 2, 3}));
    command
        .add_option("--tier", flags.tier,
                    "quick: the -O0 code, compiled fast; optimised: the -O code; auto: for run, a large "
                    "module not in the cache starts on the quick tier while the optimised one is built "
                    "in the background; for precompile, the optimised tier")
        ->check(CLI::IsMember({"auto", "quick", "optimised"}))
        ->capture_default_str();
    command
        .add_option("--codegen-threads", flags.codegenThreads,
                    "Threads generating code for a large module's partitions (default: one per core); "
                    "the code is the same whatever the number")
        ->check(CLI::PositiveNumber);
    addVerboseFlag(command);
}

Expected<compiler::CompileOptions, std::string> compileOptionsOf(const CompileFlags& flags) {
    if (flags.tier == "optimised" && flags.optLevel == 0)
        return std::string("--tier optimised takes -O 2 or -O 3 (-O 0 is the quick tier)");
    compiler::CompileOptions options;
    options.optLevel = flags.optLevel == 0   ? compiler::OptLevel::O0
                       : flags.optLevel == 3 ? compiler::OptLevel::O3
                                             : compiler::OptLevel::O2;
    if (flags.tier == "quick") options.optLevel = compiler::OptLevel::O0;
    options.codegenThreads = flags.codegenThreads;
    return options;
}

}  // namespace faaslet::cli
