// Build claims (cache/build_claim.h): one holder per key, released (and its file removed) when the
// holder goes, a claim waited for is granted after the holder is done, abandoned files are removed
// by prune, and what is not this user's file is refused.

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <atomic>
#include <thread>

#include "cache/build_claim.h"
#include "tests/unit/cache_test_support.h"

namespace faaslet::cache::test {
namespace {

namespace fs = std::filesystem;

class BuildClaimTest : public ::testing::Test {
protected:
    TempDir temp;
    ObjectCache objects = testCache(temp.path() / "cache");
    CacheKey key = keyNumber(1);
    fs::path claimFile() const { return objects.layout().entries() / (kBuildClaimPrefix + key.hex()); }
};

TEST_F(BuildClaimTest, OneHolderPerKeyUntilItLetsGo) {
    auto first = objects.claimBuild(key, IfClaimed::GiveUp);
    ASSERT_TRUE(first) << first.error().toString();
    ASSERT_TRUE(first->has_value());
    EXPECT_TRUE(fs::exists(claimFile()));

    auto second = objects.claimBuild(key, IfClaimed::GiveUp);
    ASSERT_TRUE(second) << second.error().toString();
    EXPECT_FALSE(second->has_value()) << "a second claim while the first is held";
    auto other = objects.claimBuild(keyNumber(2), IfClaimed::GiveUp);
    ASSERT_TRUE(other);
    EXPECT_TRUE(other->has_value()) << "claims of other keys are independent";

    first->reset();
    EXPECT_FALSE(fs::exists(claimFile())) << "the holder removes its file";
    auto third = objects.claimBuild(key, IfClaimed::GiveUp);
    ASSERT_TRUE(third);
    EXPECT_TRUE(third->has_value());
}

TEST_F(BuildClaimTest, AWaitingClaimIsGrantedWhenTheHolderIsDone) {
    auto held = objects.claimBuild(key, IfClaimed::GiveUp);
    ASSERT_TRUE(held && held->has_value());
    enum : int { Waiting, Granted, Refused };
    std::atomic<int> outcome{Waiting};
    std::thread waiter([&] {
        auto claim = objects.claimBuild(key, IfClaimed::Wait);
        outcome = claim && claim->has_value() ? Granted : Refused;
    });
    // Whatever the waiter is doing by now, it cannot have the claim while it is held here.
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    EXPECT_EQ(outcome, Waiting);
    held->reset();
    waiter.join();
    EXPECT_EQ(outcome, Granted);
}

TEST_F(BuildClaimTest, ListingsIgnoreClaimsAndPruneRemovesAbandonedOnes) {
    auto held = objects.claimBuild(key, IfClaimed::GiveUp);
    ASSERT_TRUE(held && held->has_value());
    // A claimant that died leaves its file unlocked.
    const fs::path abandoned = objects.layout().entries() / (kBuildClaimPrefix + keyNumber(3).hex());
    writeBytes(abandoned, {});
    ::chmod(abandoned.c_str(), 0600);

    auto listing = objects.list();
    ASSERT_TRUE(listing);
    EXPECT_TRUE(listing->entries.empty());
    EXPECT_TRUE(listing->foreign.empty()) << "claims are the cache's own files";

    auto pruned = objects.prune(0);
    ASSERT_TRUE(pruned) << pruned.error().toString();
    EXPECT_EQ(pruned->leftoversRemoved, 1u);
    EXPECT_FALSE(fs::exists(abandoned));
    EXPECT_TRUE(fs::exists(claimFile())) << "a held claim is not a leftover";
}

TEST_F(BuildClaimTest, AClaimPathThatIsNotAFileIsRefused) {
    ASSERT_TRUE(objects.claimBuild(keyNumber(9), IfClaimed::GiveUp));  // makes the entries folder
    fs::create_directory(claimFile());
    auto claim = objects.claimBuild(key, IfClaimed::GiveUp);
    ASSERT_FALSE(claim);
    EXPECT_NE(claim.error().message.find(claimFile().string()), std::string::npos) << claim.error().message;
}

TEST_F(BuildClaimTest, RemoveTakesOneEntryOut) {
    ASSERT_TRUE(objects.store(key, {}, bytesOf("object"), "m.wasm"));
    ASSERT_TRUE(objects.store(keyNumber(2), {}, bytesOf("other"), "n.wasm"));
    auto removed = objects.remove(key);
    ASSERT_TRUE(removed) << removed.error().toString();
    EXPECT_TRUE(*removed);
    auto again = objects.remove(key);
    ASSERT_TRUE(again);
    EXPECT_FALSE(*again) << "nothing left to remove";
    auto listing = objects.list();
    ASSERT_TRUE(listing);
    ASSERT_EQ(listing->entries.size(), 1u);
    EXPECT_EQ(listing->entries[0].key, keyNumber(2));
}

}  // namespace
}  // namespace faaslet::cache::test
