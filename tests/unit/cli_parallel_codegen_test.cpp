// A module large enough for parallel code generation: compiled with one thread and with several,
// it gets the same key, the very same shared object, and computes the right result across calls
// between partitions.

#include <gtest/gtest.h>

#include "cache/entry_format.h"
#include "tests/unit/cache_test_support.h"
#include "tests/unit/cli_test_support.h"
#include "tests/unit/module_builder.h"

namespace faaslet::cli::test {
namespace {

namespace fs = std::filesystem;
using cache::test::TempDir;
using wasm::Opcode;
using wasm::ValType;

constexpr uint32_t kFunctions = 2000;
constexpr uint32_t kStepsPerFunction = 20;

// Function i mixes its argument with constants of its own and passes it on to function i - 1;
// "chain" is the last. Unoptimised (-O 0), nothing is inlined and every call is a real one, often
// into another partition.
std::vector<uint8_t> chainModule() {
    faaslet::test::ModuleBuilder builder;
    const uint32_t type = builder.type({ValType::I32}, {ValType::I32});
    for (uint32_t i = 0; i < kFunctions; ++i) {
        faaslet::test::Code body;
        body.localGet(0);
        for (uint32_t k = 0; k < kStepsPerFunction; ++k)
            body.i32Const(int32_t(i * 31 + k))
                .op(Opcode::I32Add)
                .i32Const(int32_t(k * 7 + 1))
                .op(Opcode::I32Xor);
        if (i > 0) body.call(i - 1);
        builder.func(type, body.end());
    }
    builder.exportItem("chain", wasm::ExternKind::Func, kFunctions - 1);
    return builder.build();
}

int32_t chainResult(uint32_t x) {
    for (uint32_t i = kFunctions; i-- > 0;)
        for (uint32_t k = 0; k < kStepsPerFunction; ++k) x = (x + (i * 31 + k)) ^ (k * 7 + 1);
    return int32_t(x);
}

TEST(CacheCliParallelCodegen, TheCodeDoesNotDependOnTheThreadCount) {
    TempDir temp;
    const fs::path module = temp.path() / "chain.wasm";
    cache::test::writeBytes(module, chainModule());

    std::vector<std::vector<uint8_t>> objects;
    std::string firstKey;
    for (const char* threads : {"1", "3"}) {
        const fs::path cacheDir = temp.path() / (std::string("cache-") + threads);
        const std::map<std::string, std::string> environment{{"FAASLET_CACHE_DIR", cacheDir.string()}};
        auto compiled =
            runFaaslet({"precompile", "-O", "0", "--codegen-threads", threads, module.string()}, environment);
        ASSERT_EQ(compiled.status, 0) << compiled.err;
        EXPECT_EQ(compiled.out.find("(1 codegen partition)"), std::string::npos)
            << "the module should be large enough to be split: " << compiled.out;
        const std::string key = keyIn(compiled.out, module.string());
        ASSERT_FALSE(key.empty()) << compiled.out;
        if (firstKey.empty()) firstKey = key;
        EXPECT_EQ(key, firstKey) << "the thread count is not part of the key";
        objects.push_back(cache::test::readBytes(cacheDir / ("v" + std::to_string(cache::kFormatVersion)) / key / cache::kObjectFileName));

        auto run = runFaaslet({"run", "-O", "0", "--invoke", "chain", module.string(), "5"}, environment);
        EXPECT_EQ(run.status, 0) << run.err;
        EXPECT_EQ(run.out, std::to_string(chainResult(5)) + "\n") << threads << " threads";
    }
    EXPECT_TRUE(objects[0] == objects[1]) << "one thread and three produced different shared objects";
}

}  // namespace
}  // namespace faaslet::cli::test
