// faaslet-bench-memory FILE.wasm COUNT: resident (Rss) and proportional (Pss) set size that each
// live instance adds, from /proc/self/smaps_rollup before and after COUNT instances. Each instance
// has its own Store and WASI context, as a Faaslet would. Prints one JSON object.

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <fstream>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "bench/tools/compiled_wasm.h"
#include "bindings/wasi_bindings.h"
#include "runtime/instance.h"
#include "runtime/linker.h"
#include "runtime/store.h"

namespace {

struct Footprint {
    long rssKib = 0;
    long pssKib = 0;
};

Footprint footprint() {
    std::ifstream in("/proc/self/smaps_rollup");
    Footprint f;
    std::string field;
    long value;
    std::string unit;
    while (in >> field) {
        if (field == "Rss:" && in >> value >> unit)
            f.rssKib = value;
        else if (field == "Pss:" && in >> value >> unit)
            f.pssKib = value;
    }
    if (!f.rssKib) throw std::runtime_error("cannot read /proc/self/smaps_rollup");
    return f;
}

// Everything one live instance holds on to.
struct LiveInstance {
    std::unique_ptr<faaslet::wasi::WasiContext> wasi;
    std::unique_ptr<faaslet::runtime::Store> store;
};

LiveInstance instantiate(const faaslet::bench::CompiledWasm& wasm) {
    LiveInstance live;
    faaslet::wasi::WasiConfig config;
    config.args = {"bench"};
    live.wasi = std::make_unique<faaslet::wasi::WasiContext>(std::move(config));
    live.store = std::make_unique<faaslet::runtime::Store>();
    faaslet::runtime::Linker linker;
    if (auto error = faaslet::bindings::defineWasi(*live.store, linker, *live.wasi); !error.empty())
        throw std::runtime_error(error);
    auto imports = linker.resolve(wasm.loaded()->module());
    if (!imports) throw std::runtime_error(imports.error().toString());
    auto instance = live.store->instantiate(wasm.loaded(), *imports);
    if (!instance) throw std::runtime_error(instance.error().toString());
    return live;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 3) {
        std::fprintf(stderr, "usage: %s FILE.wasm COUNT\n", argv[0]);
        return 2;
    }
    const int count = std::max(1, std::atoi(argv[2]));
    try {
        faaslet::bench::CompiledWasm wasm(argv[1]);
        // The first instance pays for process-wide state (signal handler, type registry); it is
        // not counted.
        std::vector<LiveInstance> live;
        live.reserve(count + 1);
        live.push_back(instantiate(wasm));
        const Footprint before = footprint();
        for (int i = 0; i < count; ++i) live.push_back(instantiate(wasm));
        const Footprint after = footprint();
        std::printf(
            "{\"instances\": %d, \"rss_kib_before\": %ld, \"rss_kib_after\": %ld, \"pss_kib_before\": %ld, "
            "\"pss_kib_after\": %ld, \"rss_kib_per_instance\": %.3f, \"pss_kib_per_instance\": %.3f}\n",
            count, before.rssKib, after.rssKib, before.pssKib, after.pssKib,
            double(after.rssKib - before.rssKib) / count, double(after.pssKib - before.pssKib) / count);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "faaslet-bench-memory: %s\n", e.what());
        return 1;
    }
    return 0;
}
