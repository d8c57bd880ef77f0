// `faaslet cache ls | clear`: what the cache holds, and emptying it.

#include <functional>
#include <memory>

#include "cache/cache_directory.h"
#include "cache/object_cache.h"
#include "cli/commands.h"
#include "fmt/format.h"

namespace faaslet::cli {

namespace {

// Runs `action` on the user's cache; a cache that cannot be found or read is an error message and
// exit status 1.
template <class Action>
std::function<void()> onCache(int& status, Action action) {
    return [&status, action] {
        auto directory = cache::resolveCacheDirectory();
        if (!directory) {
            fmt::print(stderr, "faaslet: {}\n", directory.error().toString());
            status = 1;
            return;
        }
        cache::ObjectCache objects(*directory);
        if (auto error = action(objects); !error.empty()) {
            fmt::print(stderr, "faaslet: {}\n", error);
            status = 1;
        }
    };
}

}  // namespace

void addCacheCommand(CLI::App& app, int& status) {
    auto* cmd = app.add_subcommand("cache", "Inspect or empty the cache of compiled modules");
    cmd->require_subcommand(1);
    cmd->add_subcommand("ls", "List the cached modules: key, object size, name")
        ->callback(onCache(status, [](cache::ObjectCache& objects) -> std::string {
            auto listing = objects.list();
            if (!listing) return listing.error().toString();
            for (const auto& entry : listing->entries)
                fmt::print("{}  {} bytes  {}{}\n", entry.key.hex(), entry.size, entry.name,
                           entry.problem ? " (damaged: " + entry.problem->toString() + ")" : std::string());
            fmt::print("{}: {} bytes in all\n", objects.directory().string(), listing->totalBytes);
            return {};
        }));
    cmd->add_subcommand("clear", "Remove every cached module")
        ->callback(onCache(status, [](cache::ObjectCache& objects) -> std::string {
            auto removed = objects.clear();
            if (!removed) return removed.error().toString();
            fmt::print("removed {} entries from {}\n", *removed, objects.directory().string());
            return {};
        }));
}

}  // namespace faaslet::cli
