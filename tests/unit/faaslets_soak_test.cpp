// 10,000 calls of a function that, at random, traps, times out, runs out of memory, exits
// non-zero or returns; afterwards the process holds no more threads, descriptors, mappings or
// memory than within a small bound of before. Prints the figures.

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <string>

#include "faaslets/runtime.h"

namespace faaslet::faaslets {
namespace {

struct ProcessCounts {
    long threads = 0, descriptors = 0, mappings = 0, rssKiB = 0;
};

long countEntries(const char* directory) {
    long n = 0;
    for (auto& entry : std::filesystem::directory_iterator(directory)) (void)entry, ++n;
    return n;
}

ProcessCounts processCounts() {
    ProcessCounts c;
    c.threads = countEntries("/proc/self/task");
    c.descriptors = countEntries("/proc/self/fd");
    std::ifstream maps("/proc/self/maps");
    for (std::string line; std::getline(maps, line);) ++c.mappings;
    std::ifstream status("/proc/self/status");
    for (std::string line; std::getline(status, line);)
        if (line.rfind("VmRSS:", 0) == 0) c.rssKiB = std::stol(line.substr(6));
    return c;
}

TEST(FaasletSoak, TenThousandCallsThatFailInEveryWayLeaveNothingBehind) {
    std::ifstream in(FAASLET_TEST_PROGRAM_DIR "/faaslet_behaviours.wasm", std::ios::binary);
    std::vector<uint8_t> wasm{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    RuntimeOptions options;
    options.maxFaasletsPerFunction = 2;
    options.idleTime = std::chrono::milliseconds(50);
    options.load.cacheDirectory.clear();
    FunctionConfig config;
    config.name = "soak/behaviours";
    config.timeout = std::chrono::milliseconds(20);
    config.maxMemoryBytes = 16 << 20;

    ProcessCounts before;
    {
        Runtime runtime(options);
        ASSERT_TRUE(runtime.addFunction(config, wasm).ok());
        // Warm: the first Faaslets and the process's own lazily made state exist before counting.
        for (int i = 0; i < 50; ++i) ASSERT_TRUE(runtime.invoke(config.name, "echo warm").ok());
        before = processCounts();

        std::mt19937 random(20261203);
        const char* kinds[] = {"echo ok", "trap", "grow", "exit 3", "count", "close", "loop"};
        std::vector<std::pair<bool, std::future<CallResult>>> calls;  // (endless, result)
        for (int i = 0; i < 10'000; ++i) {
            // Endless loops are rarer: each holds a Faaslet for the whole timeout.
            const unsigned pick = random() % 100;
            const bool endless = pick < 1;
            calls.emplace_back(endless, runtime.invokeAsync(config.name, endless ? kinds[6] : kinds[pick % 6]));
        }
        int timedOut = 0, trapped = 0, ok = 0;
        for (auto& [endless, call] : calls) {
            CallResult r = call.get();
            // Every endless call times out; on a loaded machine a slow finite one may too.
            if (endless) EXPECT_EQ(r.status, CallStatus::TimedOut) << r.error;
            timedOut += r.status == CallStatus::TimedOut;
            trapped += r.status == CallStatus::Trapped;
            ok += r.status == CallStatus::Ok;
        }
        EXPECT_EQ(ok + trapped + timedOut, 10'000);
        // Every Faaslet still answers correctly.
        for (int i = 0; i < 20; ++i) EXPECT_EQ(runtime.invoke(config.name, "count").stdoutText, "1\n");
        const ProcessCounts during = processCounts();
        std::printf("soak: %d ok, %d trapped, %d timed out; threads %ld -> %ld, descriptors %ld -> %ld, "
                    "mappings %ld -> %ld, RSS %ld -> %ld KiB\n",
                    ok, trapped, timedOut, before.threads, during.threads, before.descriptors, during.descriptors,
                    before.mappings, during.mappings, before.rssKiB, during.rssKiB);
        EXPECT_LE(during.threads, before.threads + 2);
        EXPECT_LE(during.descriptors, before.descriptors + 4);
        EXPECT_LE(during.mappings, before.mappings + 32);
        EXPECT_LE(during.rssKiB, before.rssKiB + 64 * 1024);
    }
    // With the runtime gone, its Faaslets and their memories are gone too.
    const ProcessCounts after = processCounts();
    std::printf("soak: after the runtime: threads %ld, descriptors %ld, mappings %ld, RSS %ld KiB\n", after.threads,
                after.descriptors, after.mappings, after.rssKiB);
    EXPECT_LE(after.threads, before.threads);
    EXPECT_LE(after.descriptors, before.descriptors);
}

}  // namespace
}  // namespace faaslet::faaslets
