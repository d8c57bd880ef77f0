// `faaslet cache ls | clear`: what the cache holds, and emptying it.

#include <memory>

#include "cache/object_cache.h"
#include "cli/commands.h"
#include "fmt/format.h"

namespace faaslet::cli {

void addCacheCommand(CLI::App& app, int& status) {
    auto* cmd = app.add_subcommand("cache", "Inspect or empty the cache of compiled modules");
    cmd->require_subcommand(1);
    auto* ls = cmd->add_subcommand("ls", "List the cached modules: key and object size");
    ls->callback([] {
        cache::ObjectCache objects(cache::ObjectCache::defaultDirectory());
        uint64_t total = 0;
        for (const auto& entry : objects.list()) {
            fmt::print("{}  {} bytes\n", entry.key, entry.size);
            total += entry.size;
        }
        fmt::print("{}: {} bytes in all\n", objects.directory().string(), total);
    });
    auto* clear = cmd->add_subcommand("clear", "Remove every cached module");
    clear->callback([&status] {
        cache::ObjectCache objects(cache::ObjectCache::defaultDirectory());
        fmt::print("removed {} entries from {}\n", objects.clear(), objects.directory().string());
        status = 0;
    });
}

}  // namespace faaslet::cli
