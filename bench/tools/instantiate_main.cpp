// faaslet-bench-instantiate NOOP.wasm ITERATIONS: the in-process cost of a fresh instance of an
// already loaded module and a call of its "noop" export, each in its own Store as a Faaslet would
// have. Prints one JSON object of per-iteration times in seconds (median, min, max); the driver
// compares them with node's `new WebAssembly.Instance` (bench/node/instantiate.mjs).

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <memory>
#include <vector>

#include "bench/tools/compiled_wasm.h"
#include "runtime/instance.h"
#include "runtime/store.h"

namespace {

using Clock = std::chrono::steady_clock;

double seconds(Clock::duration d) {
    return std::chrono::duration<double>(d).count();
}

void printSummary(const char* name, std::vector<double> values, bool last) {
    std::sort(values.begin(), values.end());
    std::printf("  \"%s\": {\"median\": %.9g, \"min\": %.9g, \"max\": %.9g}%s\n", name,
                values[values.size() / 2], values.front(), values.back(), last ? "" : ",");
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 3) {
        std::fprintf(stderr, "usage: %s NOOP.wasm ITERATIONS\n", argv[0]);
        return 2;
    }
    const int iterations = std::max(1, std::atoi(argv[2]));
    try {
        faaslet::bench::CompiledWasm wasm(argv[1]);
        std::vector<double> instantiate, call, both, teardown;
        for (int i = 0; i < iterations; ++i) {
            auto store = std::make_unique<faaslet::runtime::Store>();
            const auto t0 = Clock::now();
            auto instance = store->instantiate(wasm.loaded(), {});
            if (!instance) throw std::runtime_error(instance.error().toString());
            const auto t1 = Clock::now();
            auto result = (*instance)->call("noop", {});
            const auto t2 = Clock::now();
            if (!result) throw std::runtime_error(result.error().toString());
            store.reset();
            const auto t3 = Clock::now();
            instantiate.push_back(seconds(t1 - t0));
            call.push_back(seconds(t2 - t1));
            both.push_back(seconds(t2 - t0));
            teardown.push_back(seconds(t3 - t2));
        }
        std::printf("{\n  \"iterations\": %d,\n", iterations);
        printSummary("instantiate", instantiate, false);
        printSummary("call", call, false);
        printSummary("instantiate_and_call", both, false);
        printSummary("teardown", teardown, true);
        std::printf("}\n");
    } catch (const std::exception& e) {
        std::fprintf(stderr, "faaslet-bench-instantiate: %s\n", e.what());
        return 1;
    }
    return 0;
}
