// `faaslet cache ls | info | verify | prune | clear`: what the cache holds, checking it, keeping it
// under a size, and emptying it.

#include <ctime>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>

#include "cache/cache_directory.h"
#include "cache/elf_policy.h"
#include "cache/object_cache.h"
#include "cache/size_limit.h"
#include "cli/commands.h"
#include "fmt/chrono.h"
#include "fmt/format.h"

namespace faaslet::cli {

namespace {

// Runs `action` on the user's cache; a cache that cannot be found or read, or whatever `action`
// returns as an error, is a message and exit status 1. Only `clear` may find no cache at all
// (there is nothing to clear); the others say there is none.
enum class Absent : bool { IsError, IsEmpty };

template <class Action>
std::function<void()> onCache(int& status, Absent absent, Action action) {
    return [&status, absent, action] {
        auto fail = [&status](const std::string& message) {
            fmt::print(stderr, "faaslet: {}\n", message);
            status = 1;
        };
        auto directory = cache::resolveCacheDirectory();
        if (!directory) return fail(directory.error().toString());
        std::error_code ec;
        if (absent == Absent::IsError && !std::filesystem::exists(*directory, ec))
            return fail(
                fmt::format("no cache at {} (nothing has been compiled into it; FAASLET_CACHE_DIR "
                            "chooses another directory)",
                            directory->string()));
        auto keyFile = cache::resolveSealingKeyFile();
        if (!keyFile) return fail(keyFile.error().toString());
        auto key = cache::loadOrCreateSealingKey(*keyFile);
        if (!key) return fail(key.error().toString());
        cache::ObjectCache objects(*directory, std::move(*key), cache::elfPolicyViolation);
        if (auto error = action(objects); !error.empty()) fail(error);
    };
}

std::string timeText(std::chrono::system_clock::time_point time) {
    return fmt::format("{:%Y-%m-%d %H:%M:%S} UTC", fmt::gmtime(std::chrono::system_clock::to_time_t(time)));
}

std::string sizeText(uint64_t bytes) {
    return bytes < 1024 ? cache::formatSize(bytes)
                        : fmt::format("{} ({} bytes)", cache::formatSize(bytes), bytes);
}

std::string listEntries(const cache::ObjectCache& objects) {
    auto listing = objects.list();
    if (!listing) return listing.error().toString();
    for (const auto& entry : listing->entries)
        fmt::print("{}  {} bytes  {}{}\n", entry.key.hex(), entry.size, entry.name,
                   entry.problem ? fmt::format(" ({}: {})", entry.problem->isForgery() ? "forged" : "damaged",
                                               entry.problem->toString())
                                 : std::string());
    fmt::print("{}: {} entries, {} in all\n", objects.directory().string(), listing->entries.size(),
               sizeText(listing->totalBytes));
    return {};
}

std::string describeCache(const cache::ObjectCache& objects) {
    auto listing = objects.list();
    if (!listing) return listing.error().toString();
    size_t damaged = 0;
    for (const auto& entry : listing->entries) damaged += entry.problem.has_value();
    const cache::SizeLimit limit = cache::configuredSizeLimit();
    if (!limit.problem.empty())
        fmt::print(stderr, "faaslet: warning: {}; the default applies\n", limit.problem);
    fmt::print("directory   {}\n", objects.directory().string());
    fmt::print("entries     {}{}\n", listing->entries.size(),
               damaged ? fmt::format(" ({} damaged: `faaslet cache verify` removes them)", damaged) : "");
    fmt::print("total size  {}\n", sizeText(listing->totalBytes));
    fmt::print("size limit  {} ({})\n", sizeText(limit.bytes), limit.source);
    if (!listing->foreign.empty())
        fmt::print("foreign     {} files the cache did not write\n", listing->foreign.size());
    return {};
}

// The entry a key or a unique prefix of one names (as git takes abbreviated hashes), or an error.
Expected<cache::CacheKey, std::string> resolveKey(const cache::ObjectCache& objects, const std::string& keyText) {
    if (auto key = cache::CacheKey::fromHex(keyText)) return *key;
    const bool hex = !keyText.empty() && keyText.size() < 64 &&
                     keyText.find_first_not_of("0123456789abcdef") == std::string::npos;
    if (!hex)
        return fmt::format(
            "\"{}\" is not a cache key: expected lowercase hex digits (all 64, or enough to name one "
            "entry), as `faaslet cache ls` shows them",
            keyText);
    auto listing = objects.list();
    if (!listing) return listing.error().toString();
    std::vector<cache::CacheKey> matches;
    for (const auto& entry : listing->entries)
        if (entry.key.hex().starts_with(keyText)) matches.push_back(entry.key);
    if (matches.size() == 1) return matches.front();
    if (matches.empty()) return fmt::format("no entry {} in {}", keyText, objects.directory().string());
    return fmt::format("{} entries start with {}: give more digits", matches.size(), keyText);
}

std::string describeEntry(const cache::ObjectCache& objects, const std::string& keyText) {
    const auto key = resolveKey(objects, keyText);
    if (!key) return key.error();
    auto info = objects.info(*key);
    if (!info) {
        if (info.error().kind == cache::Error::Kind::NotFound)
            return fmt::format("no entry {} in {}", key->hex(), objects.directory().string());
        return info.error().toString();
    }
    fmt::print("key         {}\n", info->key.hex());
    fmt::print("name        {}\n", info->name);
    fmt::print("object      {}, {}\n", info->objectPath.string(), sizeText(info->objectSize));
    fmt::print("metadata    {}\n", sizeText(info->metadataSize));
    fmt::print("entry size  {}\n", sizeText(info->size));
    fmt::print("created     {}\n", timeText(info->created));
    fmt::print("last used   {}\n", timeText(info->lastUse));
    return {};
}

// Every damaged or forged entry is reported (and removed); exit status 1 if there was any. Forged
// ones (a seal that is not this user's key's, a link, another user's files) are counted apart: they
// are evidence that someone else can write the cache, where damage is usually an accident.
std::string verifyEntries(const cache::ObjectCache& objects) {
    auto report = objects.verify();
    if (!report) return report.error().toString();
    for (const auto& problem : report->problems) fmt::print(stderr, "faaslet: {}\n", problem.toString());
    const size_t damaged = report->problems.size() - report->forged;
    fmt::print("{}: checked {} entries, {} sound, {} damaged, {} forged\n", objects.directory().string(),
               report->checked, report->sound, damaged, report->forged);
    if (report->problems.empty()) return {};
    auto entries = [](size_t n) { return n == 1 ? "entry" : "entries"; };
    if (report->forged == 0) return fmt::format("{} damaged cache {} found", damaged, entries(damaged));
    return fmt::format("{} forged cache {} found{}: someone else may be able to write {}", report->forged,
                       entries(report->forged), damaged ? fmt::format(" (and {} damaged)", damaged) : "",
                       objects.directory().string());
}

// `maxSizeText`: --max-size's value, if it was given.
std::string pruneEntries(const cache::ObjectCache& objects, const std::optional<std::string>& maxSizeText) {
    uint64_t maxBytes = 0;
    if (!maxSizeText) {
        const cache::SizeLimit limit = cache::configuredSizeLimit();
        if (!limit.problem.empty()) return limit.problem;
        maxBytes = limit.bytes;
    } else {
        auto parsed = cache::parseSize(*maxSizeText);
        if (!parsed) return "--max-size: " + parsed.error().message;
        maxBytes = *parsed;
    }
    auto report = objects.prune(maxBytes);
    if (!report) return report.error().toString();
    for (const auto& entry : report->evicted)
        fmt::print("evicted {}  {} bytes  {}\n", entry.key.hex(), entry.size, entry.name);
    fmt::print("{}: {} before, {} after (limit {}); {} entries evicted, {} leftovers removed\n",
               objects.directory().string(), sizeText(report->bytesBefore), sizeText(report->bytesAfter),
               sizeText(maxBytes), report->evicted.size(), report->leftoversRemoved);
    return {};
}

}  // namespace

void addCacheCommand(CLI::App& app, int& status) {
    auto* cmd = app.add_subcommand("cache", "Inspect, check, prune or empty the cache of compiled modules");
    cmd->require_subcommand(1);
    cmd->add_subcommand("ls", "List the cached modules: key, size, name")
        ->callback(onCache(status, Absent::IsError, listEntries));

    auto key = std::make_shared<std::string>();
    auto* info = cmd->add_subcommand(
        "info", "Describe the cache (directory, entries, size, size limit), or one entry");
    info->add_option("key", *key, "An entry's key as `faaslet cache ls` shows it, or a unique prefix of it");
    info->callback(onCache(status, Absent::IsError, [key](const cache::ObjectCache& objects) {
        return key->empty() ? describeCache(objects) : describeEntry(objects, *key);
    }));

    cmd->add_subcommand("verify",
                        "Check every entry fully; remove damaged and forged ones (exit status 1 if there were any)")
        ->callback(onCache(status, Absent::IsError, verifyEntries));

    auto maxSize = std::make_shared<std::string>();
    auto* prune = cmd->add_subcommand("prune", "Evict the least recently used entries down to a size");
    auto* maxSizeOption = prune->add_option(
        "--max-size", *maxSize,
        "Size to keep, e.g. 500M or 2G (K, M, G, T: powers of 1024; default: $FAASLET_CACHE_MAX_SIZE "
        "or 1G)");
    prune->callback(
        onCache(status, Absent::IsError, [maxSize, maxSizeOption](const cache::ObjectCache& objects) {
            return pruneEntries(objects, maxSizeOption->count() ? std::optional(*maxSize) : std::nullopt);
        }));

    cmd->add_subcommand("clear", "Remove every cached module")
        ->callback(onCache(status, Absent::IsEmpty, [](const cache::ObjectCache& objects) -> std::string {
            auto removed = objects.clear();
            if (!removed) return removed.error().toString();
            fmt::print("removed {} entries from {}\n", *removed, objects.directory().string());
            return {};
        }));
}

}  // namespace faaslet::cli
