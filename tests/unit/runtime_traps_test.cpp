// Traps of compiled code: guard-page bounds, explicit traps, hardware faults, stack exhaustion,
// backtraces — and that the thread keeps working after each.

#include <gtest/gtest.h>

#include <thread>

#include "runtime/instance.h"
#include "runtime/linear_memory.h"
#include "runtime/store.h"
#include "tests/unit/runtime_test_modules.h"

namespace faaslet::runtime::test {
namespace {

using abi::TrapCode;
namespace mf = memory_fixture;

class RuntimeTraps : public ::testing::Test {
protected:
    void SetUp() override {
        loaded_ = load("memory_fixture", memoryModule(1, 4));
        ASSERT_TRUE(loaded_);
        auto instance = store_.instantiate(loaded_, {});
        ASSERT_TRUE(instance.ok()) << instance.error().toString();
        instance_ = *instance;
    }

    CallResult call(mf::Function f, std::vector<abi::Value> args) { return instance_->callFunction(f, args); }

    uint32_t callI32(mf::Function f, std::vector<abi::Value> args) {
        CallResult result = call(f, std::move(args));
        EXPECT_TRUE(result.ok()) << (result.ok() ? "" : result.error().toString());
        return result.ok() ? result->at(0).i32 : 0xdeadbeef;
    }

    void expectTrap(mf::Function f, std::vector<abi::Value> args, TrapCode code) {
        CallResult result = call(f, std::move(args));
        ASSERT_FALSE(result.ok()) << "expected " << abi::trapMessage(code);
        EXPECT_EQ(result.error().code, code) << result.error().toString();
        EXPECT_EQ(result.error().message, abi::trapMessage(code));
        // The thread runs the next call normally.
        EXPECT_EQ(callI32(mf::Load32, {i32(0)}), 0u);
    }

    Store store_;
    std::shared_ptr<const LoadedModule> loaded_;
    Instance* instance_ = nullptr;
};

TEST_F(RuntimeTraps, LoadsAndStoresInBounds) {
    ASSERT_TRUE(call(mf::Store32, {i32(100), i32(0x12345678)}).ok());
    EXPECT_EQ(callI32(mf::Load32, {i32(100)}), 0x12345678u);
    EXPECT_EQ(callI32(mf::Load32, {i32(65532)}), 0u);  // the last four bytes of the page
    uint32_t stored;
    std::memcpy(&stored, instance_->memory(0)->base() + 100, 4);
    EXPECT_EQ(stored, 0x12345678u);
}

TEST_F(RuntimeTraps, LoadJustPastTheSizeTraps) {
    expectTrap(mf::Load32, {i32(65536)}, TrapCode::OutOfBoundsMemoryAccess);
    expectTrap(mf::Load32, {i32(65534)}, TrapCode::OutOfBoundsMemoryAccess);  // straddles the end
    expectTrap(mf::Store32, {i32(65536), i32(1)}, TrapCode::OutOfBoundsMemoryAccess);
}

TEST_F(RuntimeTraps, LoadNear4GiBTraps) {
    expectTrap(mf::Load32, {i32(0xfffffffc)}, TrapCode::OutOfBoundsMemoryAccess);
    expectTrap(mf::Load32, {i32(0x80000000)}, TrapCode::OutOfBoundsMemoryAccess);
}

TEST_F(RuntimeTraps, IndexPlusOffsetNear8GiBTraps) {
    expectTrap(mf::Load32Far, {i32(0xffffffff)}, TrapCode::OutOfBoundsMemoryAccess);
    // The largest index and offset: the access ends 2 bytes past the 8 GiB, in the tail guard.
    expectTrap(mf::Load32Max, {i32(0xffffffff)}, TrapCode::OutOfBoundsMemoryAccess);
    expectTrap(mf::Load32Far, {i32(0)}, TrapCode::OutOfBoundsMemoryAccess);
}

TEST_F(RuntimeTraps, GrowThenAccess) {
    expectTrap(mf::Load32, {i32(65536)}, TrapCode::OutOfBoundsMemoryAccess);
    EXPECT_EQ(callI32(mf::Size, {}), 1u);
    EXPECT_EQ(callI32(mf::Grow, {i32(1)}), 1u);
    EXPECT_EQ(callI32(mf::Size, {}), 2u);
    ASSERT_TRUE(call(mf::Store32, {i32(65536), i32(7)}).ok());
    EXPECT_EQ(callI32(mf::Load32, {i32(65536)}), 7u);
    expectTrap(mf::Load32, {i32(2 * 65536)}, TrapCode::OutOfBoundsMemoryAccess);
    EXPECT_EQ(callI32(mf::Grow, {i32(3)}), uint32_t(-1));  // past the declared max of 4
    EXPECT_EQ(callI32(mf::Grow, {i32(2)}), 2u);
    EXPECT_EQ(callI32(mf::Size, {}), 4u);
    EXPECT_EQ(callI32(mf::Grow, {i32(0)}), 4u);
}

TEST_F(RuntimeTraps, ExplicitTrapsCarryTheirCode) {
    for (TrapCode code :
         {TrapCode::Unreachable, TrapCode::IntegerOverflow, TrapCode::InvalidConversionToInteger,
          TrapCode::OutOfBoundsTableAccess, TrapCode::IndirectCallTypeMismatch}) {
        expectTrap(mf::Raise, {i32(uint32_t(code))}, code);
    }
}

TEST_F(RuntimeTraps, HardwareDivideErrorIsIntegerDivideByZero) {
    EXPECT_EQ(callI32(mf::Div, {i32(7), i32(2)}), 3u);
    expectTrap(mf::Div, {i32(7), i32(0)}, TrapCode::IntegerDivideByZero);
}

TEST_F(RuntimeTraps, Ud2IsUnreachable) {
    expectTrap(mf::Unreachable, {}, TrapCode::Unreachable);
}

TEST_F(RuntimeTraps, StackExhaustionThenNormalCallsOnTheSameThread) {
    for (int round = 0; round < 3; ++round) expectTrap(mf::Recurse, {i32(0)}, TrapCode::CallStackExhausted);
    EXPECT_NE(instance_->context()->stackLimit, 0u);
}

TEST_F(RuntimeTraps, TrapsOnAnotherThread) {
    std::thread worker([&] {
        expectTrap(mf::Load32, {i32(0xfffffffc)}, TrapCode::OutOfBoundsMemoryAccess);
        expectTrap(mf::Recurse, {i32(0)}, TrapCode::CallStackExhausted);
        expectTrap(mf::Div, {i32(1), i32(0)}, TrapCode::IntegerDivideByZero);
    });
    worker.join();
    expectTrap(mf::Recurse, {i32(0)}, TrapCode::CallStackExhausted);
}

TEST_F(RuntimeTraps, ExplicitTrapBacktraceNamesTheFrames) {
    CallResult result = call(mf::FacTrap, {i32(3)});
    ASSERT_FALSE(result.ok());
    const Trap& trap = result.error();
    EXPECT_EQ(trap.code, TrapCode::Unreachable);
    ASSERT_EQ(trap.backtrace.size(), 4u) << trap.toString();  // fac_trap(0) .. fac_trap(3)
    for (const TrapFrame& frame : trap.backtrace) {
        EXPECT_EQ(frame.function, mf::FacTrap);
        EXPECT_EQ(frame.name, "fac_trap");
        EXPECT_EQ(frame.module, "memory_fixture.so") << "loaded without a name: the object's file name";
    }
    EXPECT_EQ(trap.omittedFrames, 0u);
    EXPECT_NE(trap.toString().find("#0 func[11] <fac_trap>+0x"), std::string::npos) << trap.toString();
    EXPECT_NE(trap.toString().find("#3 func[11] <fac_trap>"), std::string::npos) << trap.toString();
    EXPECT_EQ(trap.toString().find("more frame"), std::string::npos) << trap.toString();
}

TEST(RuntimeTrapBacktrace, FramesNameTheModuleItWasLoadedAs) {
    auto loaded = LoadedModule::load(fixturePath("memory_fixture"), memoryModule(1, 4), "fac.wasm");
    ASSERT_TRUE(loaded.ok()) << loaded.error().toString();
    EXPECT_EQ((*loaded)->moduleName(), "fac.wasm");
    Store store;
    auto instance = store.instantiate(*loaded, {});
    ASSERT_TRUE(instance.ok()) << instance.error().toString();
    CallResult result = (*instance)->callFunction(mf::FacTrap, {i32(1)});
    ASSERT_FALSE(result.ok());
    ASSERT_EQ(result.error().backtrace.size(), 2u) << result.error().toString();
    for (const TrapFrame& frame : result.error().backtrace) EXPECT_EQ(frame.module, "fac.wasm");
    EXPECT_NE(result.error().toString().find("#1 func[11] <fac_trap>+0x"), std::string::npos);
    EXPECT_NE(result.error().toString().find(" (fac.wasm)"), std::string::npos) << result.error().toString();
    EXPECT_EQ(result.error().toString().find(".so"), std::string::npos) << result.error().toString();
}

TEST_F(RuntimeTraps, DeepBacktraceSaysHowManyFramesItCut) {
    // fac_trap(n) traps n + 1 frames deep: every one is either listed or counted as cut.
    for (uint32_t n : {62u, 63u, 64u, 200u, 1000u}) {
        CallResult result = call(mf::FacTrap, {i32(n)});
        ASSERT_FALSE(result.ok());
        const Trap& trap = result.error();
        EXPECT_LE(trap.backtrace.size(), 64u);
        EXPECT_EQ(trap.backtrace.size() + trap.omittedFrames, n + 1) << "n = " << n;
        const std::string text = trap.toString();
        if (trap.omittedFrames == 0) {
            EXPECT_EQ(text.find("more frame"), std::string::npos) << text;
        } else {
            const std::string tail = "\n  ... and " + std::to_string(trap.omittedFrames) +
                                     (trap.omittedFrames == 1 ? " more frame" : " more frames");
            ASSERT_GE(text.size(), tail.size());
            EXPECT_EQ(text.substr(text.size() - tail.size()), tail) << "the last line says so";
        }
    }
}

TEST_F(RuntimeTraps, FaultBacktraceStartsAtTheFaultingFunction) {
    CallResult result = call(mf::DeepOob, {i32(2)});
    ASSERT_FALSE(result.ok());
    const Trap& trap = result.error();
    EXPECT_EQ(trap.code, TrapCode::OutOfBoundsMemoryAccess);
    ASSERT_EQ(trap.backtrace.size(), 3u) << trap.toString();
    for (const TrapFrame& frame : trap.backtrace) EXPECT_EQ(frame.name, "deep_oob");
}

TEST_F(RuntimeTraps, StackExhaustionBacktraceIsBounded) {
    CallResult result = call(mf::Recurse, {i32(0)});
    ASSERT_FALSE(result.ok());
    EXPECT_FALSE(result.error().backtrace.empty());
    EXPECT_LE(result.error().backtrace.size(), 64u);
    EXPECT_EQ(result.error().backtrace[0].name, "recurse");
    // The recursion ran far deeper than the frames kept: the rest are counted and said to be cut.
    EXPECT_GT(result.error().omittedFrames, 1000u);
    EXPECT_NE(result.error().toString().find(
                  "... and " + std::to_string(result.error().omittedFrames) + " more frames"),
              std::string::npos);
}

TEST_F(RuntimeTraps, MemoryFillChecksTheWholeRange) {
    ASSERT_TRUE(call(mf::Fill, {i32(10), i32(0x1ab), i32(4)}).ok());
    EXPECT_EQ(callI32(mf::Load32, {i32(10)}), 0xababababu);
    ASSERT_TRUE(call(mf::Fill, {i32(65536), i32(1), i32(0)}).ok());  // empty, at the end: in bounds
    expectTrap(mf::Fill, {i32(65530), i32(1), i32(7)}, TrapCode::OutOfBoundsMemoryAccess);
    // Nothing was written by the failing fill.
    EXPECT_EQ(instance_->memory(0)->base()[65530], 0);
    expectTrap(mf::Fill, {i32(65537), i32(1), i32(0)}, TrapCode::OutOfBoundsMemoryAccess);
}

TEST_F(RuntimeTraps, WrongArgumentCountIsReportedNotCalled) {
    CallResult result = call(mf::Load32, {});
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error().code, TrapCode::HostTrap);
    EXPECT_NE(result.error().message.find("wrong number of arguments"), std::string::npos);
}

TEST(RuntimeStart, StartFunctionRunsAtInstantiation) {
    auto module = memoryModule();
    module->start = memory_fixture::Start;
    Store store;
    auto instance = store.instantiate(load("memory_fixture", module), {});
    ASSERT_TRUE(instance.ok()) << instance.error().toString();
    EXPECT_EQ((*instance)->memory(0)->base()[4], 42);
}

TEST(RuntimeStart, StartFunctionTrapFailsInstantiation) {
    auto module = memoryModule();
    module->start = memory_fixture::Unreachable;
    Store store;
    auto instance = store.instantiate(load("memory_fixture", module), {});
    ASSERT_FALSE(instance.ok());
    EXPECT_EQ(instance.error().kind, Error::Kind::Trap);
    ASSERT_TRUE(instance.error().trap);
    EXPECT_EQ(instance.error().trap->code, TrapCode::Unreachable);
    EXPECT_EQ(instance.error().message, "unreachable");
}

}  // namespace
}  // namespace faaslet::runtime::test
