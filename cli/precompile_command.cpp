// `faaslet precompile FILE.wasm...`: compiles modules into the cache (the optimised tier unless
// --tier quick), printing each key, the object size and the compile time (or that it was cached
// already); --jobs compiles several modules at once. --background is the detached build of the
// optimised tier that `faaslet run` starts (cli/background_build.h).

#include <sys/resource.h>

#include <algorithm>
#include <atomic>
#include <memory>
#include <thread>

#include "cli/commands.h"
#include "cli/progress.h"
#include "loader/loader.h"
#include "fmt/format.h"

namespace faaslet::cli {

namespace {

struct PrecompileOptions {
    std::vector<std::string> files;
    CompileFlags compile;
    unsigned jobs = 1;
    bool background = false;
};

std::string outcomeOf(const loader::LoadedWasm& prepared) {
    if (prepared.compiledElsewhere) return "being compiled by another process";
    if (prepared.cacheHit) return "already cached";
    return fmt::format("compiled in {:.1f} ms ({} codegen partition{})",
                       std::chrono::duration<double, std::milli>(prepared.compileTime).count(),
                       prepared.partitions, prepared.partitions == 1 ? "" : "s");
}

int precompile(const PrecompileOptions& options) {
    Progress progress(options.files.size(), Progress::stderrIsTerminal());
    loader::LoadOptions prepare = loader::loadOptionsFromEnvironment(progress);
    auto compile = compileOptionsOf(options.compile);
    if (!compile) {
        progress.note("faaslet: " + compile.error());
        return 1;
    }
    prepare.compile = *compile;
    if (options.background) {
        // Behind the runs that started it: they have the cores first.
        setpriority(PRIO_PROCESS, 0, 10);
        prepare.ifClaimed = cache::IfClaimed::GiveUp;
        prepare.replaceQuickTier = true;
    }
    const unsigned jobs = std::clamp<unsigned>(options.jobs, 1, unsigned(options.files.size()));
    // Jobs share the cores unless told otherwise: each gets its part for code generation.
    if (!prepare.compile.codegenThreads)
        prepare.compile.codegenThreads = std::max(1u, std::thread::hardware_concurrency() / jobs);

    std::atomic<size_t> next{0};
    std::atomic<int> status{0};
    auto work = [&] {
        for (size_t i = next++; i < options.files.size(); i = next++) {
            const std::string& file = options.files[i];
            auto prepared = loader::loadFile(file, prepare, progress);
            if (!prepared) {
                progress.note(fmt::format("faaslet: {}", prepared.error()));
                status = 1;
            } else {
                prepared->times.log(file);
                progress.result(fmt::format("{}: key {}, wasm {} bytes, object {} bytes, {}; {} tier", file,
                                            prepared->key, prepared->module->bytes.size(),
                                            prepared->objectBytes, outcomeOf(*prepared),
                                            loader::tierName(prepared->optLevel)));
            }
            progress.moduleDone(file);
        }
    };
    {
        std::vector<std::jthread> helpers;
        for (unsigned j = 1; j < jobs; ++j) helpers.emplace_back(work);
        work();
    }
    return status;
}

}  // namespace

void addPrecompileCommand(CLI::App& app, int& status) {
    auto options = std::make_shared<PrecompileOptions>();
    auto* cmd = app.add_subcommand("precompile",
                                   "Compile modules into the cache ($FAASLET_CACHE_DIR, "
                                   "$XDG_CACHE_HOME/faaslet or ~/.cache/faaslet)");
    cmd->add_option("files", options->files, "WebAssembly modules: binaries, or .wat text")->required()->check(CLI::ExistingFile);
    cmd->add_option("-j,--jobs", options->jobs, "Modules to compile at once (default 1)")
        ->check(CLI::PositiveNumber);
    addCompileFlags(*cmd, options->compile);
    // Hidden (no group): what `faaslet run` starts, not a user's option.
    cmd->add_flag("--background", options->background,
                  "Build at low priority, give up if another process is building the same entry, and "
                  "replace the module's quick tier")
        ->group("");
    cmd->callback([&status, options] { status = precompile(*options); });
}

}  // namespace faaslet::cli
