// faaslet-bench-chaining FILE.wasm CALLS: chained calls through the embedding API, timed inside
// the calling guest (bench/modules/chain_calls.c, a reactor whose "bench" entry chains its own
// exports) on pools of 2 Faaslets. Prints one JSON object:
//  - round_trip: CALLS chains + awaits of a no-op with 1 KiB each way (chain, await, read the
//    output), and CALLS direct calls of the same export in the same instance;
//  - payload: per size from 1 B to 64 MiB (keyed by bytes), chain + await + read back of an echo, against memcpy
//    of the same size between two touched buffers in this process, in the same round;
//  - fan_out: 10,000 no-op calls chained, then every one awaited, by one caller.
// The cache is the one the environment names (FAASLET_CACHE_DIR: the driver gives its own).

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iterator>
#include <stdexcept>
#include <string>
#include <vector>

#include "bench/tools/latency.h"
#include "faaslets/runtime.h"

namespace {

using faaslet::bench::Latencies;
using faaslet::faaslets::CallResult;
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

// The samples a bench call wrote (int64 nanoseconds).
std::vector<int64_t> run(Runtime& runtime, const std::string& input) {
    CallResult r = runtime.invoke("bench/chain", input);
    if (!r.ok() || r.returnCode != 0 || r.output.size() % 8)
        throw std::runtime_error("bench " + input + ": " + toString(r.status) + " " + std::to_string(r.returnCode) +
                                 ": " + r.error);
    std::vector<int64_t> samples(r.output.size() / 8);
    std::memcpy(samples.data(), r.output.data(), r.output.size());
    return samples;
}

std::string roundTrip(Runtime& runtime, long calls) {
    run(runtime, "rtt 1000");  // warm: both Faaslets, the callee's pages
    const std::vector<int64_t> samples = run(runtime, "rtt " + std::to_string(calls));
    Latencies chained(calls), direct(calls);
    for (long i = 0; i < calls; ++i) {
        chained.add(std::chrono::nanoseconds(samples[i]));
        direct.add(std::chrono::nanoseconds(samples[calls + i]));
    }
    return "{\"chained\": " + chained.json() + ", \"direct\": " + direct.json() + "}";
}

// Seconds for one memcpy of `size` bytes between touched buffers (the median of `n`).
double memcpySeconds(size_t size, int n) {
    std::vector<char> from(size, 'a'), to(size, 'b');
    std::vector<double> seconds;
    for (int i = 0; i < n; ++i) {
        from[i % size] = char(i);
        const auto start = Clock::now();
        std::memcpy(to.data(), from.data(), size);
        seconds.push_back(std::chrono::duration<double>(Clock::now() - start).count());
        if (to[i % size] != char(i)) throw std::runtime_error("memcpy");
    }
    std::sort(seconds.begin(), seconds.end());
    return seconds[seconds.size() / 2];
}

std::string payloads(Runtime& runtime) {
    std::string json = "{";
    for (size_t size = 1; size <= (size_t(64) << 20); size *= 4) {
        const long n = long(std::clamp<size_t>((size_t(256) << 20) / size, 5, 2000));
        const std::vector<int64_t> samples = run(runtime, "payload " + std::to_string(size) + " " + std::to_string(n));
        Latencies latencies(samples.size());
        std::vector<int64_t> sorted = samples;
        std::sort(sorted.begin(), sorted.end());
        for (int64_t s : samples) latencies.add(std::chrono::nanoseconds(s));
        const double rtt = double(sorted[sorted.size() / 2]) * 1e-9;
        const double copy = memcpySeconds(size, int(std::min<long>(n, 200)));
        // A round trip moves the payload both ways: its bandwidth counts 2 x size.
        char text[300];
        std::snprintf(text, sizeof text,
                      "\"%zu\": {\"calls\": %ld, \"round_trip\": %s, \"payload_bytes_per_second\": %.6g, "
                      "\"memcpy_seconds\": %.9f, \"memcpy_bytes_per_second\": %.6g, \"fraction_of_memcpy\": %.4f}",
                      size, n, latencies.json().c_str(), 2.0 * double(size) / rtt, copy, double(size) / copy,
                      (2.0 * double(size) / rtt) / (double(size) / copy));
        json += std::string(json.size() > 1 ? ", " : "") + text;
    }
    return json + "}";
}

std::string fanOut(Runtime& runtime, int rounds) {
    run(runtime, "fanout 10000");
    Latencies elapsed(rounds);
    for (int i = 0; i < rounds; ++i) {
        const int64_t ns = run(runtime, "fanout 10000").at(0);
        elapsed.add(std::chrono::nanoseconds(ns));
    }
    return "{\"calls\": 10000, \"elapsed\": " + elapsed.json() + "}";
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 3) {
        std::fprintf(stderr, "usage: %s FILE.wasm CALLS\n", argv[0]);
        return 2;
    }
    try {
        Warnings warnings;
        RuntimeOptions options;
        options.maxFaasletsPerFunction = 2;
        options.maxQueuedCalls = 100'000;
        options.idleTime = std::chrono::minutes(10);
        options.load = faaslet::loader::loadOptionsFromEnvironment(warnings);
        Runtime runtime(options);
        FunctionConfig config;
        config.name = "bench/chain";
        config.entry = "bench";
        config.timeout = std::chrono::seconds(120);
        config.maxOutputBytes = size_t(128) << 20;
        if (auto added = runtime.addFunction(config, readFile(argv[1])); !added)
            throw std::runtime_error("addFunction: " + added.error());
        const long calls = std::clamp(std::atol(argv[2]), 100L, 16'000L);
        std::string json = "{\"round_trip\": " + roundTrip(runtime, calls);
        json += ", \"payload\": " + payloads(runtime);
        json += ", \"fan_out\": " + fanOut(runtime, 5) + "}";
        std::printf("%s\n", json.c_str());
    } catch (const std::exception& e) {
        std::fprintf(stderr, "faaslet-bench-chaining: %s\n", e.what());
        return 1;
    }
    return 0;
}
