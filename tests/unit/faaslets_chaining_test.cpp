// Chained calls through the embedding API: fan-out and fan-in on small pools, recursion through a
// function's own exports and table, every error code of the guest API, callees that trap, time out
// or never end, many clients chaining at once, the payload's copies, and what 10,000 chained calls
// leave behind. The function is tests/programs/chain_calls.c, one entry per export.

#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <new>
#include <thread>

#include "faaslets/runtime.h"
#include "loader/loader.h"
#include "serverless/payload_copies.h"

// Host allocations of at least kLargeAllocation bytes, counted so that a test can see every
// buffer a payload is copied into (a copy into a new buffer of that size is such an allocation).
namespace {
constexpr size_t kLargeAllocation = size_t(1) << 20;
std::atomic<uint64_t> largeAllocations{0};
}  // namespace

void* operator new(size_t size) {
    if (size >= kLargeAllocation) largeAllocations.fetch_add(1, std::memory_order_relaxed);
    if (void* p = std::malloc(size ? size : 1)) return p;
    throw std::bad_alloc();
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete(void* p, size_t) noexcept { std::free(p); }

namespace faaslet::faaslets {
namespace {

const std::shared_ptr<const runtime::LoadedModule>& chainModule() {
    static const std::shared_ptr<const runtime::LoadedModule> loaded = [] {
        std::ifstream in(FAASLET_TEST_PROGRAM_DIR "/chain_calls.wasm", std::ios::binary);
        std::vector<uint8_t> wasm{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
        struct Quiet : loader::Listener {
            void note(const std::string&) override {}
        } quiet;
        loader::LoadOptions options;
        options.cacheDirectory.clear();
        auto made = loader::loadBytes(std::move(wasm), "chain_calls.wasm", options, quiet);
        if (!made) throw std::runtime_error(made.error());
        return made->loaded;
    }();
    return loaded;
}

RuntimeOptions options() {
    RuntimeOptions o;
    o.maxFaasletsPerFunction = 2;
    o.maxQueuedCalls = 20'000;
    return o;
}

// Every export of chain_calls.c as "chain/EXPORT", each on a pool of 2 Faaslets.
void addEntries(Runtime& runtime, std::chrono::milliseconds loopTimeout = std::chrono::milliseconds(200),
                std::chrono::milliseconds timeout = std::chrono::milliseconds(20'000)) {
    for (const char* entry : {"noop", "echo", "square", "fail", "loop", "fanout", "fanout_batch", "fanout_self",
                              "forget", "recurse", "recurse_ptr", "relay", "probe", "slow"}) {
        FunctionConfig c;
        c.name = std::string("chain/") + entry;
        c.entry = entry;
        c.timeout = std::string(entry) == "loop" ? loopTimeout : timeout;
        c.maxFaaslets = 2;
        c.maxOutputBytes = size_t(64) << 20;
        auto added = runtime.addFunction(c, chainModule());
        ASSERT_TRUE(added.ok()) << entry << ": " << added.error();
    }
}

std::string expectedFanOut(long long n) {
    long long sum = 0;
    for (long long i = 0; i < n; ++i) sum += i * i;
    return std::to_string(sum) + " 0";
}

CallResult mustRun(Runtime& runtime, const std::string& name, const std::string& input) {
    CallResult r = runtime.invoke(name, input);
    EXPECT_TRUE(r.ok()) << name << " " << input << ": " << toString(r.status) << ": " << r.error;
    EXPECT_EQ(r.returnCode, 0) << name << " " << input << ": " << r.output;
    return r;
}

class Chaining : public ::testing::Test {
protected:
    void SetUp() override { addEntries(runtime); }
    Runtime runtime{options()};
};

TEST_F(Chaining, FanOutsOf100And1000FromAPoolOfTwoGatherEveryResult) {
    for (int n : {100, 1000}) {
        // To another function (by a name without its user), in one batch, and to its own export.
        EXPECT_EQ(mustRun(runtime, "chain/fanout", std::to_string(n) + " square").output, expectedFanOut(n));
        EXPECT_EQ(mustRun(runtime, "chain/fanout", std::to_string(n) + " chain/square").output, expectedFanOut(n));
        EXPECT_EQ(mustRun(runtime, "chain/fanout_batch", std::to_string(n) + " square").output, expectedFanOut(n));
        EXPECT_EQ(mustRun(runtime, "chain/fanout_self", std::to_string(n)).output, expectedFanOut(n));
    }
    // The pools are back within their bound once the calls are done (lent slots reclaimed and the
    // Faaslets over the bound retired).
    EXPECT_LE(runtime.liveFaaslets(), 14u * 2);
}

TEST_F(Chaining, AFunctionChainsItself32DeepByExportAndByPointer) {
    EXPECT_EQ(mustRun(runtime, "chain/recurse", "32").output, "32");
    EXPECT_EQ(mustRun(runtime, "chain/recurse_ptr", "32").output, "32");
}

TEST(ChainingLimits, AChainPastTheDepthLimitFailsWithItsCode) {
    RuntimeOptions o = options();
    o.maxChainDepth = 4;
    Runtime runtime(o);
    addEntries(runtime);
    // Depth 4 (input 6) may not chain depth 5: its ELOOP comes back up the chain.
    EXPECT_EQ(mustRun(runtime, "chain/recurse", "10").output, "error -32");
    EXPECT_EQ(mustRun(runtime, "chain/recurse", "4").output, "4");
}

TEST(ChainingLimits, MoreCallsThanTheLimitPerCallFailWithItsCode) {
    RuntimeOptions o = options();
    o.maxChainedCallsPerCall = 8;
    Runtime runtime(o);
    addEntries(runtime);
    const std::string eight = mustRun(runtime, "chain/probe", "many 8").output;
    ASSERT_EQ(eight.rfind("last=", 0), 0u) << eight;
    EXPECT_GT(std::stol(eight.substr(5)), 0) << eight;  // an id
    EXPECT_NE(eight.find(" after_release=1"), std::string::npos) << eight;
    EXPECT_EQ(mustRun(runtime, "chain/probe", "many 9").output, "last=-33");
    CallResult batch = runtime.invoke("chain/fanout_batch", "9 square");
    EXPECT_EQ(batch.returnCode, 1);
    EXPECT_EQ(batch.output, "error -33");
    // The limit is per call: the next call chains its 8 again.
    EXPECT_EQ(mustRun(runtime, "chain/fanout", "8 square").output, expectedFanOut(8));
}

TEST_F(Chaining, UnknownTargetsBadNamesAndBadBuffersAreCodes) {
    EXPECT_EQ(mustRun(runtime, "chain/probe", "unknown").output,
              "unknown=-44 unknown_user=-44 unknown_export=-44 unknown_slot=-44");
    EXPECT_EQ(mustRun(runtime, "chain/probe", "bad").output,
              "long_name=-28 empty_name=-28 not_a_function=-28 wrong_type=-28 input_outside=-21 name_outside=-21 "
              "negative_timeout=-28 batch_unknown=-44 batch_ids_untouched=0");
}

TEST_F(Chaining, IdsThatAreNotTheCallersOrAwaitedTwiceAreCodes) {
    EXPECT_EQ(mustRun(runtime, "chain/probe", "ids").output,
              "not_yours=-12 not_yours_output=-12 not_awaited_output=-10 first=0 twice=-7 output=9 error_size=0 "
              "released=0 after_release=-12 output_after_release=-12 released_unawaited=0 release_twice=-12");
}

TEST_F(Chaining, ACalleeThatTrapsOrLoopsGivesTheCallerItsCodeAndMessage) {
    const std::string report = mustRun(runtime, "chain/probe", "callee").output;
    EXPECT_NE(report.find("trapped=-1001 [unreachable"), std::string::npos) << report;
    EXPECT_NE(report.find("waited=-73 polled=-73 timed_out=-1002 [timed out after 200 ms]"), std::string::npos)
        << report;
    // The pools recover: the trap's and the loop's Faaslets serve the next calls.
    for (int i = 0; i < 4; ++i) {
        EXPECT_EQ(mustRun(runtime, "chain/square", "12").output, "144");
        EXPECT_EQ(runtime.invoke("chain/fail", "").status, CallStatus::Trapped);
    }
}

TEST(ChainingCallerTimeout, ACallerAwaitingAnEndlessCalleeTimesOutItselfAndThePoolRecovers) {
    Runtime runtime(options());
    // The callee outlives the caller's timeout of 300 ms by far.
    addEntries(runtime, std::chrono::milliseconds(1'500), std::chrono::milliseconds(300));
    CallResult r = runtime.invoke("chain/probe", "await_forever");
    EXPECT_EQ(r.status, CallStatus::TimedOut) << r.error;
    EXPECT_EQ(r.error, "timed out after 300 ms");
    EXPECT_EQ(mustRun(runtime, "chain/probe", "ids").output.substr(0, 13), "not_yours=-12");
}

TEST(ChainingOverload, ACalleeWhoseQueueIsFullIsTheCallersOverloadedCode) {
    RuntimeOptions o = options();
    o.maxQueuedCalls = 3;
    Runtime runtime(o);
    addEntries(runtime);
    const std::string report = mustRun(runtime, "chain/probe", "flood 40").output;
    int ok = 0, overloaded = 0;
    ASSERT_EQ(std::sscanf(report.c_str(), "ok=%d overloaded=%d", &ok, &overloaded), 2) << report;
    EXPECT_EQ(ok + overloaded, 40) << report;
    EXPECT_GT(overloaded, 0) << report;
    EXPECT_GE(ok, 2) << report;
}

TEST_F(Chaining, EightClientsChainingAtOnceEachGetTheirOwnResults) {
    std::atomic<int> wrong{0};
    std::vector<std::thread> clients;
    for (int c = 0; c < 8; ++c) {
        clients.emplace_back([&, c] {
            for (int i = 0; i < 5; ++i) {
                const int n = 50 + 10 * c + i;
                const char* entry = (c + i) % 2 ? "chain/fanout" : "chain/fanout_self";
                const std::string input = std::to_string(n) + ((c + i) % 2 ? " square" : "");
                CallResult r = runtime.invoke(entry, input);
                if (!r.ok() || r.output != expectedFanOut(n)) ++wrong;
            }
        });
    }
    for (auto& client : clients) client.join();
    EXPECT_EQ(wrong.load(), 0);
}

TEST_F(Chaining, APayloadCrossesEachMemoryOnceEachWay) {
    const std::string payload = [] {
        std::string bytes(size_t(4) << 20, '\0');
        for (size_t i = 0; i < bytes.size(); ++i) bytes[i] = char(i * 2654435761u >> 13);
        return bytes;
    }();
    mustRun(runtime, "chain/relay", "warm");
    for (int round = 0; round < 2; ++round) {
        std::string input = payload;  // moved into the call below: made before counting
        const serverless::PayloadCopies before = serverless::payloadCopies();
        const uint64_t allocationsBefore = largeAllocations.load();
        CallResult r = runtime.invoke("chain/relay", std::move(input));
        const uint64_t allocations = largeAllocations.load() - allocationsBefore;
        const serverless::PayloadCopies after = serverless::payloadCopies();
        ASSERT_TRUE(r.ok()) << r.error;
        ASSERT_EQ(r.returnCode, 0);
        EXPECT_TRUE(r.output == payload);
        // relay reads its input (1) and chains it (2: out of relay's memory); echo reads it (3:
        // into its memory) and writes it (4: out of it); relay reads echo's output (5: into its
        // memory) and writes it as its own (6). Each is one copy of the whole payload, and nothing
        // else copies it: the input from outside and every hand-over between Faaslets are moves.
        EXPECT_EQ(after.copies - before.copies, 6u);
        EXPECT_EQ(after.bytes - before.bytes, 6 * payload.size());
        std::printf("payload of %zu bytes, round %d: %llu copies, %llu new host buffers of 1 MiB or more\n",
                    payload.size(), round, (unsigned long long)(after.copies - before.copies),
                    (unsigned long long)allocations);
        // The host buffers are copies 2, 4 and 6. The first round makes at most those three; in
        // the next, every one is a buffer an earlier payload left (serverless/payload_buffers.h).
        if (round == 0)
            EXPECT_LE(allocations, 3u);
        else
            EXPECT_EQ(allocations, 0u);
    }
}

// The runtime goes while a caller awaits calls queued on its own pool: the pool drains (the
// awaiting Faaslet lends its slot even then) and the caller gets an answer for every call.
TEST(ChainingShutdown, ARuntimeDestroyedWhileACallerAwaitsFinishesEveryCall) {
    std::future<CallResult> pending;
    {
        Runtime runtime(options());
        addEntries(runtime);
        mustRun(runtime, "chain/fanout_self", "10");
        pending = runtime.invokeAsync("chain/fanout_self", "2000");
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    CallResult r = pending.get();
    ASSERT_TRUE(r.ok()) << r.error;
    long long sum = 0;
    int failures = 0;
    ASSERT_EQ(std::sscanf(r.output.c_str(), "%lld %d", &sum, &failures), 2) << r.output;
    // Calls chained after the pool began to drain are refused; every other one is gathered.
    if (failures == 0) EXPECT_EQ(r.output, expectedFanOut(2000));
    EXPECT_LE(failures, 2000);
}

struct ProcessCounts {
    long threads = 0, descriptors = 0, rssKiB = 0;
};

ProcessCounts processCounts() {
    ProcessCounts c;
    for (auto& entry : std::filesystem::directory_iterator("/proc/self/task")) (void)entry, ++c.threads;
    for (auto& entry : std::filesystem::directory_iterator("/proc/self/fd")) (void)entry, ++c.descriptors;
    std::ifstream status("/proc/self/status");
    for (std::string line; std::getline(status, line);)
        if (line.rfind("VmRSS:", 0) == 0) c.rssKiB = std::stol(line.substr(6));
    return c;
}

TEST(ChainingSoak, TenThousandChainedCallsLeaveNoThreadsDescriptorsOrMemoryBehind) {
    ProcessCounts before, during;
    {
        RuntimeOptions o = options();
        o.idleTime = std::chrono::milliseconds(100);
        Runtime runtime(o);
        addEntries(runtime);
        // Warm: every pool's first Faaslets and the process's lazily made state.
        mustRun(runtime, "chain/fanout", "100 square");
        mustRun(runtime, "chain/forget", "100 square");
        mustRun(runtime, "chain/recurse", "8");
        std::this_thread::sleep_for(std::chrono::milliseconds(300));
        before = processCounts();
        EXPECT_EQ(mustRun(runtime, "chain/fanout", "5000 square").output, expectedFanOut(5000));
        EXPECT_EQ(mustRun(runtime, "chain/fanout_self", "3000").output, expectedFanOut(3000));
        // 2,000 whose results nobody awaits: dropped when their caller's call ends.
        for (int i = 0; i < 4; ++i) mustRun(runtime, "chain/forget", "500 square");
        for (int i = 0; i < 4; ++i) EXPECT_EQ(mustRun(runtime, "chain/square", "3").output, "9");
        // Faaslets over the pools' bounds retire once idle.
        std::this_thread::sleep_for(std::chrono::milliseconds(500));
        during = processCounts();
        std::printf("10,000 chained calls: threads %ld -> %ld, descriptors %ld -> %ld, RSS %ld -> %ld KiB\n",
                    before.threads, during.threads, before.descriptors, during.descriptors, before.rssKiB,
                    during.rssKiB);
        EXPECT_LE(during.threads, before.threads + 2);
        EXPECT_LE(during.descriptors, before.descriptors + 4);
        EXPECT_LE(during.rssKiB, before.rssKiB + 64 * 1024);
    }
    const ProcessCounts after = processCounts();
    std::printf("after the runtime: threads %ld, descriptors %ld, RSS %ld KiB\n", after.threads, after.descriptors,
                after.rssKiB);
    EXPECT_LE(after.threads, before.threads);
    EXPECT_LE(after.descriptors, before.descriptors);
}

}  // namespace
}  // namespace faaslet::faaslets
