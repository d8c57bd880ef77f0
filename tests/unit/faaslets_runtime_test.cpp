// Faaslets through the embedding API: isolation between calls, the reset of memory size, globals
// and descriptors, timeouts of endless loops and blocking calls, the memory limit, traps, and
// many clients on a small pool. The function is tests/programs/faaslet_behaviours.c.

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>
#include <thread>

#include "faaslets/runtime.h"
#include "loader/module_file.h"

namespace faaslet::faaslets {
namespace {

std::vector<uint8_t> behaviours() {
    std::ifstream in(FAASLET_TEST_PROGRAM_DIR "/faaslet_behaviours.wasm", std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

FunctionConfig config(std::string name = "test/behaviours") {
    FunctionConfig c;
    c.name = std::move(name);
    c.timeout = std::chrono::milliseconds(2000);
    return c;
}

RuntimeOptions options(unsigned perFunction = 2) {
    RuntimeOptions o;
    o.maxFaasletsPerFunction = perFunction;
    o.load.cacheDirectory.clear();  // compile in a scratch directory, never the user's cache
    return o;
}

class FaasletRuntime : public ::testing::Test {
protected:
    void SetUp() override {
        auto added = runtime.addFunction(config(), behaviours());
        ASSERT_TRUE(added.ok()) << added.error();
    }
    CallResult call(const std::string& input) { return runtime.invoke("test/behaviours", input); }

    Runtime runtime{options()};
};

TEST_F(FaasletRuntime, RunsACallWithItsInputAsStdin) {
    CallResult r = call("echo hello faaslet");
    EXPECT_TRUE(r.ok()) << r.error;
    EXPECT_EQ(r.returnCode, 0);
    EXPECT_EQ(r.stdoutText, "hello faaslet");
}

TEST_F(FaasletRuntime, NothingOneCallWroteIsSeenByTheNext) {
    ASSERT_EQ(call("plant s3cr3t-k3y").stdoutText, "planted\n");
    // The next 1,000 calls, on the Faaslet that held the secret and on the others, find nothing.
    std::vector<std::future<CallResult>> scans;
    for (int i = 0; i < 1000; ++i) scans.push_back(runtime.invokeAsync("test/behaviours", "scan s3cr3t-k3y"));
    for (auto& scan : scans) {
        CallResult r = scan.get();
        ASSERT_TRUE(r.ok()) << r.error;
        ASSERT_EQ(r.stdoutText, "clean\n");
    }
}

TEST_F(FaasletRuntime, GlobalsStaticsMemorySizeAndDescriptorsAreResetAfterEachCall) {
    for (int i = 0; i < 20; ++i) EXPECT_EQ(call("count").stdoutText, "1\n");
    const std::string pages = call("pages").stdoutText;
    CallResult grown = call("grow");
    EXPECT_TRUE(grown.ok()) << grown.error;
    EXPECT_GT(std::stoul(grown.stdoutText), std::stoul(pages));
    EXPECT_EQ(call("pages").stdoutText, pages);
    EXPECT_TRUE(call("close").ok());
    EXPECT_EQ(call("echo still here").stdoutText, "still here");
}

TEST_F(FaasletRuntime, ATimeoutStopsAnEndlessLoopAndTheFaasletServesTheNextCall) {
    for (const char* endless : {"loop", "sleep"}) {
        CallResult r = call(endless);
        EXPECT_EQ(r.status, CallStatus::TimedOut) << endless << ": " << r.error;
        EXPECT_NE(r.error.find("timed out"), std::string::npos);
        EXPECT_EQ(call("echo after").stdoutText, "after");
    }
}

TEST_F(FaasletRuntime, TrapsAndExitStatusesAreTheCallsResult) {
    CallResult trapped = call("trap");
    EXPECT_EQ(trapped.status, CallStatus::Trapped);
    EXPECT_NE(trapped.error.find("unreachable"), std::string::npos) << trapped.error;
    CallResult exited = call("exit 7");
    EXPECT_TRUE(exited.ok());
    EXPECT_EQ(exited.returnCode, 7);
    CallResult unknown = call("nonsense");
    EXPECT_EQ(unknown.returnCode, 2);
    EXPECT_NE(unknown.stderrText.find("unknown request"), std::string::npos);
    EXPECT_EQ(call("echo fine").stdoutText, "fine");
}

TEST_F(FaasletRuntime, ATrapInOneFaasletLeavesTheOthersResultsCorrect) {
    std::vector<std::future<CallResult>> calls;
    for (int i = 0; i < 200; ++i)
        calls.push_back(runtime.invokeAsync("test/behaviours", i % 3 ? "echo " + std::to_string(i) : "trap"));
    for (int i = 0; i < 200; ++i) {
        CallResult r = calls[i].get();
        if (i % 3)
            EXPECT_EQ(r.stdoutText, std::to_string(i));
        else
            EXPECT_EQ(r.status, CallStatus::Trapped);
    }
}

TEST_F(FaasletRuntime, EightClientsOnAPoolOfTwoGetExactlyTheirOutputs) {
    std::vector<std::thread> clients;
    std::atomic<int> wrong{0};
    for (int c = 0; c < 8; ++c) {
        clients.emplace_back([&, c] {
            for (int i = 0; i < 1000; ++i) {
                const std::string text = std::to_string(c) + ":" + std::to_string(i);
                if (call("echo " + text).stdoutText != text) ++wrong;
            }
        });
    }
    for (auto& client : clients) client.join();
    EXPECT_EQ(wrong.load(), 0);
    EXPECT_LE(runtime.liveFaaslets(), 2u);
}

TEST(FaasletServerlessApi, AFunctionReadsItsInputAndWritesItsOutput) {
    std::ifstream in(FAASLET_EXAMPLES_DIR "/echo.wasm", std::ios::binary);
    std::vector<uint8_t> echo{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    Runtime runtime(options());
    ASSERT_TRUE(runtime.addFunction(config("demo/echo"), echo).ok());
    for (int i = 0; i < 100; ++i) {
        const std::string input = "call " + std::to_string(i) + std::string(1, '\0') + " binary";
        CallResult r = runtime.invoke("demo/echo", input);
        ASSERT_TRUE(r.ok()) << r.error;
        std::string expected = input;
        for (char& c : expected) c = char(std::toupper(static_cast<unsigned char>(c)));
        EXPECT_EQ(r.output, expected);
    }
}

TEST(FaasletRuntimeLimits, AFunctionsCpuWeightPlacesItsFaasletsInACgroupOfThatWeight) {
    Runtime runtime(options());
    if (runtime.cpuWeightsUnsupported()) GTEST_SKIP() << *runtime.cpuWeightsUnsupported();
    FunctionConfig weighted = config("test/weighted");
    weighted.cpuWeight = 50;
    ASSERT_TRUE(runtime.addFunction(weighted, behaviours()).ok());
    CallResult r = runtime.invoke(weighted.name, "echo weighed");
    ASSERT_TRUE(r.ok()) << r.error;
    auto group = runtime.cpuGroupOf(weighted.name);
    ASSERT_TRUE(group);
    std::ifstream weight(*group + (std::filesystem::exists(*group + "/cpu.weight") ? "/cpu.weight" : "/cpu.shares"));
    unsigned value = 0;
    weight >> value;
    EXPECT_TRUE(value == 50 || value == 50 * 1024 / 100) << value;
    std::ifstream tasks(*group + (std::filesystem::exists(*group + "/cgroup.threads") ? "/cgroup.threads" : "/tasks"));
    std::string task;
    EXPECT_TRUE(bool(tasks >> task)) << "no Faaslet thread in " << *group;
    EXPECT_FALSE(runtime.cpuGroupOf("test/behaviours")) << "the default weight needs no cgroup";
}

TEST(FaasletIsolation, TableSlotsTableSizeAndGlobalsComeBackAfterEachCall) {
    auto wat = loader::readModuleFile(FAASLET_SOURCE_DIR "/tests/programs/table_secret.wat");
    ASSERT_TRUE(wat) << wat.error();
    Runtime runtime(options());
    FunctionConfig table = config("test/table");
    table.entry = "run";
    ASSERT_TRUE(runtime.addFunction(table, *wat).ok());
    ASSERT_EQ(runtime.invoke(table.name, "p").returnCode, 0);
    std::vector<std::future<CallResult>> scans;
    for (int i = 0; i < 1000; ++i) scans.push_back(runtime.invokeAsync(table.name, "s"));
    for (auto& scan : scans) ASSERT_EQ(scan.get().returnCode, 2);
}

TEST(FaasletRuntimeLimits, MemoryGrowthStopsAtTheLimit) {
    Runtime runtime(options());
    FunctionConfig limited = config();
    limited.maxMemoryBytes = 8 << 20;
    ASSERT_TRUE(runtime.addFunction(limited, behaviours()).ok());
    CallResult r = runtime.invoke(limited.name, "grow");
    EXPECT_TRUE(r.ok()) << r.error;
    EXPECT_LE(std::stoul(r.stdoutText), 128u);
}

TEST(FaasletRuntimeLimits, AModuleWhoseInitialMemoryExceedsTheLimitIsRefused) {
    Runtime runtime(options());
    FunctionConfig tiny = config();
    tiny.maxMemoryBytes = 64 * 1024;
    auto added = runtime.addFunction(tiny, behaviours());
    ASSERT_FALSE(added.ok());
    EXPECT_NE(added.error().find("exceed the limit"), std::string::npos) << added.error();
    EXPECT_FALSE(runtime.hasFunction(tiny.name));
}

TEST(FaasletRuntimeLimits, UnknownFunctionsAndBadEntriesAreRefusedClearly) {
    Runtime runtime(options());
    CallResult r = runtime.invoke("nobody/here", "");
    EXPECT_EQ(r.status, CallStatus::Refused);
    EXPECT_NE(r.error.find("no function named"), std::string::npos);
    FunctionConfig bad = config();
    bad.entry = "no_such_export";
    ASSERT_TRUE(runtime.addFunction(bad, behaviours()).ok());
    CallResult noEntry = runtime.invoke(bad.name, "");
    EXPECT_EQ(noEntry.status, CallStatus::Failed);
    EXPECT_NE(noEntry.error.find("no_such_export"), std::string::npos) << noEntry.error;
}

TEST(FaasletRuntimeLimits, AFullQueueAnswersOverloadedAtOnce) {
    RuntimeOptions small = options(1);
    small.maxQueuedCalls = 2;
    Runtime runtime(small);
    FunctionConfig slow = config();
    slow.timeout = std::chrono::milliseconds(300);
    ASSERT_TRUE(runtime.addFunction(slow, behaviours()).ok());
    std::vector<std::future<CallResult>> calls;
    for (int i = 0; i < 10; ++i) calls.push_back(runtime.invokeAsync(slow.name, "loop"));
    int overloaded = 0;
    for (auto& c : calls) overloaded += c.get().status == CallStatus::Overloaded;
    EXPECT_GE(overloaded, 7);
}

TEST(FaasletRuntimeLimits, ReplacingAFunctionLetsCallsInFlightFinish) {
    Runtime runtime(options());
    FunctionConfig first = config();
    first.timeout = std::chrono::milliseconds(200);
    ASSERT_TRUE(runtime.addFunction(first, behaviours()).ok());
    auto inFlight = runtime.invokeAsync(first.name, "sleep");
    ASSERT_TRUE(runtime.addFunction(config(), behaviours()).ok());
    EXPECT_EQ(inFlight.get().status, CallStatus::TimedOut);
    EXPECT_EQ(runtime.invoke(first.name, "echo new").stdoutText, "new");
}

}  // namespace
}  // namespace faaslet::faaslets
