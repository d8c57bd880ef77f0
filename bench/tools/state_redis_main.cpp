// faaslet-bench-state-redis URI CALLS: the Redis global tier (state/redis_tier.h) against the
// redis-server at URI, which the driver starts and also measures with redis-benchmark in the same
// run. Prints one JSON object of latency distributions (seconds, bench/tools/latency.h), each
// over CALLS calls from one thread, so that they compare with redis-benchmark's single client:
//  - push_1mib / pull_1mib: set and get of a whole 1 MiB value;
//  - push_chunk / pull_chunk: setRanges and getRanges of one 4 KiB chunk of a 64 MiB value (the
//    partial push of one dirty chunk);
//  - lock_unlock: taking a free global lock and releasing it;
//  - append: one 64-byte entry.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "bench/tools/latency.h"
#include "state/redis_tier.h"

namespace {

using namespace faaslet::state;
using Clock = std::chrono::steady_clock;

[[noreturn]] void fail(const std::string& what) {
    std::fprintf(stderr, "faaslet-bench-state-redis: %s\n", what.c_str());
    std::exit(1);
}

template <class Call>
std::string timed(int calls, Call call) {
    faaslet::bench::Latencies latencies(calls);
    Clock::duration total{};
    for (int i = 0; i < calls; ++i) {
        const auto start = Clock::now();
        call(i);
        const auto took = Clock::now() - start;
        latencies.add(took);
        total += took;
    }
    const double mean = std::chrono::duration<double>(total).count() / (calls > 0 ? calls : 1);
    char text[64];
    std::snprintf(text, sizeof text, "{\"mean\": %.9f, \"latency\": ", mean);
    return text + latencies.json() + "}";
}

void check(const TierStatus& status) {
    if (!status.ok()) fail(status.error().message);
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 3) fail("usage: faaslet-bench-state-redis URI CALLS");
    const int calls = std::atoi(argv[2]);
    if (calls < 1) fail(std::string("CALLS must be a positive number, not ") + argv[2]);
    auto connected = connectRedisTier(argv[1]);
    if (!connected.ok()) fail(connected.error());
    GlobalTier& tier = **connected;

    std::vector<uint8_t> mib(size_t(1) << 20, 0x5a);
    const std::string push1 = timed(calls, [&](int) { check(tier.set("bench/mib", mib)); });
    const std::string pull1 = timed(calls, [&](int) {
        auto value = tier.get("bench/mib");
        if (!value.ok()) fail(value.error().message);
    });

    std::vector<uint8_t> big(size_t(64) << 20, 0x11);
    check(tier.set("bench/big", big));
    const std::string pushChunk = timed(calls, [&](int i) {
        const ByteRange chunk{uint64_t(i % 16384) * 4096, 4096};
        check(tier.setRanges("bench/big", big, {&chunk, 1}));
    });
    const std::string pullChunk = timed(calls, [&](int i) {
        const ByteRange chunk{uint64_t(i % 16384) * 4096, 4096};
        check(tier.getRanges("bench/big", big, {&chunk, 1}));
    });

    using namespace std::chrono_literals;
    const std::string lockUnlock = timed(calls, [&](int) {
        auto token = tier.lock("bench/lock", 10s, 10s);
        if (!token.ok()) fail(token.error().message);
        check(tier.unlock(*token));
    });
    const std::vector<uint8_t> entry(64, 0x33);
    const std::string append = timed(calls, [&](int) { check(tier.append("bench/log", entry)); });
    check(tier.clearAppended("bench/log"));

    std::printf("{\"push_1mib\": %s, \"pull_1mib\": %s, \"push_chunk\": %s, \"pull_chunk\": %s, "
                "\"lock_unlock\": %s, \"append\": %s}\n",
                push1.c_str(), pull1.c_str(), pushChunk.c_str(), pullChunk.c_str(), lockUnlock.c_str(), append.c_str());
    return 0;
}
