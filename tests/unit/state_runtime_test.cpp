// State through the embedding API, on sandboxed Faaslets running tests/programs/state_behaviours.c:
// mapped values shared between Faaslets, mappings ended by the reset, concurrent appends and
// counters that lose nothing, users kept apart, values pushed by one runtime pulled by another
// over the same global tier, a restart over the file tier, and Faasm's void declarations.

#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <cstring>
#include <set>

#include "faaslets/runtime.h"
#include "loader/loader.h"
#include "loader/module_file.h"
#include "state/local_tier.h"
#include "state/open_tier.h"
#include "tests/support/temp_dir.h"

namespace faaslet::faaslets {
namespace {

class Quiet final : public loader::Listener {
public:
    void note(const std::string&) override {}
};

// Compiled once for every runtime of these tests (each would compile it again otherwise).
std::shared_ptr<const runtime::LoadedModule> program() {
    static const std::shared_ptr<const runtime::LoadedModule> loaded = [] {
        std::ifstream in(FAASLET_TEST_PROGRAM_DIR "/state_behaviours.wasm", std::ios::binary);
        std::vector<uint8_t> bytes{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
        loader::LoadOptions load;
        load.cacheDirectory.clear();
        Quiet quiet;
        auto made = loader::loadBytes(std::move(bytes), "state_behaviours", load, quiet);
        EXPECT_TRUE(made.ok()) << (made.ok() ? "" : made.error());
        return made.ok() ? made->loaded : nullptr;
    }();
    return loaded;
}

RuntimeOptions options(std::shared_ptr<state::GlobalTier> tier = nullptr, unsigned perFunction = 4) {
    RuntimeOptions o;
    o.maxFaasletsPerFunction = perFunction;
    o.load.cacheDirectory.clear();
    o.stateTier = std::move(tier);
    return o;
}

void add(Runtime& runtime, const std::string& name, uint64_t maxMemory = 0) {
    FunctionConfig c;
    c.name = name;
    c.timeout = std::chrono::milliseconds(20'000);
    c.maxMemoryBytes = maxMemory;
    auto added = runtime.addFunction(c, program());
    ASSERT_TRUE(added.ok()) << added.error();
}

std::string out(Runtime& runtime, const std::string& name, const std::string& input) {
    CallResult r = runtime.invoke(name, input);
    EXPECT_TRUE(r.ok()) << input << ": " << r.error;
    return r.stdoutText;
}

class StateRuntime : public ::testing::Test {
protected:
    void SetUp() override {
        add(runtime, "demo/a");
        add(runtime, "demo/b");
    }
    Runtime runtime{options()};
};

TEST_F(StateRuntime, TwoFaasletsSeeEachOthersStoresThroughAMappedValue) {
    // Two functions of one user: two Faaslets, one value.
    EXPECT_EQ(out(runtime, "demo/a", "poke shared 100000 70000 Q"), "0\n");
    EXPECT_EQ(out(runtime, "demo/b", "peek shared 100000 70000"), "Q\n");
    EXPECT_EQ(out(runtime, "demo/b", "poke shared 100000 5 R"), "0\n");
    EXPECT_EQ(out(runtime, "demo/a", "peek shared 100000 5"), "R\n");
    EXPECT_EQ(out(runtime, "demo/a", "map-twice shared 100000"), "same\n");
    // The copy functions read the same pages.
    EXPECT_EQ(runtime.localState().counters().copiedOut.load(), 0u);
}

TEST_F(StateRuntime, AMappingEndsWithItsCall) {
    const std::string address = out(runtime, "demo/a", "map ended 4096");
    ASSERT_NE(std::stoul(address), 0u);
    // The next call on that Faaslet (one per function here) finds no memory there.
    Runtime single(options(nullptr, 1));
    add(single, "demo/a");
    const std::string at = out(single, "demo/a", "map ended 4096");
    CallResult touched = single.invoke("demo/a", "touch " + at);
    EXPECT_EQ(touched.status, CallStatus::Trapped) << touched.stdoutText;
    EXPECT_NE(touched.error.find("out of bounds"), std::string::npos) << touched.error;
    EXPECT_EQ(out(single, "demo/a", "map ended 4096"), at);  // mapped again at the same place
    // Memory grown over the place in a later call holds fresh zeros, not the value's pages.
    EXPECT_EQ(out(single, "demo/a", "poke ended 4096 0 Z"), "0\n");
    EXPECT_EQ(out(single, "demo/a", "grow-touch " + at + " 4"), "0\n");
    EXPECT_EQ(out(single, "demo/a", "peek ended 4096 0"), "Z\n");
}

TEST_F(StateRuntime, MemoryGrownAfterAMappingNeverOverlapsIt) {
    EXPECT_EQ(out(runtime, "demo/a", "map-grow grown 200000"), "intact\n");
}

TEST_F(StateRuntime, AMappingPastTheMemoryLimitIsRefused) {
    add(runtime, "demo/small", 2 << 20);
    EXPECT_EQ(out(runtime, "demo/small", "map huge 4000000"), "0\n");
    EXPECT_EQ(out(runtime, "demo/small", "map fits 4096"), out(runtime, "demo/small", "map fits 4096"));
}

TEST_F(StateRuntime, SixteenFaasletsAppendingConcurrentlyLoseNothing) {
    Runtime wide(options(nullptr, 16));
    add(wide, "demo/a");
    std::vector<std::future<CallResult>> calls;
    for (int i = 0; i < 16; ++i) calls.push_back(wide.invokeAsync("demo/a", "append list <" + std::to_string(i) + ">"));
    for (auto& call : calls) EXPECT_EQ(call.get().stdoutText, "0\n");
    const std::string all = out(wide, "demo/a", "appended list 100");
    for (int i = 0; i < 16; ++i)
        EXPECT_NE(all.find("<" + std::to_string(i) + ">"), std::string::npos) << i << " missing from " << all;
}

TEST_F(StateRuntime, SixteenFaasletsCountingUnderLocksLoseNothing) {
    Runtime wide(options(nullptr, 16));
    add(wide, "demo/a");
    for (const char* command : {"incr-global", "incr-local"}) {
        std::vector<std::future<CallResult>> calls;
        for (int i = 0; i < 16 * 8; ++i) calls.push_back(wide.invokeAsync("demo/a", std::string(command) + " n"));
        for (auto& call : calls) {
            CallResult r = call.get();
            ASSERT_TRUE(r.ok()) << r.error;
            EXPECT_EQ(r.stdoutText, "0\n");
        }
    }
    // 128 under the global lock (through the global tier), then 128 more on the local value.
    auto stored = wide.localState().global().get("demo/n");
    ASSERT_TRUE(stored.ok());
    uint64_t global = 0;
    std::memcpy(&global, stored->data(), 8);
    EXPECT_EQ(global, 128u);
    auto local = wide.localState().find("demo/n");
    uint64_t count = 0;
    std::memcpy(&count, (*local)->bytes().data(), 8);
    EXPECT_EQ(count, 256u);
}

TEST_F(StateRuntime, ALockHeldAtTheEndOfACallIsReleased) {
    Runtime single(options(nullptr, 1));
    add(single, "demo/a");
    add(single, "demo/b");
    EXPECT_EQ(out(single, "demo/a", "hold l"), "0\n");
    EXPECT_EQ(out(single, "demo/b", "hold l"), "0\n");  // not 10 s of waiting and ETIMEDOUT
    EXPECT_EQ(out(single, "demo/a", "relock l"), "0\n-16\n0\n-63\n-63\n");
}

TEST_F(StateRuntime, ACallWaitingForALockEndsAtItsTimeout) {
    FunctionConfig c;
    c.name = "demo/brief";
    c.timeout = std::chrono::milliseconds(200);
    ASSERT_TRUE(runtime.addFunction(c, program()).ok());
    auto lock = runtime.localState().lockOf("demo/busy");
    ASSERT_TRUE(lock->lock(state::RwLock::Clock::now() + std::chrono::seconds(1)));
    for (const char* input : {"hold busy", "incr-global busy"}) {
        std::optional<state::LockToken> global;
        if (std::string(input) == "incr-global busy") {
            auto token = runtime.localState().global().lock("demo/busy", std::chrono::seconds(60), {});
            ASSERT_TRUE(token.ok());
            global = *token;
        }
        // The wait ends at the call's deadline, not after the lock's 10 s: the guest sees ETIMEDOUT,
        // unless the watchdog's interrupt stops it first.
        CallResult r = runtime.invoke("demo/brief", input);
        EXPECT_TRUE(r.status == CallStatus::TimedOut || (r.ok() && r.stdoutText == "-73\n"))
            << input << ": " << toString(r.status) << " " << r.stdoutText << r.error;
        if (global) ASSERT_TRUE(runtime.localState().global().unlock(*global).ok());
    }
    lock->unlock();
    EXPECT_EQ(out(runtime, "demo/brief", "hold busy"), "0\n");
}

TEST_F(StateRuntime, OneUserCannotReadAnothersKey) {
    add(runtime, "alice/f");
    add(runtime, "bob/f");
    EXPECT_EQ(out(runtime, "alice/f", "write secret alice-only"), "0\n");
    EXPECT_EQ(out(runtime, "alice/f", "push secret"), "0\n");
    EXPECT_EQ(out(runtime, "bob/f", "read secret"), "error -44\n");
    EXPECT_EQ(out(runtime, "bob/f", "pull secret 10"), "-44\n");
    EXPECT_EQ(out(runtime, "bob/f", "map secret 10"), out(runtime, "bob/f", "map secret 10"));  // bob's own
    EXPECT_EQ(out(runtime, "bob/f", "peek secret 10 0"), std::string(1, '\0') + "\n");
    EXPECT_EQ(out(runtime, "alice/f", "read secret"), "alice-only\n");
}

TEST_F(StateRuntime, RefusedCallsGetTheirErrorCodes) {
    EXPECT_EQ(out(runtime, "demo/a", "bad"),
              "-28\n-28\n-28\n-21\n-21\n-28\n0\n-28\n-68\n-68\n-28\n-68\n0\n-44\n-44\n-28\n0\n-68\n-63\n");
}

TEST_F(StateRuntime, AValuePushedByOneRuntimeIsPulledByAnotherOnTheSameTier) {
    auto tier = state::openGlobalTier("memory");
    ASSERT_TRUE(tier.ok());
    Runtime first(options(*tier));
    Runtime second(options(*tier));
    add(first, "demo/a");
    add(second, "demo/a");
    EXPECT_EQ(out(first, "demo/a", "write model v1-weights"), "0\n");
    EXPECT_EQ(out(second, "demo/a", "read model"), "error -44\n");  // not pushed yet
    EXPECT_EQ(out(first, "demo/a", "push model"), "0\n");
    EXPECT_EQ(out(second, "demo/a", "read model"), "v1-weights\n");
    EXPECT_EQ(out(first, "demo/a", "write model v2-weights"), "0\n");
    EXPECT_EQ(out(first, "demo/a", "pushp model"), "10\n");  // the one chunk of a 10-byte value
    EXPECT_EQ(out(second, "demo/a", "read model"), "v1-weights\n");  // its own copy until it pulls
    EXPECT_EQ(out(second, "demo/a", "pull model 10"), "0\n");
    EXPECT_EQ(out(second, "demo/a", "read model"), "v2-weights\n");
}

TEST_F(StateRuntime, TheFileTierKeepsPushedValuesAcrossARestart) {
    test::TempDir dir;
    const std::string uri = "file:" + (dir.path() / "state.bin").string();
    {
        Runtime before(options(*state::openGlobalTier(uri)));
        add(before, "demo/a");
        EXPECT_EQ(out(before, "demo/a", "write kept across"), "0\n");
        EXPECT_EQ(out(before, "demo/a", "push kept"), "0\n");
        EXPECT_EQ(out(before, "demo/a", "append log entry"), "0\n");
    }
    Runtime after(options(*state::openGlobalTier(uri)));
    add(after, "demo/a");
    EXPECT_EQ(out(after, "demo/a", "read kept"), "across\n");
    EXPECT_EQ(out(after, "demo/a", "appended log 5"), "entry\n");
}

TEST_F(StateRuntime, FaasmsVoidDeclarationsLinkAndARefusalTrapsWithItsReason) {
    auto wasm = loader::readModuleFile(FAASLET_SOURCE_DIR "/tests/programs/state_faasm_void.wat");
    ASSERT_TRUE(wasm.ok()) << wasm.error();
    for (const char* entry : {"good", "bad"}) {
        FunctionConfig c;
        c.name = std::string("demo/void-") + entry;
        c.entry = entry;
        ASSERT_TRUE(runtime.addFunction(c, *wasm).ok());
    }
    EXPECT_TRUE(runtime.invoke("demo/void-good", "").ok());
    EXPECT_EQ(*runtime.localState().global().size("demo/faasm-key"), 4u);
    CallResult bad = runtime.invoke("demo/void-bad", "");
    EXPECT_EQ(bad.status, CallStatus::Trapped);
    EXPECT_NE(bad.error.find("__faasm_write_state: state key \"bad key\""), std::string::npos) << bad.error;
}

}  // namespace
}  // namespace faaslet::faaslets
