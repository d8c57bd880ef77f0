// `faaslet invoke user/fn|FILE.wasm [--input STR | --input-file F] [--repeat N] [--concurrency C]
// [--json] [--state URI]`: calls a stored function (with its settings), or a module file (with the options
// given here), through the Faaslet runtime in this process: a Proto-Faaslet made once, then
// every call on a warm Faaslet restored from it. Without --json the call's output and stdout go
// to stdout unchanged, its stderr to stderr, and the exit status is its return code; a trap,
// timeout or refusal is a message on stderr and status 1 (or the return code, if it is not 0).
// State goes to the global tier --state names (else FAASLET_STATE, else this process).

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <memory>
#include <mutex>
#include <thread>

#include "cache/size_limit.h"
#include "cli/call_json.h"
#include "cli/commands.h"
#include "cli/progress.h"
#include "faaslets/runtime.h"
#include "functions/faaslet_config.h"
#include "functions/registry.h"
#include "fmt/format.h"
#include "loader/module_file.h"
#include "state/open_tier.h"

namespace faaslet::cli {

namespace {

struct InvokeOptions {
    std::string target;
    std::string input;
    std::string inputFile;
    unsigned repeat = 1;
    unsigned concurrency = 1;
    bool json = false;
    double timeoutSeconds = 0;
    std::string maxMemory;
    std::string entry = "_start";
    std::string init;
    std::vector<std::string> env;
    std::string sandbox = "on";
    std::string state;
    CompileFlags compile;
};

int fail(const std::string& message) {
    fmt::print(stderr, "faaslet: {}\n", message);
    return 1;
}

void printPlain(const faaslets::CallResult& result) {
    std::fwrite(result.stdoutText.data(), 1, result.stdoutText.size(), stdout);
    std::fwrite(result.output.data(), 1, result.output.size(), stdout);
    std::fwrite(result.stderrText.data(), 1, result.stderrText.size(), stderr);
    if (!result.ok()) fmt::print(stderr, "faaslet: {}: {}\n", faaslets::toString(result.status), result.error);
}

int invoke(const InvokeOptions& options) {
    std::string input = options.input;
    if (!options.inputFile.empty()) {
        auto bytes = loader::readModuleFile(options.inputFile);
        if (!bytes) return fail(bytes.error());
        input.assign(bytes->begin(), bytes->end());
    }
    faaslets::RuntimeOptions runtimeOptions;
    Progress progress(1, Progress::stderrIsTerminal());
    runtimeOptions.load = loader::loadOptionsFromEnvironment(progress);
    auto compile = compileOptionsOf(options.compile);
    if (!compile) return fail(compile.error());
    runtimeOptions.load.compile = *compile;
    runtimeOptions.sandbox = options.sandbox == "on";
    const char* stateFromEnvironment = std::getenv("FAASLET_STATE");
    const std::string stateUri = !options.state.empty() ? options.state
                                 : stateFromEnvironment ? stateFromEnvironment
                                                        : "";
    auto stateTier = state::openGlobalTier(stateUri);
    if (!stateTier) return fail((options.state.empty() && stateFromEnvironment ? "FAASLET_STATE: " : "--state: ") +
                                stateTier.error());
    runtimeOptions.stateTier = std::move(*stateTier);

    // A file runs with the options given here; a stored function with its own settings.
    faaslets::FunctionConfig config;
    std::vector<uint8_t> wasm;
    std::error_code ec;
    if (std::filesystem::exists(options.target, ec) || options.target.find('/') == std::string::npos) {
        auto bytes = loader::readModuleFile(options.target);
        if (!bytes) return fail(bytes.error());
        wasm = std::move(*bytes);
        config.name = options.target;
        config.stateUser = "local";  // a path is no user's name, whatever its folders are called
        config.initExport = options.init;
        config.env = options.env;
        config.timeout = std::chrono::milliseconds(int64_t(options.timeoutSeconds * 1000));
        if (!options.maxMemory.empty()) {
            auto bytes = cache::parseSize(options.maxMemory);
            if (!bytes) return fail("--max-memory: " + bytes.error().toString());
            config.maxMemoryBytes = *bytes;
        }
    } else {
        auto name = functions::parseFunctionName(options.target);
        if (!name) return fail(name.error().message);
        auto registry = functions::Registry::openFromEnvironment(progress);
        if (!registry) return fail(registry.error().message);
        auto version = registry->lookup(*name);
        if (!version) return fail(version.error().message);
        config = functions::faasletConfigOf(*name, (*version)->record.settings);
        wasm = (*version)->wasm;
    }
    config.entry = options.entry;
    faaslets::Runtime runtime(runtimeOptions);
    if (auto added = runtime.addFunction(config, std::move(wasm)); !added) return fail(added.error());

    std::mutex printing;
    std::vector<double> latencies;
    size_t failures = 0;
    int lastCode = 0;
    std::atomic<unsigned> next{0};
    const auto start = std::chrono::steady_clock::now();
    auto client = [&] {
        while (next++ < options.repeat) {
            const auto sent = std::chrono::steady_clock::now();
            faaslets::CallResult result = runtime.invoke(config.name, input);
            const double micros = std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - sent).count();
            std::lock_guard guard(printing);
            latencies.push_back(micros);
            failures += !result.ok() || result.returnCode != 0;
            lastCode = result.ok() ? result.returnCode : (result.returnCode ? result.returnCode : 1);
            if (options.json)
                fmt::print("{}\n", callJson(result).dump());
            else
                printPlain(result);
        }
    };
    {
        std::vector<std::jthread> clients;
        for (unsigned c = 1; c < options.concurrency; ++c) clients.emplace_back(client);
        client();
    }
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (options.json && options.repeat > 1) fmt::print("{}\n", summaryJson(latencies, failures, seconds).dump());
    std::fflush(stdout);
    return options.repeat == 1 ? lastCode : (failures ? 1 : 0);
}

}  // namespace

void addInvokeCommand(CLI::App& app, int& status) {
    auto options = std::make_shared<InvokeOptions>();
    auto* cmd = app.add_subcommand("invoke", "Call a function on a warm Faaslet (input on its stdin, output, stdout "
                                             "and stderr captured)");
    cmd->add_option("function", options->target, "A stored function (user/function) or a module file (.wasm, .wat)")
        ->required();
    auto* text = cmd->add_option("--input", options->input, "The call's input");
    cmd->add_option("--input-file", options->inputFile, "Read the call's input from this file")->excludes(text);
    cmd->add_option("--repeat", options->repeat, "Call it N times through the pool")->check(CLI::PositiveNumber);
    cmd->add_option("--concurrency", options->concurrency, "From C client threads at once")
        ->check(CLI::PositiveNumber);
    cmd->add_flag("--json", options->json, "One JSON object per call (JSON Lines), and a summary with --repeat");
    cmd->add_option("--timeout", options->timeoutSeconds,
                    "Seconds each call of a module file may run (default: no limit)")
        ->check(CLI::NonNegativeNumber);
    cmd->add_option("--max-memory", options->maxMemory, "The most linear memory a call may have (e.g. 64M)");
    cmd->add_option("--entry", options->entry, "The export each call runs")->capture_default_str();
    cmd->add_option("--init", options->init, "An export run once into the Proto-Faaslet, after _initialize");
    cmd->add_option("--env", options->env, "Environment variable KEY=VALUE (repeatable)")->allow_extra_args(false);
    cmd->add_option("--sandbox", options->sandbox, "Confine the Faaslet threads (on|off)")
        ->check(CLI::IsMember({"on", "off"}))
        ->capture_default_str();
    cmd->add_option("--state", options->state,
                    "The global tier of state: memory, file:PATH or redis://HOST:PORT (default: FAASLET_STATE, "
                    "else memory)");
    addCompileFlags(*cmd, options->compile);
    cmd->callback([&status, options] { status = invoke(*options); });
}

}  // namespace faaslet::cli
