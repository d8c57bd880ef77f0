// The WASI layer on a plain byte buffer as guest memory: argument layout, bounds checks (EFAULT,
// never a host access outside the buffer), descriptors, clocks and randomness.

#include <gtest/gtest.h>

#include <vector>

#include "hostiface/wasi_functions.h"

namespace faaslet::hostiface {
namespace {

std::vector<abi::Value> values(std::initializer_list<uint64_t> list) {
    std::vector<abi::Value> out;
    for (uint64_t v : list) {
        abi::Value value{};
        value.i64 = v;
        out.push_back(value);
    }
    return out;
}

class Wasi : public ::testing::Test {
protected:
    std::vector<uint8_t> bytes = std::vector<uint8_t>(4096);
    GuestMemory memory{bytes};
    WasiContext wasi{WasiConfig{{"prog", "first", "second"}, {"A=1"}}};
};

TEST_F(Wasi, ArgumentsAreLaidOutAsPointersToStrings) {
    ASSERT_EQ(argsSizesGet(wasi, memory, values({0, 4})), WasiErrno::Success);
    EXPECT_EQ(*memory.read<uint32_t>(0), 3u);
    EXPECT_EQ(*memory.read<uint32_t>(4), 5u + 6u + 7u);
    ASSERT_EQ(argsGet(wasi, memory, values({100, 200})), WasiErrno::Success);
    EXPECT_EQ(*memory.read<uint32_t>(100), 200u);
    EXPECT_EQ(*memory.read<uint32_t>(104), 205u);
    EXPECT_STREQ(reinterpret_cast<const char*>(&bytes[205]), "first");
    ASSERT_EQ(environGet(wasi, memory, values({300, 400})), WasiErrno::Success);
    EXPECT_STREQ(reinterpret_cast<const char*>(&bytes[400]), "A=1");
}

TEST_F(Wasi, BadPointersAreFaultsForTheGuest) {
    EXPECT_EQ(argsSizesGet(wasi, memory, values({4094, 0})), WasiErrno::Fault);
    EXPECT_EQ(argsGet(wasi, memory, values({0, 4090})), WasiErrno::Fault);
    EXPECT_EQ(argsGet(wasi, memory, values({0xfffffffc, 0})), WasiErrno::Fault);
    EXPECT_EQ(clockTimeGet(wasi, memory, values({1, 0, 4092})), WasiErrno::Fault);
    EXPECT_EQ(randomGet(wasi, memory, values({4000, 200})), WasiErrno::Fault);
    EXPECT_EQ(randomGet(wasi, memory, values({0xffffffff, 2})), WasiErrno::Fault);
    // An iovec array that wraps around the end of the address space, and one whose buffer does not fit.
    EXPECT_EQ(fdWrite(wasi, memory, values({1, 0xfffffff8, 2, 0})), WasiErrno::Fault);
    memory.write<uint32_t>(0, 4000);
    memory.write<uint32_t>(4, 200);
    EXPECT_EQ(fdWrite(wasi, memory, values({1, 0, 1, 8})), WasiErrno::Fault);
    EXPECT_EQ(fdWrite(wasi, memory, values({1, 0, 0x7fffffff, 8})), WasiErrno::Inval);
    EXPECT_EQ(fdFdstatGet(wasi, memory, values({1, 4090})), WasiErrno::Fault);
}

TEST_F(Wasi, DescriptorsThatAreNotOpenAreBadF) {
    EXPECT_EQ(fdWrite(wasi, memory, values({7, 0, 0, 8})), WasiErrno::BadF);
    EXPECT_EQ(fdPrestatGet(wasi, memory, values({3, 0})), WasiErrno::BadF);
    EXPECT_EQ(fdClose(wasi, memory, values({2})), WasiErrno::Success);
    EXPECT_EQ(fdClose(wasi, memory, values({2})), WasiErrno::BadF);
    EXPECT_EQ(fdWrite(wasi, memory, values({2, 0, 0, 8})), WasiErrno::BadF);
}

TEST_F(Wasi, ClocksAndRandomness) {
    ASSERT_EQ(clockTimeGet(wasi, memory, values({1, 0, 0})), WasiErrno::Success);
    ASSERT_EQ(clockTimeGet(wasi, memory, values({1, 0, 8})), WasiErrno::Success);
    EXPECT_LE(*memory.read<uint64_t>(0), *memory.read<uint64_t>(8));
    EXPECT_EQ(clockTimeGet(wasi, memory, values({9, 0, 0})), WasiErrno::Inval);
    ASSERT_EQ(randomGet(wasi, memory, values({1000, 64})), WasiErrno::Success);
    int nonzero = 0;
    for (int i = 1000; i < 1064; ++i) nonzero += bytes[i] != 0;
    EXPECT_GT(nonzero, 32);
}

}  // namespace
}  // namespace faaslet::hostiface
