// faaslet-bench-state SGD.wasm MATMUL.wasm PROBE.wasm ROUNDS: two-tier state through the embedding
// API, each figure against the copying variant of the same code in the same run (interleaved
// rounds). SGD.wasm and MATMUL.wasm are sdk/examples/sgd.c and matmul_state.c; PROBE.wasm is
// bench/modules/state_probe.c. Prints one JSON object:
//  - sgd, matmul: for 1, 2, 4, 8 and 16 workers and each variant (map: the state mapped into every
//    worker; copy: copied in and out), per round: the wall time of the workers (all started at
//    once on as many Faaslets), the peak PSS of the whole process while they ran (sampled from
//    smaps_rollup every 2 ms) and before they started, the bytes copied between guests and state
//    and the bytes mapped, and the result (SGD's accuracy, the matrix checksum);
//  - map_1mib: the time of each __faasm_read_state_ptr of a 1 MiB value that exists already, as
//    the guest measures it (clock_gettime around the call);
//  - shared_64mib: the PSS of the process with 16 Faaslets each holding a call that has mapped a
//    64 MiB value and read every page of it, against the same 16 holding calls that did not map it.

#include <atomic>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "faaslets/runtime.h"
#include "nlohmann/json.hpp"
#include "state/local_tier.h"

namespace {

using faaslet::faaslets::CallResult;
using faaslet::faaslets::FunctionConfig;
using faaslet::faaslets::Runtime;
using faaslet::faaslets::RuntimeOptions;
using Clock = std::chrono::steady_clock;
using Json = nlohmann::json;
using Module = std::shared_ptr<const faaslet::runtime::LoadedModule>;

struct Warnings : faaslet::loader::Listener {
    void note(const std::string& line) override { std::fprintf(stderr, "%s\n", line.c_str()); }
};

Module load(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error("cannot read " + path);
    std::vector<uint8_t> bytes{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    Warnings warnings;
    auto loaded = faaslet::loader::loadBytes(std::move(bytes), path, faaslet::loader::loadOptionsFromEnvironment(warnings),
                                             warnings);
    if (!loaded) throw std::runtime_error(path + ": " + loaded.error());
    return loaded->loaded;
}

uint64_t pssKib() {
    std::ifstream rollup("/proc/self/smaps_rollup");
    std::string field;
    uint64_t value = 0;
    std::string unit;
    while (rollup >> field) {
        if (field == "Pss:" && rollup >> value >> unit) return value;
        rollup.ignore(1 << 20, '\n');
    }
    throw std::runtime_error("cannot read Pss from /proc/self/smaps_rollup");
}

// The highest PSS seen while it lives.
class PssSampler {
public:
    PssSampler() : peak_(pssKib()), thread_([this](std::stop_token stop) {
        while (!stop.stop_requested()) {
            peak_ = std::max<uint64_t>(peak_, pssKib());
            std::this_thread::sleep_for(std::chrono::milliseconds(2));
        }
    }) {}
    uint64_t stop() {
        thread_.request_stop();
        thread_.join();
        return std::max<uint64_t>(peak_, pssKib());
    }

private:
    std::atomic<uint64_t> peak_;
    std::jthread thread_;
};

RuntimeOptions options(unsigned faaslets) {
    RuntimeOptions o;
    o.maxFaasletsPerFunction = faaslets;
    o.maxFaaslets = faaslets + 8;
    o.idleTime = std::chrono::minutes(10);
    return o;
}

void add(Runtime& runtime, const std::string& name, const std::string& entry, const Module& module) {
    FunctionConfig c;
    c.name = "bench/" + name;
    c.entry = entry;
    c.timeout = std::chrono::seconds(120);
    if (auto added = runtime.addFunction(c, module); !added)
        throw std::runtime_error("addFunction " + name + ": " + added.error());
}

CallResult mustInvoke(Runtime& runtime, const std::string& name, const std::string& input) {
    CallResult r = runtime.invoke("bench/" + name, input);
    if (!r.ok() || r.returnCode != 0)
        throw std::runtime_error(name + " \"" + input + "\": " + r.error + std::string(r.output.begin(), r.output.end()));
    return r;
}

struct Example {
    std::string name;
    Module module;
    std::string setupInput;
    std::string resultEntry;
    // The input of worker w of n.
    std::string (*workerInput)(unsigned w, unsigned n);
};

Json runExample(const Example& example, unsigned workers, bool copy) {
    Runtime runtime(options(workers));
    add(runtime, "setup", "setup", example.module);
    add(runtime, "worker", copy ? "worker_copy" : "worker", example.module);
    add(runtime, "result", example.resultEntry, example.module);
    mustInvoke(runtime, "setup", example.setupInput);
    // Warm: every worker Faaslet exists before the timed run (their start is not the state's cost).
    auto& counters = runtime.localState().counters();
    const uint64_t copiedBefore = counters.copiedIn + counters.copiedOut;
    const uint64_t mappedBefore = counters.mappedBytes;
    const uint64_t pssBefore = pssKib();
    PssSampler sampler;
    const auto start = Clock::now();
    std::vector<std::future<CallResult>> calls;
    for (unsigned w = 0; w < workers; ++w) calls.push_back(runtime.invokeAsync("bench/worker", example.workerInput(w, workers)));
    for (auto& call : calls) {
        CallResult r = call.get();
        if (!r.ok() || r.returnCode != 0)
            throw std::runtime_error(example.name + " worker: " + r.error + std::string(r.output.begin(), r.output.end()));
    }
    const double wallMs = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
    const uint64_t pssPeak = sampler.stop();
    Json run;
    run["workers"] = workers;
    run["variant"] = copy ? "copy" : "map";
    run["wall_ms"] = wallMs;
    run["pss_before_kib"] = pssBefore;
    run["pss_peak_kib"] = pssPeak;
    run["copied_bytes"] = counters.copiedIn + counters.copiedOut - copiedBefore;
    run["mapped_bytes"] = counters.mappedBytes - mappedBefore;
    CallResult result = mustInvoke(runtime, "result", "");
    run["result"] = std::string(result.output.begin(), result.output.end());
    return run;
}

constexpr unsigned kSgdSteps = 400'000;

std::string sgdWorker(unsigned w, unsigned n) {
    return std::to_string(w) + " " + std::to_string(n) + " " + std::to_string(kSgdSteps / n);
}

std::string matmulWorker(unsigned w, unsigned n) {
    return std::to_string(w) + " " + std::to_string(n);
}

Json mapLatency(const Module& probe) {
    Runtime runtime(options(1));
    add(runtime, "map_many", "map_many", probe);
    mustInvoke(runtime, "map_many", "200 1048576");  // makes the values: a mapping, not a creation, is timed next
    CallResult r = mustInvoke(runtime, "map_many", "200 1048576");
    Json samples = Json::array();
    std::string text(r.output.begin(), r.output.end());
    for (size_t at = 0; at < text.size();) {
        const size_t end = text.find('\n', at);
        samples.push_back(std::stoll(text.substr(at, end - at)));
        at = end + 1;
    }
    return {{"value_bytes", 1 << 20}, {"samples_ns", samples}};
}

// PSS with 16 calls held, each having mapped (or not) the 64 MiB value.
uint64_t heldPss(Runtime& runtime, unsigned workers, bool map) {
    auto gate = runtime.localState().lockOf("bench/gate");
    if (!gate->lock(Clock::now() + std::chrono::seconds(5))) throw std::runtime_error("cannot take the gate");
    runtime.localState().global().clearAppended("bench/arrivals");
    std::vector<std::future<CallResult>> calls;
    const std::string input = std::to_string(64 << 20) + (map ? " 1" : " 0");
    for (unsigned w = 0; w < workers; ++w) calls.push_back(runtime.invokeAsync("bench/hold", input));
    const auto deadline = Clock::now() + std::chrono::seconds(8);
    while (runtime.localState().global().readAppended("bench/arrivals", workers)->size() < workers) {
        if (Clock::now() > deadline) throw std::runtime_error("the holding calls did not all arrive");
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    const uint64_t pss = pssKib();
    gate->unlock();
    for (auto& call : calls) {
        CallResult r = call.get();
        if (!r.ok() || r.returnCode != 0) throw std::runtime_error("hold: " + r.error);
    }
    return pss;
}

Json sharedPss(const Module& probe) {
    const unsigned workers = 16;
    Runtime runtime(options(workers));
    add(runtime, "hold", "hold", probe);
    auto value = runtime.localState().findOrCreate("bench/big", 64 << 20);
    if (!value) throw std::runtime_error(value.error().message);
    for (size_t at = 0; at < (*value)->size(); at += 4096) (*value)->bytes()[at] = uint8_t(at >> 12);
    heldPss(runtime, workers, false);  // every Faaslet made once, so both rounds below find them warm
    const uint64_t before = pssKib();
    const uint64_t unmapped = heldPss(runtime, workers, false);
    const uint64_t mapped = heldPss(runtime, workers, true);
    return {{"workers", workers}, {"value_kib", 64 << 10}, {"pss_idle_kib", before},
            {"pss_held_unmapped_kib", unmapped}, {"pss_held_mapped_kib", mapped}};
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 5) {
        std::fprintf(stderr, "usage: faaslet-bench-state SGD.wasm MATMUL.wasm PROBE.wasm ROUNDS\n");
        return 2;
    }
    try {
        const unsigned rounds = unsigned(std::stoul(argv[4]));
        const std::vector<Example> examples = {
            {"sgd", load(argv[1]), "131072 262144 16 7", "evaluate", sgdWorker},
            {"matmul", load(argv[2]), "512 3", "checksum", matmulWorker},
        };
        const Module probe = load(argv[3]);
        Json out;
        for (const Example& example : examples) {
            Json runs = Json::array();
            for (unsigned round = 0; round < rounds; ++round)
                for (unsigned workers : {1u, 2u, 4u, 8u, 16u})
                    for (bool copy : {false, true}) {
                        Json run = runExample(example, workers, copy);
                        run["round"] = round;
                        runs.push_back(run);
                        std::fprintf(stderr, "state: %s %u workers %s: %.1f ms\n", example.name.c_str(), workers,
                                     copy ? "copy" : "map", run["wall_ms"].get<double>());
                    }
            out[example.name] = {{"setup", example.setupInput}, {"runs", runs}};
        }
        out["map_1mib"] = mapLatency(probe);
        out["shared_64mib"] = sharedPss(probe);
        std::printf("%s\n", out.dump().c_str());
    } catch (const std::exception& e) {
        std::fprintf(stderr, "faaslet-bench-state: %s\n", e.what());
        return 1;
    }
    return 0;
}
