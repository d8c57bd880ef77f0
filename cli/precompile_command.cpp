// `faaslet precompile FILE.wasm...`: compiles modules into the cache, printing each key, the object
// size and the compile time (or that it was cached already).

#include <memory>

#include "cache/cache_directory.h"
#include "cli/commands.h"
#include "cli/module_preparation.h"
#include "fmt/format.h"

namespace faaslet::cli {

llvmgen::OptLevel optLevelOf(int level) {
    return level == 0 ? llvmgen::OptLevel::O0 : level == 3 ? llvmgen::OptLevel::O3 : llvmgen::OptLevel::O2;
}

void addPrecompileCommand(CLI::App& app, int& status) {
    struct Options {
        std::vector<std::string> files;
        int optLevel = 2;
    };
    auto options = std::make_shared<Options>();
    auto* cmd = app.add_subcommand("precompile", "Compile modules into the cache ($FAASLET_CACHE_DIR, "
                                                 "$XDG_CACHE_HOME/faaslet or ~/.cache/faaslet)");
    cmd->add_option("files", options->files, "WebAssembly binaries")->required()->check(CLI::ExistingFile);
    cmd->add_option("-O", options->optLevel, "Optimisation level: 0, 2 or 3")->check(CLI::IsMember({0, 2, 3}));
    cmd->callback([&status, options] {
        PrepareOptions prepare;
        prepare.compile.optLevel = optLevelOf(options->optLevel);
        if (auto directory = cache::resolveCacheDirectory())
            prepare.cacheDirectory = *directory;
        else
            fmt::print(stderr, "faaslet: warning: {}\n", directory.error().toString());
        for (const auto& file : options->files) {
            auto prepared = prepareModule(file, prepare);
            if (!prepared) {
                fmt::print(stderr, "faaslet: {}\n", prepared.error());
                status = 1;
                continue;
            }
            fmt::print("{}: key {}, object {} bytes, {}\n", file, prepared->key, prepared->objectBytes,
                       prepared->cacheHit
                           ? std::string("already cached")
                           : fmt::format("compiled in {:.1f} ms",
                                         std::chrono::duration<double, std::milli>(prepared->compileTime).count()));
        }
    });
}

}  // namespace faaslet::cli
