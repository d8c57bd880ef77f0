// args_*, environ_*, clocks, randomness and process control on a plain byte buffer as memory.

#include <gtest/gtest.h>

#include "wasi/functions.h"
#include "wasi_test_support.h"

namespace faaslet::wasi {
namespace {

using namespace testing_support;

WasiConfig argsConfig() {
    WasiConfig config;
    config.args = {"prog", "first", "second"};
    config.env = {"A=1", "PATH=/bin"};
    config.stdio = StdioMode::Capture;
    return config;
}

class WasiArgs : public ::testing::Test {
protected:
    Guest g;
    WasiContext wasi{argsConfig()};
};

TEST_F(WasiArgs, SizesCountStringsAndTheirTerminators) {
    const uint32_t count = g.alloc(4), size = g.alloc(4);
    ASSERT_EQ(argsSizesGet(wasi, g.memory, count, size), WasiErrno::Success);
    EXPECT_EQ(g.u32(count), 3u);
    EXPECT_EQ(g.u32(size), 5u + 6u + 7u);
    ASSERT_EQ(environSizesGet(wasi, g.memory, count, size), WasiErrno::Success);
    EXPECT_EQ(g.u32(count), 2u);
    EXPECT_EQ(g.u32(size), 4u + 10u);
}

TEST_F(WasiArgs, ArgumentsArePointersToNulTerminatedStringsInOneBuffer) {
    const uint32_t argv = g.alloc(12), buf = g.alloc(18);
    ASSERT_EQ(argsGet(wasi, g.memory, argv, buf), WasiErrno::Success);
    EXPECT_EQ(g.u32(argv), buf);
    EXPECT_EQ(g.u32(argv + 4), buf + 5);
    EXPECT_EQ(g.u32(argv + 8), buf + 11);
    EXPECT_EQ(g.read(buf, 18), std::string("prog\0first\0second\0", 18));
}

TEST_F(WasiArgs, EnvironmentHasTheSameLayout) {
    const uint32_t pointers = g.alloc(8), buf = g.alloc(14);
    ASSERT_EQ(environGet(wasi, g.memory, pointers, buf), WasiErrno::Success);
    EXPECT_EQ(g.u32(pointers), buf);
    EXPECT_EQ(g.u32(pointers + 4), buf + 4);
    EXPECT_EQ(g.read(buf, 14), std::string("A=1\0PATH=/bin\0", 14));
}

TEST_F(WasiArgs, NoArgumentsAtAll) {
    WasiContext empty{WasiConfig{}};
    const uint32_t count = g.alloc(4), size = g.alloc(4);
    ASSERT_EQ(argsSizesGet(empty, g.memory, count, size), WasiErrno::Success);
    EXPECT_EQ(g.u32(count), 0u);
    EXPECT_EQ(g.u32(size), 0u);
    // Zero-length areas are fine anywhere up to the end of memory, not past it.
    EXPECT_EQ(argsGet(empty, g.memory, g.size(), g.size()), WasiErrno::Success);
    EXPECT_EQ(argsGet(empty, g.memory, g.size() + 1, 0), WasiErrno::Fault);
}

TEST_F(WasiArgs, BufferThatDoesNotFitIsAFaultAndNothingIsWritten) {
    // The pointer array fits, the string buffer runs 1 byte past the end.
    const uint32_t argv = g.alloc(12);
    ASSERT_EQ(argsGet(wasi, g.memory, argv, g.size() - 17), WasiErrno::Fault);
    EXPECT_EQ(g.u32(argv), 0u) << "nothing written before the check";
    EXPECT_EQ(argsGet(wasi, g.memory, g.size() - 8, 100), WasiErrno::Fault);
    EXPECT_EQ(argsGet(wasi, g.memory, kBad, 100), WasiErrno::Fault);
    EXPECT_EQ(argsGet(wasi, g.memory, 100, 0xffffffff), WasiErrno::Fault);
    EXPECT_EQ(argsSizesGet(wasi, g.memory, g.size() - 2, 0), WasiErrno::Fault);
    EXPECT_EQ(argsSizesGet(wasi, g.memory, 0, kBad), WasiErrno::Fault);
    EXPECT_EQ(environGet(wasi, g.memory, kBad, 0), WasiErrno::Fault);
    EXPECT_EQ(environGet(wasi, g.memory, 0, 0xffffffff), WasiErrno::Fault);
    EXPECT_EQ(environSizesGet(wasi, g.memory, 0xffffffff, 0), WasiErrno::Fault);
    EXPECT_TRUE(g.canariesIntact());
}

TEST_F(WasiArgs, OverlappingPointerArrayAndBufferStayInsideMemory) {
    // The guest's own problem, but never the host's: the strings overwrite the pointers.
    const uint32_t at = g.alloc(32);
    EXPECT_EQ(argsGet(wasi, g.memory, at, at + 2), WasiErrno::Success);
    EXPECT_EQ(argsGet(wasi, g.memory, g.size() - 18, g.size() - 18), WasiErrno::Success);
    EXPECT_TRUE(g.canariesIntact());
}

TEST_F(WasiArgs, NoMemoryAtAllFaults) {
    GuestMemory none;
    EXPECT_EQ(argsSizesGet(wasi, none, 0, 4), WasiErrno::Fault);
    EXPECT_EQ(clockTimeGet(wasi, none, 1, 0, 0), WasiErrno::Fault);
    EXPECT_EQ(randomGet(wasi, none, 0, 0), WasiErrno::Success);  // nothing to fill
    EXPECT_EQ(randomGet(wasi, none, 0, 1), WasiErrno::Fault);
}

TEST(WasiClock, MonotonicTimeNeverGoesBack) {
    Guest g;
    WasiContext wasi{WasiConfig{}};
    const uint32_t t = g.alloc(8);
    uint64_t previous = 0;
    for (int i = 0; i < 1000; ++i) {
        ASSERT_EQ(clockTimeGet(wasi, g.memory, preview1::kClockMonotonic, 1, t), WasiErrno::Success);
        EXPECT_GE(g.u64(t), previous);
        previous = g.u64(t);
    }
    EXPECT_GT(previous, 0u);
}

TEST(WasiClock, MonotonicTimeAdvancesAcrossASleep) {
    Guest g;
    WasiContext wasi{WasiConfig{}};
    const uint32_t a = g.alloc(8), b = g.alloc(8);
    ASSERT_EQ(clockTimeGet(wasi, g.memory, preview1::kClockMonotonic, 0, a), WasiErrno::Success);
    ::usleep(2000);
    ASSERT_EQ(clockTimeGet(wasi, g.memory, preview1::kClockMonotonic, 0, b), WasiErrno::Success);
    EXPECT_GT(g.u64(b), g.u64(a));
}

TEST(WasiClock, EveryClockAndItsResolution) {
    Guest g;
    WasiContext wasi{WasiConfig{}};
    const uint32_t t = g.alloc(8);
    for (uint32_t id : {preview1::kClockRealtime, preview1::kClockMonotonic, preview1::kClockProcessCputime,
                        preview1::kClockThreadCputime}) {
        EXPECT_EQ(clockTimeGet(wasi, g.memory, id, 0, t), WasiErrno::Success) << id;
        EXPECT_GT(g.u64(t), 0u) << id;
        EXPECT_EQ(clockResGet(wasi, g.memory, id, t), WasiErrno::Success) << id;
        EXPECT_GT(g.u64(t), 0u) << id;
        EXPECT_LE(g.u64(t), 1'000'000'000u) << id;
    }
    // Realtime is nanoseconds since 1970: after 2020.
    ASSERT_EQ(clockTimeGet(wasi, g.memory, preview1::kClockRealtime, 0, t), WasiErrno::Success);
    EXPECT_GT(g.u64(t), 1'577'836'800ull * 1'000'000'000ull);
    EXPECT_EQ(clockTimeGet(wasi, g.memory, 4, 0, t), WasiErrno::Inval);
    EXPECT_EQ(clockResGet(wasi, g.memory, 0xffffffff, t), WasiErrno::Inval);
    EXPECT_EQ(clockTimeGet(wasi, g.memory, 1, 0, g.size() - 7), WasiErrno::Fault);
    EXPECT_EQ(clockResGet(wasi, g.memory, 1, kBad), WasiErrno::Fault);
    EXPECT_TRUE(g.canariesIntact());
}

TEST(WasiRandom, FillsTheWholeBufferAndNothingElse) {
    Guest g;
    WasiContext wasi{WasiConfig{}};
    const uint32_t before = g.alloc(16), buf = g.alloc(4096), after = g.alloc(16);
    ASSERT_EQ(randomGet(wasi, g.memory, buf, 4096), WasiErrno::Success);
    int counts[256] = {};
    for (uint32_t i = 0; i < 4096; ++i) counts[g.bytes()[buf + i]]++;
    // 4096 random bytes: every value about 16 times; none anywhere near all of them.
    EXPECT_LT(*std::max_element(std::begin(counts), std::end(counts)), 64);
    EXPECT_EQ(g.read(before, 16), std::string(16, '\0'));
    EXPECT_EQ(g.read(after, 16), std::string(16, '\0'));
    // Two draws differ.
    const std::string first = g.read(buf, 32);
    ASSERT_EQ(randomGet(wasi, g.memory, buf, 32), WasiErrno::Success);
    EXPECT_NE(g.read(buf, 32), first);
    EXPECT_EQ(randomGet(wasi, g.memory, buf, 0), WasiErrno::Success);
    EXPECT_EQ(randomGet(wasi, g.memory, g.size() - 10, 11), WasiErrno::Fault);
    EXPECT_EQ(randomGet(wasi, g.memory, kBad, 32), WasiErrno::Fault);
    EXPECT_EQ(randomGet(wasi, g.memory, 0, 0xffffffff), WasiErrno::Fault);
    EXPECT_TRUE(g.canariesIntact());
}

TEST(WasiProc, ExitReturnsTheStatusForTheBindingToEndTheCall) {
    Guest g;
    WasiContext wasi{WasiConfig{}};
    const WasiExit exit = procExit(wasi, g.memory, 42);
    EXPECT_EQ(exit.code, 42u);
    EXPECT_EQ(wasi.exitCode, 42u);
    EXPECT_EQ(procRaise(wasi, g.memory, 9), WasiErrno::NoSys);
    EXPECT_EQ(schedYield(wasi, g.memory), WasiErrno::Success);
}

}  // namespace
}  // namespace faaslet::wasi
