// The two tiers as a user meets them through `faaslet run` and `faaslet precompile`: a module over
// the quick-tier threshold that is not in the cache runs at once from the quick tier, a background
// build replaces that entry by the optimised one, and the next run uses it; --tier and -O
// override the choice; a build another process holds is not done twice; a bad threshold is a
// warning.

#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "cache/entry_format.h"
#include "cache/object_cache.h"
#include "cache/elf_policy.h"
#include "cache/sealing_key.h"
#include "tests/unit/cache_test_support.h"
#include "tests/unit/cli_test_support.h"

namespace faaslet::cli::test {
namespace {

namespace fs = std::filesystem;
using cache::test::TempDir;

class TiersCli : public ::testing::Test {
protected:
    TempDir temp;
    fs::path cacheDir = temp.path() / "cache";
    // Every module is "large" here, so that the examples take the tiered path.
    std::map<std::string, std::string> environment{{"FAASLET_CACHE_DIR", cacheDir.string()},
                                                    {"XDG_DATA_HOME", (temp.path() / "data").string()},
                                                    {"FAASLET_QUICK_TIER_ABOVE", "0"}};

    CommandResult faaslet(const std::vector<std::string>& args) { return runFaaslet(args, environment); }
    std::string listing() { return faaslet({"cache", "ls"}).out; }
    static bool lists(const std::string& listing, const std::string& what) {
        return listing.find(what) != std::string::npos;
    }
    // Until the cache lists the optimised entry of hello.wasm and no quick one: the background
    // build is done. A deadline only so that a broken build fails the test instead of hanging it.
    bool waitForTheOptimisedTier() {
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::minutes(5);
        while (std::chrono::steady_clock::now() < deadline) {
            const std::string now = listing();
            if (lists(now, "hello.wasm [optimised -O2]") && !lists(now, "hello.wasm [quick]")) return true;
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
        }
        return false;
    }
    // No background build left writing into the test's directory when it is removed.
    void TearDown() override {
        fs::path entries = cacheDir / "v2";
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::minutes(5);
        auto building = [&] {
            std::error_code ec;
            for (auto& item : fs::directory_iterator(entries, ec))
                if (item.path().filename().string().starts_with(cache::kBuildClaimPrefix)) return true;
            return false;
        };
        while (building() && std::chrono::steady_clock::now() < deadline)
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
};

TEST_F(TiersCli, AModuleNotInTheCacheRunsOnTheQuickTierUntilTheOptimisedOneIsBuilt) {
    auto first = faaslet({"run", example("hello.wasm"), "--", "one"});
    ASSERT_EQ(first.status, 0) << first.err;
    EXPECT_EQ(first.out, "Hello from a Faaslet!\narg 1: one\n");
    EXPECT_NE(first.err.find("quick tier)"), std::string::npos) << first.err;
    EXPECT_NE(first.err.find("runs on the quick tier; its optimised tier is being built in the background"),
              std::string::npos)
        << first.err;

    ASSERT_TRUE(waitForTheOptimisedTier()) << listing();
    auto next = faaslet({"run", example("hello.wasm"), "--", "two"});
    ASSERT_EQ(next.status, 0) << next.err;
    EXPECT_EQ(next.out, "Hello from a Faaslet!\narg 1: two\n");
    EXPECT_EQ(next.err, "") << "the optimised tier is there: nothing to compile, nothing to build";
}

TEST_F(TiersCli, TierQuickRunsTheQuickTierAndBuildsNothingElse) {
    auto run = faaslet({"run", "--tier", "quick", example("hello.wasm")});
    ASSERT_EQ(run.status, 0) << run.err;
    EXPECT_EQ(run.err.find("background"), std::string::npos) << run.err;
    const std::string entries = listing();
    EXPECT_TRUE(lists(entries, "hello.wasm [quick]")) << entries;
    EXPECT_TRUE(lists(entries, ": 1 entries")) << entries;
    // The same code as -O 0: the same entry.
    auto o0 = faaslet({"run", "-O", "0", example("hello.wasm")});
    ASSERT_EQ(o0.status, 0) << o0.err;
    EXPECT_EQ(o0.err, "") << "a hit";
}

TEST_F(TiersCli, TierOptimisedCompilesTheOptimisedTierAtOnce) {
    auto run = faaslet({"run", "--tier", "optimised", "-O", "3", example("hello.wasm")});
    ASSERT_EQ(run.status, 0) << run.err;
    EXPECT_NE(run.err.find("optimised -O3 tier)"), std::string::npos) << run.err;
    EXPECT_EQ(run.err.find("background"), std::string::npos) << run.err;
    EXPECT_TRUE(lists(listing(), "hello.wasm [optimised -O3]"));
}

TEST_F(TiersCli, ContradictoryOrUnknownTierChoicesAreRefused) {
    auto contradiction = faaslet({"run", "--tier", "optimised", "-O", "0", example("hello.wasm")});
    EXPECT_EQ(contradiction.status, 1);
    EXPECT_NE(contradiction.err.find("--tier optimised takes -O 2 or -O 3"), std::string::npos) << contradiction.err;
    auto unknown = faaslet({"precompile", "--tier", "fast", example("hello.wasm")});
    EXPECT_NE(unknown.status, 0);
    EXPECT_NE(unknown.err.find("--tier"), std::string::npos) << unknown.err;
}

TEST_F(TiersCli, PrecompileBuildsTheOptimisedTierDirectly) {
    auto quick = faaslet({"precompile", "--tier", "quick", example("hello.wasm")});
    ASSERT_EQ(quick.status, 0) << quick.err;
    EXPECT_NE(quick.out.find("; quick tier"), std::string::npos) << quick.out;
    auto optimised = faaslet({"precompile", example("hello.wasm")});
    ASSERT_EQ(optimised.status, 0) << optimised.err;
    EXPECT_NE(optimised.out.find("; optimised -O2 tier"), std::string::npos) << optimised.out;
    // A foreground precompile keeps the quick entry; only the background build replaces it.
    const std::string entries = listing();
    EXPECT_TRUE(lists(entries, "hello.wasm [quick]")) << entries;
    EXPECT_TRUE(lists(entries, "hello.wasm [optimised -O2]")) << entries;
    // With the optimised entry there, a run takes it, large or not.
    auto run = faaslet({"run", example("hello.wasm")});
    EXPECT_EQ(run.err, "");
}

TEST_F(TiersCli, ABackgroundBuildGivesWayToOneAlreadyRunning) {
    // Another process's claim on the optimised entry, held by the test.
    auto precompiled = faaslet({"precompile", example("hello.wasm")});
    const std::string key = keyIn(precompiled.out, example("hello.wasm"));
    ASSERT_FALSE(key.empty()) << precompiled.out;
    ASSERT_EQ(faaslet({"cache", "clear"}).status, 0);
    auto sealing = cache::loadOrCreateSealingKey(temp.path() / "data" / "faaslet" / "cache-key");
    ASSERT_TRUE(sealing) << sealing.error().toString();
    cache::ObjectCache objects(cacheDir, std::move(*sealing), cache::elfPolicyViolation);
    auto claim = objects.claimBuild(*cache::CacheKey::fromHex(key), cache::IfClaimed::GiveUp);
    ASSERT_TRUE(claim && claim->has_value());

    auto background = faaslet({"precompile", "--background", example("hello.wasm")});
    EXPECT_EQ(background.status, 0) << background.err;
    EXPECT_NE(background.out.find("being compiled by another process"), std::string::npos) << background.out;
    EXPECT_FALSE(lists(listing(), "hello.wasm [optimised -O2]"));
}

TEST_F(TiersCli, ABadThresholdIsAWarningAndTheDefaultApplies) {
    environment["FAASLET_QUICK_TIER_ABOVE"] = "lots";
    auto run = faaslet({"run", example("hello.wasm")});
    ASSERT_EQ(run.status, 0) << run.err;
    EXPECT_NE(run.err.find("warning: FAASLET_QUICK_TIER_ABOVE:"), std::string::npos) << run.err;
    // hello.wasm is under the default threshold: compiled optimised, no background build.
    EXPECT_NE(run.err.find("optimised -O2 tier)"), std::string::npos) << run.err;
    EXPECT_EQ(run.err.find("background"), std::string::npos) << run.err;
}

}  // namespace
}  // namespace faaslet::cli::test
