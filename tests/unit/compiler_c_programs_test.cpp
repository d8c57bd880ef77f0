// C programs built with clang-19 for wasm32-wasi (tests/programs) and compiled by faaslet must
// compute exactly what the same C code computes natively: recursion, function pointers, floating
// point with libm, memcpy/memset-heavy code and 64-bit arithmetic.

#include <gtest/gtest.h>

#include <fstream>
#include <iterator>

#include "tests/unit/compiled_module.h"

extern "C" {
uint32_t kernel_fib(uint32_t n);
int32_t kernel_ackermann(int32_t m, int32_t n);
uint64_t kernel_indirect_mix(uint64_t seed, uint32_t rounds);
uint64_t kernel_float_mix(uint32_t n);
uint32_t kernel_memory_shuffle(uint32_t rounds);
uint64_t kernel_int64_mix(int64_t a, int64_t b, uint32_t n);
uint32_t kernel_sort_checksum(uint32_t seed);
}

namespace faaslet {
namespace {

using test::i32Value;
using test::i64Value;

std::vector<uint8_t> readProgram(const std::string& name) {
    std::ifstream in(std::string(FAASLET_TEST_PROGRAM_DIR) + "/" + name, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

class CPrograms : public ::testing::TestWithParam<compiler::OptLevel> {
protected:
    test::CompiledModule kernels{readProgram("kernels.wasm"), GetParam()};

    uint64_t call(const std::string& name, std::vector<abi::Value> args) {
        auto result = kernels.call(name, args);
        if (!result) {
            ADD_FAILURE() << name << " trapped: " << result.error().toString();
            return 0;
        }
        return result->at(0).i64;
    }
};

TEST_P(CPrograms, Recursion) {
    for (uint32_t n : {0u, 1u, 10u, 25u}) EXPECT_EQ(uint32_t(call("fib", {i32Value(n)})), kernel_fib(n)) << n;
    EXPECT_EQ(int32_t(call("ackermann", {i32Value(2), i32Value(7)})), kernel_ackermann(2, 7));
}

TEST_P(CPrograms, FunctionPointers) {
    for (uint64_t seed : {1ull, 0xdeadbeefcafef00dull}) {
        EXPECT_EQ(call("indirect_mix", {i64Value(seed), i32Value(100000)}), kernel_indirect_mix(seed, 100000));
    }
}

TEST_P(CPrograms, FloatingPointWithLibm) {
    for (uint32_t n : {1u, 1000u, 50000u}) EXPECT_EQ(call("float_mix", {i32Value(n)}), kernel_float_mix(n)) << n;
}

TEST_P(CPrograms, MemcpyAndMemsetHeavyCode) {
    EXPECT_EQ(uint32_t(call("memory_shuffle", {i32Value(2000)})), kernel_memory_shuffle(2000));
}

TEST_P(CPrograms, SixtyFourBitArithmetic) {
    EXPECT_EQ(call("int64_mix", {i64Value(uint64_t(-123456789012345ll)), i64Value(987654321), i32Value(5000)}),
              kernel_int64_mix(-123456789012345ll, 987654321, 5000));
}

TEST_P(CPrograms, SortingWithACallback) {
    EXPECT_EQ(uint32_t(call("sort_checksum", {i32Value(42)})), kernel_sort_checksum(42));
}

INSTANTIATE_TEST_SUITE_P(OptLevels, CPrograms,
                         ::testing::Values(compiler::OptLevel::O0, compiler::OptLevel::O2, compiler::OptLevel::O3),
                         [](const auto& info) {
                             return info.param == compiler::OptLevel::O0   ? "O0"
                                    : info.param == compiler::OptLevel::O2 ? "O2"
                                                                          : "O3";
                         });

}  // namespace
}  // namespace faaslet
