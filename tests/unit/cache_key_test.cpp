// Cache keys: deterministic, and different whenever any input is — including inputs that differ
// only in where one field ends and the next begins.

#include "cache/cache_key.h"

#include <gtest/gtest.h>
#include <pthread.h>
#include <sched.h>

#include <functional>
#include <set>
#include <thread>

#include "cache/host_identity.h"

#include "tests/unit/cache_test_support.h"

namespace faaslet::cache::test {
namespace {

struct Inputs {
    std::vector<uint8_t> wasm = pattern(300, 1);
    KeyInputs key() const {
        KeyInputs in;
        in.wasm = wasm;
        in.compilerVersion = "faaslet 0.1.0";
        in.llvmVersion = "19.1.7";
        in.targetTriple = "x86_64-pc-linux-gnu";
        in.cpuName = "znver3";
        in.cpuFeatures = "+avx2,+bmi2";
        in.options = {{"opt", "2"}, {"bounds", "guard-pages"}, {"interruptible", "1"}};
        in.abiVersion = 3;
        return in;
    }
};

TEST(CacheKeyDerivation, IsDeterministicAndHexShaped) {
    Inputs inputs;
    const CacheKey a = deriveKey(inputs.key());
    const CacheKey b = deriveKey(inputs.key());
    EXPECT_EQ(a, b);
    const std::string hex = a.hex();
    EXPECT_EQ(hex.size(), 64u);
    EXPECT_EQ(hex.find_first_not_of("0123456789abcdef"), std::string::npos);
    EXPECT_EQ(CacheKey::fromHex(hex), a);
    EXPECT_NE(a, CacheKey());
}

TEST(CacheKeyDerivation, EveryInputChangesTheKey) {
    Inputs inputs;
    const CacheKey base = deriveKey(inputs.key());
    std::vector<std::pair<const char*, std::function<void(KeyInputs&, Inputs&)>>> changes = {
        {"a wasm byte", [](KeyInputs&, Inputs& i) { i.wasm[150] ^= 1; }},
        {"wasm length", [](KeyInputs&, Inputs& i) { i.wasm.push_back(0); }},
        {"empty wasm", [](KeyInputs&, Inputs& i) { i.wasm.clear(); }},
        {"compiler version", [](KeyInputs& k, Inputs&) { k.compilerVersion = "faaslet 0.1.1"; }},
        {"llvm version", [](KeyInputs& k, Inputs&) { k.llvmVersion = "19.1.6"; }},
        {"triple", [](KeyInputs& k, Inputs&) { k.targetTriple = "aarch64-unknown-linux-gnu"; }},
        {"cpu", [](KeyInputs& k, Inputs&) { k.cpuName = "skylake"; }},
        {"cpu features", [](KeyInputs& k, Inputs&) { k.cpuFeatures = "+avx2,-bmi2"; }},
        {"option value", [](KeyInputs& k, Inputs&) { k.options[0].second = "3"; }},
        {"option name", [](KeyInputs& k, Inputs&) { k.options[1].first = "bound"; }},
        {"bounds mode", [](KeyInputs& k, Inputs&) { k.options[1].second = "checked"; }},
        {"interruption", [](KeyInputs& k, Inputs&) { k.options[2].second = "0"; }},
        {"option added",
         [](KeyInputs& k, Inputs&) {
             k.options.push_back({"simd", "1"});
         }},
        {"option removed", [](KeyInputs& k, Inputs&) { k.options.pop_back(); }},
        {"option order", [](KeyInputs& k, Inputs&) { std::swap(k.options[0], k.options[1]); }},
        {"abi version", [](KeyInputs& k, Inputs&) { k.abiVersion = 4; }},
    };
    std::set<CacheKey> seen = {base};
    for (auto& [what, change] : changes) {
        Inputs changed;
        // The wasm span must point into `changed` after the change.
        KeyInputs probe = changed.key();
        change(probe, changed);
        probe.wasm = changed.wasm;
        const CacheKey key = deriveKey(probe);
        EXPECT_NE(key, base) << what;
        EXPECT_TRUE(seen.insert(key).second) << what << " collides with another change";
    }
}

TEST(CacheKeyDerivation, FieldBoundariesMatter) {
    Inputs inputs;
    KeyInputs a = inputs.key(), b = inputs.key();
    a.compilerVersion = "faaslet 1";
    a.llvmVersion = "9";
    b.compilerVersion = "faaslet 19";
    b.llvmVersion = "";
    EXPECT_NE(deriveKey(a), deriveKey(b));

    KeyInputs c = inputs.key(), d = inputs.key();
    c.options = {{"opt", "2"}};
    d.options = {{"opt2", ""}};
    EXPECT_NE(deriveKey(c), deriveKey(d));

    KeyInputs e = inputs.key(), f = inputs.key();
    e.options = {{"a", "b"}, {"c", "d"}};
    f.options = {{"a", "bc"}, {"", "d"}};
    EXPECT_NE(deriveKey(e), deriveKey(f));

    // The option list's length is framed too: one option's value cannot pose as a second option.
    KeyInputs g = inputs.key(), h = inputs.key();
    g.options = {};
    g.cpuFeatures = "";
    h.options = {};
    h.cpuFeatures = std::string("\x07", 1);
    EXPECT_NE(deriveKey(g), deriveKey(h));
}

TEST(CacheKeyDerivation, FromHexRejectsNonKeys) {
    EXPECT_FALSE(CacheKey::fromHex("not a key"));
    EXPECT_FALSE(CacheKey::fromHex(std::string(63, 'a')));
    EXPECT_TRUE(CacheKey::fromHex(std::string(64, 'a')));
}

}  // namespace
}  // namespace faaslet::cache::test

// The identity goes into every key: a process that moved to another core (precompile on one, run
// on the next) must still find its entries.
TEST(HostIdentity, IsTheSameOnEveryCore) {
    cpu_set_t allowed;
    ASSERT_EQ(sched_getaffinity(0, sizeof allowed, &allowed), 0);
    std::set<std::string> identities;
    for (int cpu = 0; cpu < CPU_SETSIZE; ++cpu) {
        if (!CPU_ISSET(cpu, &allowed)) continue;
        std::thread pinned([cpu, &identities] {
            cpu_set_t one;
            CPU_ZERO(&one);
            CPU_SET(cpu, &one);
            ASSERT_EQ(pthread_setaffinity_np(pthread_self(), sizeof one, &one), 0);
            identities.insert(faaslet::cache::hostIdentity());
        });
        pinned.join();
    }
    EXPECT_EQ(identities.size(), 1u);
    EXPECT_FALSE(identities.begin()->empty());
}
