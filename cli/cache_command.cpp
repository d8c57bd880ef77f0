// `faaslet cache ls | clear`: what the cache holds, and emptying it.

#include <memory>

#include "cache/cache_directory.h"
#include "cache/object_cache.h"
#include "cli/commands.h"
#include "fmt/format.h"

namespace faaslet::cli {

void addCacheCommand(CLI::App& app, int& status) {
    auto* cmd = app.add_subcommand("cache", "Inspect or empty the cache of compiled modules");
    cmd->require_subcommand(1);
    auto* ls = cmd->add_subcommand("ls", "List the cached modules: key and object size");
    ls->callback([&status] {
        auto directory = cache::resolveCacheDirectory();
        if (!directory) {
            fmt::print(stderr, "faaslet: {}\n", directory.error().toString());
            status = 1;
            return;
        }
        cache::ObjectCache objects(*directory);
        auto listing = objects.list();
        if (!listing) {
            fmt::print(stderr, "faaslet: {}\n", listing.error().toString());
            status = 1;
            return;
        }
        for (const auto& entry : listing->entries)
            fmt::print("{}  {} bytes  {}{}\n", entry.key.hex(), entry.size, entry.name,
                       entry.problem ? " (damaged: " + entry.problem->toString() + ")" : std::string());
        fmt::print("{}: {} bytes in all\n", objects.directory().string(), listing->totalBytes);
    });
    auto* clear = cmd->add_subcommand("clear", "Remove every cached module");
    clear->callback([&status] {
        auto directory = cache::resolveCacheDirectory();
        if (!directory) {
            fmt::print(stderr, "faaslet: {}\n", directory.error().toString());
            status = 1;
            return;
        }
        cache::ObjectCache objects(*directory);
        auto removed = objects.clear();
        if (!removed) {
            fmt::print(stderr, "faaslet: {}\n", removed.error().toString());
            status = 1;
            return;
        }
        fmt::print("removed {} entries from {}\n", *removed, objects.directory().string());
        status = 0;
    });
}

}  // namespace faaslet::cli
