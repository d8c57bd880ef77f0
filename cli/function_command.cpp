// `faaslet function add | ls | info | rm`: the registered functions of the data directory
// (functions/registry.h), their modules precompiled into the cache and their settings.

#include <memory>
#include <optional>

#include "cli/commands.h"
#include "cli/progress.h"
#include "fmt/chrono.h"
#include "fmt/format.h"
#include "functions/data_directory.h"
#include "functions/registry.h"
#include "functions/settings_json.h"
#include "cache/size_limit.h"
#include "loader/module_file.h"

namespace faaslet::cli {

namespace {

using functions::Registry;

// The settings exactly as given: parsed only when the command runs, so that every bad value is
// reported with the setting it belongs to.
struct AddOptions {
    std::string name;
    std::string file;
    std::optional<std::string> init, timeout, maxMemory, maxFaaslets, cpuWeight, maxOutput;
    std::vector<std::string> env, dirs, writableDirs;
};

struct NameOption {
    std::string name;
    bool json = false;
};

int fail(const std::string& message) {
    fmt::print(stderr, "faaslet: {}\n", message);
    return 1;
}

functions::Result<functions::Settings> settingsOf(const AddOptions& o) {
    functions::Settings s;
    if (o.init) s.initExport = *o.init;
    if (o.timeout) {
        auto timeout = functions::parseDuration(*o.timeout, "--timeout");
        if (!timeout) return timeout.error();
        s.timeout = *timeout;
    }
    if (o.maxMemory) {
        auto bytes = functions::parseByteSize(*o.maxMemory, "--max-memory");
        if (!bytes) return bytes.error();
        s.maxMemoryBytes = *bytes;
    }
    if (o.maxFaaslets) {
        auto count = functions::parseCount(*o.maxFaaslets, "--max-faaslets", 1, functions::kMaxFaasletsLimit);
        if (!count) return count.error();
        s.maxFaaslets = *count;
    }
    if (o.cpuWeight) {
        auto weight = functions::parseCount(*o.cpuWeight, "--cpu-weight", functions::kMinCpuWeight,
                                            functions::kMaxCpuWeight);
        if (!weight) return weight.error();
        s.cpuWeight = *weight;
    }
    if (o.maxOutput) {
        auto bytes = functions::parseByteSize(*o.maxOutput, "--max-output");
        if (!bytes) return bytes.error();
        s.maxOutputBytes = *bytes;
    }
    for (const std::string& entry : o.env) {
        auto parsed = functions::parseEnvironmentEntry(entry);
        if (!parsed) return parsed.error();
        s.environment.push_back(std::move(*parsed));
    }
    for (auto [specs, writable] : {std::pair{&o.dirs, false}, std::pair{&o.writableDirs, true}})
        for (const std::string& spec : *specs) {
            auto preopen = functions::parsePreopen(spec, writable);
            if (!preopen) return preopen.error();
            s.preopens.push_back(std::move(*preopen));
        }
    if (auto valid = functions::validate(s); !valid) return valid.error();
    return s;
}

std::string timeText(std::chrono::system_clock::time_point time) {
    return fmt::format("{:%Y-%m-%d %H:%M:%S} UTC", fmt::gmtime(std::chrono::system_clock::to_time_t(time)));
}

int add(const AddOptions& options) {
    auto name = functions::parseFunctionName(options.name);
    if (!name) return fail(name.error().message);
    auto settings = settingsOf(options);
    if (!settings) return fail(settings.error().message);
    auto bytes = loader::readModuleFile(options.file);
    if (!bytes) return fail(bytes.error());
    Progress progress(1, Progress::stderrIsTerminal());
    auto registry = Registry::openFromEnvironment(progress);
    if (!registry) return fail(registry.error().message);
    auto added = registry->add(*name, std::move(*bytes), *settings, progress);
    progress.moduleDone(options.name);
    if (!added) return fail(added.error().message);
    progress.result(fmt::format("{} {}: key {}, wasm {} bytes, {}", added->replaced ? "replaced" : "added",
                                name->toString(), added->record.cacheKey, added->record.wasmBytes,
                                added->loaded.cacheHit ? "already compiled" : "compiled"));
    return 0;
}

int list() {
    Progress progress(0, false);
    auto registry = Registry::openFromEnvironment(progress);
    if (!registry) return fail(registry.error().message);
    auto records = registry->list();
    if (!records) return fail(records.error().message);
    for (const auto& record : *records)
        fmt::print("{}  {} bytes  {}  {}\n", record.name.toString(), record.wasmBytes, timeText(record.added),
                   record.cacheKey.substr(0, 16));
    fmt::print("{} function{} in {}\n", records->size(), records->size() == 1 ? "" : "s",
               registry->directory().string());
    return 0;
}

void printInfo(const functions::FunctionRecord& r) {
    const functions::Settings& s = r.settings;
    fmt::print("name          {}\n", r.name.toString());
    fmt::print("version       {}\n", r.version);
    fmt::print("added         {}\n", timeText(r.added));
    fmt::print("wasm          {} bytes\n", r.wasmBytes);
    fmt::print("sha256        {}\n", r.sha256);
    fmt::print("cache key     {}\n", r.cacheKey);
    fmt::print("init export   {}\n", s.initExport.empty() ? "(none)" : s.initExport);
    fmt::print("timeout       {}\n", functions::formatDuration(s.timeout));
    fmt::print("memory limit  {}\n", cache::formatSize(s.maxMemoryBytes));
    fmt::print("max Faaslets  {}\n", s.maxFaaslets);
    fmt::print("CPU weight    {}\n", s.cpuWeight);
    fmt::print("output bound  {}\n", cache::formatSize(s.maxOutputBytes));
    for (const auto& [variable, value] : s.environment) fmt::print("environment   {}={}\n", variable, value);
    for (const auto& p : s.preopens)
        fmt::print("directory     {} as {} ({})\n", p.hostPath, p.guestPath, p.writable ? "read-write" : "read-only");
}

int info(const NameOption& option) {
    auto name = functions::parseFunctionName(option.name);
    if (!name) return fail(name.error().message);
    Progress progress(0, false);
    auto registry = Registry::openFromEnvironment(progress);
    if (!registry) return fail(registry.error().message);
    auto record = registry->info(*name);
    if (!record) return fail(record.error().message);
    if (option.json)
        fmt::print("{}\n", functions::toJson(*record).dump(2));
    else
        printInfo(*record);
    return 0;
}

int remove(const NameOption& option) {
    auto name = functions::parseFunctionName(option.name);
    if (!name) return fail(name.error().message);
    Progress progress(0, false);
    auto registry = Registry::openFromEnvironment(progress);
    if (!registry) return fail(registry.error().message);
    if (auto removed = registry->remove(*name); !removed) return fail(removed.error().message);
    fmt::print("removed {}\n", name->toString());
    return 0;
}

void addAddCommand(CLI::App& function, int& status) {
    auto o = std::make_shared<AddOptions>();
    auto* cmd = function.add_subcommand("add", "Register (or replace) a function: store its module, precompile "
                                               "it into the cache and record its settings");
    cmd->add_option("name", o->name, "user/function")->required();
    cmd->add_option("file", o->file, "WebAssembly binary")->required();
    cmd->add_option("--init", o->init, "An export to call once before the snapshot");
    cmd->add_option("--timeout", o->timeout, "Per call: 500ms, 2s, 1m, 1h (default 1m)");
    cmd->add_option("--max-memory", o->maxMemory, "Linear memory limit, a multiple of 64K (default 256M)");
    cmd->add_option("--max-faaslets", o->maxFaaslets, "Faaslets of this function at once (default 8)");
    // One value per occurrence, so that a repeated option leaves the positional arguments alone.
    cmd->add_option("--env", o->env, "Environment variable NAME=VALUE (repeatable)")->allow_extra_args(false);
    cmd->add_option("--dir", o->dirs, "Give the guest HOST read-only, as GUEST if given (HOST[::GUEST], repeatable)")
        ->allow_extra_args(false);
    cmd->add_option("--dir-rw", o->writableDirs, "As --dir, but the guest may write beneath it (repeatable)")
        ->allow_extra_args(false);
    cmd->add_option("--cpu-weight", o->cpuWeight, "cgroup v2 CPU weight, 1-10000 (default 100)");
    cmd->add_option("--max-output", o->maxOutput, "Output and captured stdout/stderr bound per call (default 16M)");
    cmd->callback([&status, o] { status = add(*o); });
}

}  // namespace

void addFunctionCommand(CLI::App& app, int& status) {
    auto* function = app.add_subcommand("function", "Registered functions: add, ls, info, rm");
    function->require_subcommand(1);
    addAddCommand(*function, status);
    function->add_subcommand("ls", "List the registered functions")->callback([&status] { status = list(); });
    auto infoOption = std::make_shared<NameOption>();
    auto* infoCmd = function->add_subcommand("info", "Describe a function: module, key and settings");
    infoCmd->add_option("name", infoOption->name, "user/function")->required();
    infoCmd->add_flag("--json", infoOption->json, "As one JSON object");
    infoCmd->callback([&status, infoOption] { status = info(*infoOption); });
    auto rmOption = std::make_shared<NameOption>();
    auto* rmCmd = function->add_subcommand("rm", "Remove a function (calls in flight finish on it)");
    rmCmd->add_option("name", rmOption->name, "user/function")->required();
    rmCmd->callback([&status, rmOption] { status = remove(*rmOption); });
}

}  // namespace faaslet::cli
