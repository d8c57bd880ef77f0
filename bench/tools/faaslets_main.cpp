// faaslet-bench-faaslets FILE.wasm CALLS SECONDS FAASLETS MAX_LIVE: the Faaslet layer through the
// embedding API (faaslets/runtime.h), with the OS primitives it is made of timed in the same run.
// FILE.wasm is bench/modules/faaslet_calls.c (exports noop, dirty_1, dirty_16, dirty_256, hold).
// Prints one JSON object:
//  - warm: CALLS invokes of the no-op on one warm Faaslet; "invoke" is the caller's wall time
//    (queue hand-off to the Faaslet's thread, restore, call, reset, answer), "in_faaslet" the
//    restore + run + reset the Faaslet reports (CallTimings), without the hand-off;
//  - fresh: a new Runtime, addFunction of the bytes (a cache hit: key, decode, load, the
//    Proto-Faaslet's initialisation) and its first call (a new Faaslet and thread); and a new
//    function from an already loaded module (Proto-Faaslet + Faaslet, no cache) in one Runtime;
//  - primitives: memfd map + touch, madvise reset of 1/16/256 pages, queue round trip;
//  - throughput: 2 client threads for SECONDS on a pool of 2 Faaslets per entry, each with one
//    call in flight (every call a hand-off both ways) and with 64 queued (Faaslets rarely sleep);
//  - pss: FAASLETS calls held in flight (hold), then the same Faaslets idle, from smaps_rollup;
//  - max_live: FAASLETS, doubled up to MAX_LIVE, until a Faaslet cannot be made or they do not all
//    start in time, and the limits further on (mappings, address space, threads).
// The cache is the one the environment names (FAASLET_CACHE_DIR: the driver gives its own).

#include <sys/resource.h>

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "bench/tools/latency.h"
#include "bench/tools/os_primitives.h"
#include "faaslets/runtime.h"

namespace {

using faaslet::bench::Latencies;
using faaslet::faaslets::CallResult;
using faaslet::faaslets::CallStatus;
using faaslet::faaslets::FunctionConfig;
using faaslet::faaslets::Runtime;
using faaslet::faaslets::RuntimeOptions;
using Clock = std::chrono::steady_clock;

struct Warnings : faaslet::loader::Listener {
    void note(const std::string& line) override { std::fprintf(stderr, "%s\n", line.c_str()); }
};

std::vector<uint8_t> readFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error("cannot read " + path);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

RuntimeOptions options(unsigned perFunction, unsigned total) {
    Warnings warnings;
    RuntimeOptions o;
    o.maxFaasletsPerFunction = perFunction;
    o.maxFaaslets = total;
    o.maxQueuedCalls = 100'000;
    o.idleTime = std::chrono::minutes(10);  // nothing retires while it is measured
    o.load = faaslet::loader::loadOptionsFromEnvironment(warnings);
    return o;
}

FunctionConfig entry(const std::string& exportName) {
    FunctionConfig c;
    c.name = "bench/" + exportName;
    c.entry = exportName;
    c.timeout = std::chrono::seconds(60);
    return c;
}

void add(Runtime& runtime, const std::string& exportName, const std::vector<uint8_t>& wasm) {
    if (auto added = runtime.addFunction(entry(exportName), wasm); !added)
        throw std::runtime_error("addFunction " + exportName + ": " + added.error());
}

CallResult mustInvoke(Runtime& runtime, const std::string& name, std::string input = {}) {
    CallResult r = runtime.invoke(name, std::move(input));
    if (!r.ok()) throw std::runtime_error(name + ": " + faaslet::faaslets::toString(r.status) + ": " + r.error);
    return r;
}

std::string warm(const std::vector<uint8_t>& wasm, int calls) {
    Runtime runtime(options(1, 1));
    add(runtime, "noop", wasm);
    for (int i = 0; i < 1000; ++i) mustInvoke(runtime, "bench/noop");
    Latencies invoke(calls), inFaaslet(calls);
    for (int i = 0; i < calls; ++i) {
        const auto start = Clock::now();
        const CallResult r = mustInvoke(runtime, "bench/noop");
        invoke.add(Clock::now() - start);
        inFaaslet.add(r.timings.restore + r.timings.run + r.timings.reset);
    }
    return "{\"invoke\": " + invoke.json() + ", \"in_faaslet\": " + inFaaslet.json() + "}";
}

std::string fresh(const std::vector<uint8_t>& wasm, int iterations) {
    { Runtime first(options(1, 1)); add(first, "noop", wasm); }  // fills the cache
    Latencies addFunction(iterations), firstCall(iterations), both(iterations);
    for (int i = 0; i < iterations; ++i) {
        Runtime runtime(options(1, 1));
        const auto start = Clock::now();
        add(runtime, "noop", wasm);
        const auto added = Clock::now();
        mustInvoke(runtime, "bench/noop");
        const auto called = Clock::now();
        addFunction.add(added - start);
        firstCall.add(called - added);
        both.add(called - start);
    }
    // A new function from a module already loaded: the Proto-Faaslet and Faaslet alone.
    Warnings warnings;
    auto loaded = faaslet::loader::loadBytes(wasm, "faaslet_calls.wasm", options(1, 1).load, warnings);
    if (!loaded) throw std::runtime_error(loaded.error());
    Runtime runtime(options(1, unsigned(iterations) + 1));
    Latencies fromLoaded(iterations);
    for (int i = 0; i < iterations; ++i) {
        FunctionConfig c = entry("noop");
        c.name += "-" + std::to_string(i);
        const auto start = Clock::now();
        if (auto added = runtime.addFunction(c, loaded->loaded); !added) throw std::runtime_error(added.error());
        mustInvoke(runtime, c.name);
        fromLoaded.add(Clock::now() - start);
    }
    return "{\"add_function_from_cache\": " + addFunction.json() + ", \"first_call\": " + firstCall.json() +
           ", \"from_cache_and_first_call\": " + both.json() + ", \"from_loaded_module_and_first_call\": " +
           fromLoaded.json() + "}";
}

std::string primitives(int iterations) {
    using namespace faaslet::bench;
    return "{\"memfd_map_and_touch\": " + memfdMapAndTouch(iterations) + ", \"madvise_reset_1\": " +
           madviseReset(1, iterations) + ", \"madvise_reset_16\": " + madviseReset(16, iterations) +
           ", \"madvise_reset_256\": " + madviseReset(256, iterations) + ", \"queue_round_trip\": " +
           queueRoundTrip(iterations) + "}";
}

// Calls per second of `exportName` from 2 client threads on 2 Faaslets over `seconds`, each
// client keeping `inFlight` calls queued (1: one call at a time, each a hand-off both ways).
double throughput(Runtime& runtime, const std::string& exportName, unsigned inFlight, double seconds) {
    const std::string name = "bench/" + exportName;
    for (int i = 0; i < 100; ++i) mustInvoke(runtime, name);
    std::atomic<long> calls{0};
    std::mutex failureLock;
    std::string failure;
    const auto deadline = Clock::now() + std::chrono::duration<double>(seconds);
    const auto start = Clock::now();
    auto client = [&] {
        long mine = 0;
        std::vector<std::future<CallResult>> batch(inFlight);
        while (Clock::now() < deadline) {
            for (auto& call : batch) call = runtime.invokeAsync(name, {});
            for (auto& call : batch) {
                CallResult r = call.get();
                if (!r.ok()) {
                    std::lock_guard guard(failureLock);
                    failure = std::string(toString(r.status)) + ": " + r.error;
                }
            }
            mine += inFlight;
        }
        calls += mine;
    };
    std::thread a(client), b(client);
    a.join();
    b.join();
    if (!failure.empty()) throw std::runtime_error(name + ": " + failure);
    return double(calls) / std::chrono::duration<double>(Clock::now() - start).count();
}

std::string throughputs(const std::vector<uint8_t>& wasm, unsigned inFlight, double seconds) {
    std::string json = "{";
    for (const char* exportName : {"noop", "dirty_1", "dirty_16", "dirty_256"}) {
        Runtime runtime(options(2, 2));
        add(runtime, exportName, wasm);
        json += std::string(json.size() > 1 ? ", " : "") + "\"" + exportName +
                "\": " + std::to_string(throughput(runtime, exportName, inFlight, seconds));
    }
    return json + "}";
}

struct ProcessFigures {
    long rssKib = 0, pssKib = 0, vmSizeKib = 0, threads = 0, mappings = 0;
};

ProcessFigures processFigures() {
    ProcessFigures f;
    std::ifstream rollup("/proc/self/smaps_rollup");
    std::string field, unit;
    long value;
    while (rollup >> field) {
        if (field == "Rss:" && rollup >> value >> unit) f.rssKib = value;
        else if (field == "Pss:" && rollup >> value >> unit) f.pssKib = value;
    }
    std::ifstream status("/proc/self/status");
    while (status >> field) {
        if (field == "VmSize:" && status >> value) f.vmSizeKib = value;
        else if (field == "Threads:" && status >> value) f.threads = value;
    }
    std::ifstream maps("/proc/self/maps");
    for (std::string line; std::getline(maps, line);) ++f.mappings;
    if (!f.rssKib) throw std::runtime_error("cannot read /proc/self/smaps_rollup");
    return f;
}

std::string figuresJson(const ProcessFigures& f) {
    char text[200];
    std::snprintf(text, sizeof text,
                  "{\"rss_kib\": %ld, \"pss_kib\": %ld, \"vm_size_kib\": %ld, \"threads\": %ld, \"mappings\": %ld}",
                  f.rssKib, f.pssKib, f.vmSizeKib, f.threads, f.mappings);
    return text;
}

struct Held {
    unsigned live = 0;
    unsigned failed = 0;
    std::string firstError;
    ProcessFigures inFlight;
    double startSeconds = 0;  // until the last Faaslet had started, or the wait ended
    double holdSeconds = 0;
};

// `count` calls of hold, each sleeping long enough for the pool to start a Faaslet for every one
// (they start one after another); the figures are read once all have started, or when no more
// start in time.
Held holdInFlight(Runtime& runtime, unsigned count) {
    const auto sleep = std::chrono::milliseconds(1000 + 2 * count);
    std::vector<std::future<CallResult>> calls;
    calls.reserve(count);
    const auto start = Clock::now();
    for (unsigned i = 0; i < count; ++i)
        calls.push_back(runtime.invokeAsync("bench/hold", std::to_string(sleep.count())));
    Held held;
    while (runtime.liveFaaslets() < count && Clock::now() - start < sleep - std::chrono::milliseconds(300))
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    held.live = runtime.liveFaaslets();
    held.startSeconds = std::chrono::duration<double>(Clock::now() - start).count();
    held.holdSeconds = std::chrono::duration<double>(sleep).count();
    held.inFlight = processFigures();
    for (auto& call : calls) {
        CallResult r = call.get();
        if (!r.ok() && held.failed++ == 0) held.firstError = std::string(toString(r.status)) + ": " + r.error;
    }
    return held;
}

std::string pss(const std::vector<uint8_t>& wasm, unsigned count) {
    Runtime runtime(options(count + 1, count + 1));
    add(runtime, "hold", wasm);
    mustInvoke(runtime, "bench/hold", "0");  // the first Faaslet pays for process-wide state
    const ProcessFigures before = processFigures();
    const unsigned liveBefore = runtime.liveFaaslets();
    const Held held = holdInFlight(runtime, count);
    const ProcessFigures idle = processFigures();
    const unsigned liveIdle = runtime.liveFaaslets();
    const double inFlightAdded = held.live > liveBefore ? double(held.live - liveBefore) : 1;
    const double idleAdded = liveIdle > liveBefore ? double(liveIdle - liveBefore) : 1;
    char text[400];
    std::snprintf(text, sizeof text,
                  "{\"faaslets\": %u, \"live_in_flight\": %u, \"live_idle\": %u, \"failed_calls\": %u, "
                  "\"pss_kib_per_faaslet_in_flight\": %.3f, \"rss_kib_per_faaslet_in_flight\": %.3f, "
                  "\"pss_kib_per_faaslet_idle\": %.3f, \"rss_kib_per_faaslet_idle\": %.3f, ",
                  count, held.live - liveBefore, liveIdle - liveBefore, held.failed,
                  (held.inFlight.pssKib - before.pssKib) / inFlightAdded,
                  (held.inFlight.rssKib - before.rssKib) / inFlightAdded, (idle.pssKib - before.pssKib) / idleAdded,
                  (idle.rssKib - before.rssKib) / idleAdded);
    return text + std::string("\"before\": ") + figuresJson(before) + ", \"in_flight\": " + figuresJson(held.inFlight) +
           ", \"idle\": " + figuresJson(idle) + "}";
}

long limitOf(const char* file) {
    std::ifstream in(file);
    long value = -1;
    in >> value;
    return value;
}

// Faaslets in one process: `from`, doubled up to `upTo`, held in flight until a step fails or
// falls short. What would stop it further on is projected from the last step's mappings and
// address space per Faaslet against vm.max_map_count and the 128 TiB of a 47-bit user space.
std::string maxLive(const std::vector<uint8_t>& wasm, unsigned from, unsigned upTo) {
    const ProcessFigures base = processFigures();
    std::string steps, limitedBy;
    unsigned largest = 0;
    ProcessFigures peak = base;
    for (unsigned count = from; count <= upTo; count *= 2) {
        Runtime runtime(options(count, count));
        add(runtime, "hold", wasm);
        const Held held = holdInFlight(runtime, count);
        char step[160];
        std::snprintf(step, sizeof step, "{\"asked\": %u, \"live\": %u, \"failed_calls\": %u, \"start_seconds\": %.3f, \"at_peak\": ",
                      count, held.live, held.failed, held.startSeconds);
        steps += (steps.empty() ? "" : ", ") + std::string(step) + figuresJson(held.inFlight) + "}";
        if (held.live > largest) largest = held.live, peak = held.inFlight;
        if (held.failed) {
            limitedBy = held.firstError;
            break;
        }
        if (held.live < count) {
            char text[200];
            std::snprintf(text, sizeof text, "start-up time: %u of %u Faaslets had started within the %.1f s hold; "
                          "none failed", held.live, count, held.holdSeconds);
            limitedBy = text;
            break;
        }
    }
    if (limitedBy.empty()) limitedBy = "nothing up to " + std::to_string(upTo) + ": every step succeeded";
    const long maxMapCount = limitOf("/proc/sys/vm/max_map_count");
    const double mappingsEach = largest ? double(peak.mappings - base.mappings) / largest : 0;
    const double vmKibEach = largest ? double(peak.vmSizeKib - base.vmSizeKib) / largest : 0;
    const double userSpaceKib = double(uint64_t(1) << 37);  // 128 TiB
    rlimit threads{};
    getrlimit(RLIMIT_NPROC, &threads);
    std::string escaped;
    for (char c : limitedBy) escaped += c == '"' || c == '\\' ? std::string("\\") + c : std::string(1, c);
    char text[600];
    std::snprintf(text, sizeof text,
                  "\"mappings_per_faaslet\": %.2f, \"vm_kib_per_faaslet\": %.0f, \"vm_max_map_count\": %ld, "
                  "\"projected_by_map_count\": %.0f, \"projected_by_address_space\": %.0f, \"threads_max\": %ld, "
                  "\"rlimit_nproc\": %lld}",
                  mappingsEach, vmKibEach, maxMapCount,
                  mappingsEach > 0 ? (maxMapCount - base.mappings) / mappingsEach : 0.0,
                  vmKibEach > 0 ? (userSpaceKib - base.vmSizeKib) / vmKibEach : 0.0, limitOf("/proc/sys/kernel/threads-max"),
                  threads.rlim_cur == RLIM_INFINITY ? -1LL : (long long)threads.rlim_cur);
    return "{\"largest\": " + std::to_string(largest) + ", \"limited_by\": \"" + escaped + "\", \"steps\": [" + steps +
           "], " + text;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 6) {
        std::fprintf(stderr, "usage: %s FILE.wasm CALLS SECONDS FAASLETS MAX_LIVE\n", argv[0]);
        return 2;
    }
    try {
        const std::vector<uint8_t> wasm = readFile(argv[1]);
        const int calls = std::max(100, std::atoi(argv[2]));
        const double seconds = std::max(0.1, std::atof(argv[3]));
        const unsigned faaslets = unsigned(std::max(1, std::atoi(argv[4])));
        const unsigned most = unsigned(std::max(1, std::atoi(argv[5])));
        std::string json = "{\"warm\": " + warm(wasm, calls);
        json += ", \"fresh\": " + fresh(wasm, std::max(20, calls / 100));
        json += ", \"primitives\": " + primitives(calls);
        json += ", \"throughput_calls_per_second\": {\"one_in_flight_per_client\": " + throughputs(wasm, 1, seconds) +
                ", \"64_in_flight_per_client\": " + throughputs(wasm, 64, seconds) + "}";
        json += ", \"pss\": " + pss(wasm, faaslets);
        json += ", \"max_live\": " + maxLive(wasm, faaslets, most) + "}";
        std::printf("%s\n", json.c_str());
    } catch (const std::exception& e) {
        std::fprintf(stderr, "faaslet-bench-faaslets: %s\n", e.what());
        return 1;
    }
    return 0;
}
