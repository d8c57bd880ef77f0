// `faaslet run FILE.wasm [ARGS...]`: loads a module's compiled code from the cache (compiling it on
// a miss), instantiates it with WASI, and runs its `_start` or the export named by --invoke. The exit status
// is the guest's; a trap prints its kind and backtrace and exits with 1.

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <csignal>
#include <filesystem>
#include <memory>
#include <mutex>
#include <thread>

#include "cache/size_limit.h"
#include "cli/background_build.h"
#include "cli/commands.h"
#include "cli/progress.h"
#include "loader/loader.h"
#include "fmt/format.h"
#include "sandbox/sandbox.h"
#include "bindings/wasi_bindings.h"
#include "runtime/instance.h"
#include "runtime/instance_allocator.h"
#include "runtime/invoke.h"

namespace faaslet::cli {

namespace {

struct RunOptions {
    std::string file;
    std::vector<std::string> args;
    std::vector<std::string> env;
    std::vector<std::string> dirs;
    std::vector<std::string> readOnlyDirs;
    std::string argv0;
    std::string invoke;
    std::string sandbox = "on";
    double timeoutSeconds = 0;  // 0: none
    std::string maxMemory;      // empty: the module's own maximum
    CompileFlags compile;
};

// What the main thread needs of the worker's call to stop it at the deadline.
struct RunningGuest {
    std::atomic<runtime::Instance*> instance{nullptr};
    std::atomic<bool> timedOut{false};
    std::mutex lock;
    std::condition_variable finished;
    bool done = false;
};

// The exit status of a run stopped at its deadline, as timeout(1) has it.
constexpr int kTimedOutStatus = 124;

int fail(const std::string& message) {
    fmt::print(stderr, "faaslet: {}\n", message);
    return 1;
}

std::optional<abi::Value> parseArgument(wasm::ValType type, const std::string& text) {
    abi::Value value{};
    try {
        switch (type) {
            case wasm::ValType::I32: value.i32 = uint32_t(std::stoll(text, nullptr, 0)); return value;
            case wasm::ValType::I64: value.i64 = uint64_t(std::stoll(text, nullptr, 0)); return value;
            case wasm::ValType::F32: value.f32 = std::stof(text); return value;
            case wasm::ValType::F64: value.f64 = std::stod(text); return value;
            default: return std::nullopt;
        }
    } catch (const std::exception&) {
        return std::nullopt;
    }
}

std::string formatResult(wasm::ValType type, const abi::Value& v) {
    switch (type) {
        case wasm::ValType::I32: return fmt::format("{}", int32_t(v.i32));
        case wasm::ValType::I64: return fmt::format("{}", int64_t(v.i64));
        case wasm::ValType::F32: return fmt::format("{}", v.f32);
        case wasm::ValType::F64: return fmt::format("{}", v.f64);
        default: return fmt::format("<{}>", toString(type));
    }
}

// "HOST[::GUEST]" as a preopen; the guest sees HOST under its own name when no GUEST is given, as in wasmtime.
wasi::Preopen preopenOf(const std::string& spec, wasi::PreopenAccess access) {
    const size_t separator = spec.find("::");
    if (separator == std::string::npos) return {spec, spec, access};
    return {spec.substr(0, separator), spec.substr(separator + 2), access};
}

std::optional<std::string> addPreopens(wasi::WasiContext& wasi, const RunOptions& options) {
    for (auto [specs, access] : {std::pair{&options.dirs, wasi::PreopenAccess::ReadWrite},
                                 std::pair{&options.readOnlyDirs, wasi::PreopenAccess::ReadOnly}}) {
        for (const std::string& spec : *specs) {
            wasi::Preopen preopen = preopenOf(spec, access);
            if (preopen.hostPath.empty() || preopen.guestPath.empty())
                return fmt::format("--dir \"{}\": expected HOST or HOST::GUEST", spec);
            if (auto added = wasi.addPreopen(preopen); !added)
                return fmt::format("--dir \"{}\": {}", spec, added.error());
        }
    }
    return std::nullopt;
}

// Instantiates the module and calls its entry: `_start`, or the --invoke export after a reactor's
// `_initialize` (which runs its C constructors). Returns the exit status.
int callGuest(const RunOptions& options, std::shared_ptr<const runtime::LoadedModule> loaded,
              const std::vector<runtime::ExternValue>& imports, runtime::Store& store, wasi::WasiContext& wasi,
              loader::PhaseTimes& times, RunningGuest& running) {
    auto instance = store.instantiate(std::move(loaded), imports);
    if (!instance) return fail(fmt::format("{}: {}", options.file, instance.error().toString()));
    running.instance = *instance;
    times.mark("instantiate");

    const bool command = options.invoke.empty();
    const std::string entry = command ? "_start" : options.invoke;
    auto exported = (*instance)->exportNamed(entry);
    if (!exported || exported->kind != wasm::ExternKind::Func)
        return fail(fmt::format("{}: no exported function \"{}\"", options.file, entry));
    const wasm::FuncType& type = runtime::functionType(exported->function);
    std::vector<abi::Value> args;
    if (!command) {
        if (options.args.size() != type.params.size())
            return fail(fmt::format("{} takes {} arguments ({}), {} given", entry, type.params.size(), toString(type),
                                    options.args.size()));
        for (size_t i = 0; i < type.params.size(); ++i) {
            auto value = parseArgument(type.params[i], options.args[i]);
            if (!value) return fail(fmt::format("argument {} of {}: \"{}\" is not a {}", i + 1, entry, options.args[i],
                                                toString(type.params[i])));
            args.push_back(*value);
        }
        auto initialize = (*instance)->exportNamed("_initialize");
        if (initialize && initialize->kind == wasm::ExternKind::Func) {
            if (auto initialized = runtime::invoke(initialize->function, {}); !initialized && !wasi.exitCode)
                return fail(fmt::format("trap in _initialize: {}", initialized.error().toString()));
            if (wasi.exitCode) return int(*wasi.exitCode & 0xff);
        }
    }
    auto result = runtime::invoke(exported->function, args);
    times.mark("run");
    times.log(options.file);
    if (running.timedOut && !result && result.error().code == abi::TrapCode::Interrupted) {
        fail(fmt::format("{}: timed out after {} s", options.file, options.timeoutSeconds));
        return kTimedOutStatus;
    }
    if (wasi.exitCode) return int(*wasi.exitCode & 0xff);
    if (!result) return fail(fmt::format("trap in {}: {}", entry, result.error().toString()));
    for (size_t i = 0; i < result->size(); ++i) fmt::print("{}\n", formatResult(type.results[i], (*result)[i]));
    return 0;
}

int run(const RunOptions& options) {
    // A guest writing to a closed pipe gets EPIPE from fd_write, as on a native system that ignores SIGPIPE,
    // rather than killing the runtime.
    std::signal(SIGPIPE, SIG_IGN);
    auto compile = compileOptionsOf(options.compile);
    if (!compile) return fail(compile.error());
    auto prepared = [&options, &compile] {
        // The bar (for a large module's code generation) is gone before the guest writes anything.
        Progress progress(1, Progress::stderrIsTerminal());
        loader::LoadOptions prepare = loader::loadOptionsFromEnvironment(progress);
        prepare.compile = *compile;
        if (options.compile.tier == "auto") prepare.quickTierAbove = loader::quickTierThresholdFromEnvironment(progress);
        return loader::loadFile(options.file, prepare, progress);
    }();
    if (!prepared) return fail(prepared.error());
    // Only a module that can be read again has its optimised tier built (not one through a pipe).
    std::error_code notAFile;
    if (prepared->optimisedMissing && std::filesystem::is_regular_file(options.file, notAFile)) {
        if (auto error = startBackgroundBuild(options.file, options.compile); !error.empty())
            fmt::print(stderr, "faaslet: warning: the optimised tier is not being built: {}\n", error);
        else
            fmt::print(stderr, "faaslet: {} runs on the quick tier; its optimised tier is being built in the "
                               "background for the next run\n", options.file);
    }
    const auto& module = prepared->module;
    loader::PhaseTimes& times = prepared->times;

    wasi::WasiConfig config;
    config.args.push_back(options.argv0.empty() ? std::filesystem::path(options.file).filename().string()
                                                : options.argv0);
    config.args.insert(config.args.end(), options.args.begin(), options.args.end());
    config.env = options.env;
    wasi::WasiContext wasi(std::move(config));
    if (auto error = addPreopens(wasi, options)) return fail(*error);
    uint64_t maxPages = wasm::kMaxPages;
    if (!options.maxMemory.empty()) {
        auto bytes = cache::parseSize(options.maxMemory);
        if (!bytes) return fail("--max-memory: " + bytes.error().toString());
        maxPages = std::min<uint64_t>(*bytes / wasm::kPageSize, wasm::kMaxPages);
    }
    runtime::OnDemandAllocator allocator{uint32_t(maxPages)};
    runtime::Store store(allocator);
    runtime::Linker linker;
    if (auto error = bindings::defineWasi(store, linker, wasi, module.get()); !error.empty()) return fail(error);
    auto imports = linker.resolve(*module);
    if (!imports) return fail(fmt::format("{}: {}", options.file, imports.error().toString()));
    times.mark("link");

    // Guest code, the start function included, runs on a thread of its own: the sandbox confines
    // that thread only, after everything that needs more (compiling, mapping code, host function
    // trampolines, opening preopens) is done.
    int status = 1;
    RunningGuest running;
    std::thread worker([&] {
        if (options.sandbox == "on") {
            if (auto entered = sandbox::enterSandbox(); !entered) {
                status = fail(fmt::format("{} (run with --sandbox=off to go without it)", entered.error()));
            } else {
                status = callGuest(options, prepared->loaded, *imports, store, wasi, times, running);
            }
        } else {
            status = callGuest(options, prepared->loaded, *imports, store, wasi, times, running);
        }
        std::lock_guard guard(running.lock);
        running.done = true;
        running.finished.notify_all();
    });
    if (options.timeoutSeconds > 0) {
        std::unique_lock guard(running.lock);
        const auto deadline = std::chrono::steady_clock::now() +
                              std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                                  std::chrono::duration<double>(options.timeoutSeconds));
        if (!running.finished.wait_until(guard, deadline, [&] { return running.done; })) {
            running.timedOut = true;
            // Until the call ends: an interrupt is consumed by the trap it causes, and a start
            // function may still be running before the instance is known.
            while (!running.finished.wait_for(guard, std::chrono::milliseconds(10), [&] { return running.done; }))
                if (runtime::Instance* instance = running.instance) instance->interrupt();
        }
    }
    worker.join();
    return status;
}

}  // namespace

void addRunCommand(CLI::App& app, int& status) {
    auto options = std::make_shared<RunOptions>();
    auto* cmd = app.add_subcommand("run", "Compile and run a WebAssembly command (its _start) or one of its exports");
    cmd->add_option("file", options->file, "WebAssembly module: a binary, or .wat text")->required()->check(CLI::ExistingFile);
    cmd->add_option("args", options->args, "Arguments for the guest (after --), or for --invoke's function");
    // One value per occurrence, so that `--env A=1 module.wasm` leaves the module's name alone.
    cmd->add_option("--env", options->env, "Environment variable KEY=VALUE for the guest (repeatable)")
        ->allow_extra_args(false);
    cmd->add_option("--dir", options->dirs,
                    "Give the guest the host directory HOST, as GUEST if given (HOST[::GUEST], repeatable)")
        ->allow_extra_args(false);
    cmd->add_option("--dir-ro", options->readOnlyDirs,
                    "As --dir, but the guest may only read beneath it (HOST[::GUEST], repeatable)")
        ->allow_extra_args(false);
    cmd->add_option("--sandbox", options->sandbox,
                    "Confine the thread that runs guest code: seccomp allow-list, no capabilities (on|off)")
        ->check(CLI::IsMember({"on", "off"}))
        ->capture_default_str();
    cmd->add_option("--argv0", options->argv0, "The guest's argv[0] (default: the file name)");
    cmd->add_option("--invoke", options->invoke, "Call this export with the given arguments and print its results");
    cmd->add_option("--timeout", options->timeoutSeconds,
                    "Stop the guest after this many seconds (exit status 124; default: no limit)")
        ->check(CLI::NonNegativeNumber);
    cmd->add_option("--max-memory", options->maxMemory,
                    "The most linear memory the guest may have (e.g. 64M); memory.grow fails past it");
    addCompileFlags(*cmd, options->compile);
    cmd->callback([&status, options] { status = run(*options); });
}

}  // namespace faaslet::cli
