// Several hosts, simulated as processes on loopback sharing one redis-server: each process is a
// faaslet-redis-tier-probe with a tier of its own.
#include <gtest/gtest.h>

#include <cstdio>
#include <set>
#include <string>
#include <vector>

#include "state_redis_test_support.h"

namespace faaslet::state {
namespace {

using testing_support::textOf;

constexpr int kProcesses = 3;

// Runs the probe with `arguments` (already shell-quoted where needed) in the background; finish()
// waits for it and gives its standard output and exit status.
class Probe {
public:
    Probe(const std::string& uri, const std::string& arguments)
        : pipe_(::popen((std::string(FAASLET_REDIS_TIER_PROBE) + " " + uri + " " + arguments).c_str(), "r")) {}
    ~Probe() {
        if (pipe_) ::pclose(pipe_);
    }
    std::pair<std::string, int> finish() {
        std::string output;
        char buffer[4096];
        for (size_t n; (n = std::fread(buffer, 1, sizeof buffer, pipe_)) > 0;) output.append(buffer, n);
        const int status = ::pclose(pipe_);
        pipe_ = nullptr;
        return {output, status};
    }

private:
    FILE* pipe_;
};

std::pair<std::string, int> runProbe(const std::string& uri, const std::string& arguments) {
    return Probe(uri, arguments).finish();
}

class StateRedisProcesses : public ::testing::Test {
protected:
    test::RedisServer server;
};

TEST_F(StateRedisProcesses, AValuePushedByOneIsPulledByTheOthers) {
    ASSERT_EQ(runProbe(server.uri(), "set u/shared 'pushed by the first'").second, 0);
    for (int i = 1; i < kProcesses; ++i) {
        auto [output, status] = runProbe(server.uri(), "get u/shared");
        EXPECT_EQ(status, 0);
        EXPECT_EQ(output, "pushed by the first");
    }
    auto [output, status] = runProbe(server.uri(), "get u/absent");
    EXPECT_NE(status, 0) << "a missing value is an error of the probe";
}

TEST_F(StateRedisProcesses, AppendsFromAllAreKept) {
    constexpr int kEach = 200;
    std::vector<std::unique_ptr<Probe>> probes;
    for (int p = 0; p < kProcesses; ++p)
        probes.push_back(std::make_unique<Probe>(server.uri(), "append u/log p" + std::to_string(p) + " " +
                                                                   std::to_string(kEach)));
    for (auto& probe : probes) EXPECT_EQ(probe->finish().second, 0);

    auto tier = testing_support::connect(server);
    ASSERT_TRUE(tier);
    auto entries = tier->readAppended("u/log", UINT64_MAX);
    ASSERT_TRUE(entries.ok());
    ASSERT_EQ(entries->size(), size_t(kProcesses * kEach));
    std::set<std::string> distinct;
    for (const auto& entry : *entries) distinct.insert(textOf(entry));
    EXPECT_EQ(distinct.size(), size_t(kProcesses * kEach));
    for (int p = 0; p < kProcesses; ++p)
        EXPECT_TRUE(distinct.count("p" + std::to_string(p) + ":" + std::to_string(kEach - 1)));
}

TEST_F(StateRedisProcesses, TheGlobalLockExcludesAcrossProcesses) {
    constexpr int kEach = 100;
    std::vector<std::unique_ptr<Probe>> probes;
    for (int p = 0; p < kProcesses; ++p)
        probes.push_back(std::make_unique<Probe>(server.uri(), "increment u/counter " + std::to_string(kEach)));
    for (auto& probe : probes) EXPECT_EQ(probe->finish().second, 0);
    // A read-modify-write outside the lock's exclusion would lose increments.
    EXPECT_EQ(runProbe(server.uri(), "get u/counter").first, std::to_string(kProcesses * kEach));
}

}  // namespace
}  // namespace faaslet::state
