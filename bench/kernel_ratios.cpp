// faaslet-bench-kernels: compiles tests/programs/kernels.wasm with and without interruption polling,
// runs each kernel in faaslet and natively (the same C code linked into this binary), interleaved in
// one process, and prints compile times and the median time of each as a ratio to native. A first
// piece of the benchmark harness; its figures are reported, never asserted.

#include <algorithm>
#include <cmath>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <functional>
#include <iterator>
#include <string>
#include <vector>

#include "tests/unit/compiled_module.h"

extern "C" {
uint32_t kernel_fib(uint32_t n);
uint64_t kernel_indirect_mix(uint64_t seed, uint32_t rounds);
uint64_t kernel_float_mix(uint32_t n);
uint32_t kernel_memory_shuffle(uint32_t rounds);
uint64_t kernel_int64_mix(int64_t a, int64_t b, uint32_t n);
uint32_t kernel_sort_checksum(uint32_t seed);
}

namespace {

using faaslet::test::i32Value;
using faaslet::test::i64Value;
using Clock = std::chrono::steady_clock;

double seconds(Clock::duration d) { return std::chrono::duration<double>(d).count(); }

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}

struct Kernel {
    const char* name;
    std::vector<faaslet::abi::Value> args;
    std::function<uint64_t()> native;
};

}  // namespace

int main(int argc, char** argv) {
    const int runs = argc > 1 ? std::max(1, std::atoi(argv[1])) : 5;
    std::ifstream in(std::string(FAASLET_TEST_PROGRAM_DIR) + "/kernels.wasm", std::ios::binary);
    std::vector<uint8_t> bytes{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};

    auto compileStart = Clock::now();
    faaslet::test::CompiledModule polling(bytes, faaslet::llvmgen::OptLevel::O2, /*interruptible=*/true);
    auto compileMid = Clock::now();
    faaslet::test::CompiledModule plain(bytes, faaslet::llvmgen::OptLevel::O2, /*interruptible=*/false);
    auto compileEnd = Clock::now();
    std::printf("kernels.wasm: %zu bytes; compile+link at O2: %.1f ms (interruptible), %.1f ms (plain)\n",
                bytes.size(), 1e3 * seconds(compileMid - compileStart), 1e3 * seconds(compileEnd - compileMid));

    std::vector<Kernel> kernels = {
        {"fib", {i32Value(32)}, [] { return kernel_fib(32); }},
        {"indirect_mix", {i64Value(7), i32Value(20'000'000)}, [] { return kernel_indirect_mix(7, 20'000'000); }},
        {"float_mix", {i32Value(3'000'000)}, [] { return kernel_float_mix(3'000'000); }},
        {"memory_shuffle", {i32Value(200'000)}, [] { return kernel_memory_shuffle(200'000); }},
        {"int64_mix", {i64Value(123456789), i64Value(987654321), i32Value(10'000'000)},
         [] { return kernel_int64_mix(123456789, 987654321, 10'000'000); }},
        {"sort_checksum", {i32Value(42)}, [] { return kernel_sort_checksum(42); }},
    };
    std::printf("%-16s %10s %12s %12s %10s %12s\n", "kernel", "native ms", "faaslet ms", "polling ms",
                "ratio", "polling cost");
    double logSum = 0, logSumPolling = 0;
    for (const auto& k : kernels) {
        std::vector<double> native, wasm, wasmPolling;
        bool same = true;
        for (int r = 0; r < runs; ++r) {
            auto t0 = Clock::now();
            uint64_t expected = k.native();
            auto t1 = Clock::now();
            auto result = plain.call(k.name, k.args);
            auto t2 = Clock::now();
            auto resultPolling = polling.call(k.name, k.args);
            auto t3 = Clock::now();
            native.push_back(seconds(t1 - t0));
            wasm.push_back(seconds(t2 - t1));
            wasmPolling.push_back(seconds(t3 - t2));
            const bool narrow = std::string(k.name) == "fib" || std::string(k.name) == "memory_shuffle" ||
                                std::string(k.name) == "sort_checksum";
            auto value = [&](const faaslet::runtime::CallResult& c) {
                return c ? (narrow ? c->at(0).i32 : c->at(0).i64) : ~uint64_t(0);
            };
            same = same && value(result) == expected && value(resultPolling) == expected;
        }
        const double ratio = median(wasm) / median(native), ratioPolling = median(wasmPolling) / median(wasm);
        logSum += std::log(ratio);
        logSumPolling += std::log(ratioPolling);
        std::printf("%-16s %10.2f %12.2f %12.2f %9.2fx %11.1f%%%s\n", k.name, 1e3 * median(native),
                    1e3 * median(wasm), 1e3 * median(wasmPolling), ratio, 100 * (ratioPolling - 1),
                    same ? "" : "  RESULT MISMATCH");
        if (!same) return 1;
    }
    std::printf("geometric mean: faaslet/native %.2fx, interruption polling %+.1f%%  (median of %d runs each)\n",
                std::exp(logSum / kernels.size()), 100 * (std::exp(logSumPolling / kernels.size()) - 1), runs);
    return 0;
}
