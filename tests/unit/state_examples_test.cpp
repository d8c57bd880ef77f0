// The state examples (sdk/examples/sgd.c, matmul_state.c) through the embedding API: workers that
// map the state and workers that copy it compute the same matrix product, which agrees with a
// native one; SGD's shared weights learn the generated model whichever variant trains them.

#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <iterator>

#include "faaslets/runtime.h"
#include "loader/loader.h"
#include "state/local_tier.h"

namespace faaslet::faaslets {
namespace {

std::vector<uint8_t> example(const std::string& name) {
    std::ifstream in(FAASLET_EXAMPLES_DIR "/" + name, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

class StateExample {
public:
    StateExample(const std::string& file, const std::vector<std::string>& entries) { make(file, entries); }
    void make(const std::string& file, const std::vector<std::string>& entries) {
        RuntimeOptions o;
        o.maxFaasletsPerFunction = 4;
        o.load.cacheDirectory.clear();
        runtime = std::make_unique<Runtime>(o);
        // Compiled once for all its entries.
        struct Quiet final : loader::Listener {
            void note(const std::string&) override {}
        } quiet;
        auto loaded = loader::loadBytes(example(file), file, o.load, quiet);
        ASSERT_TRUE(loaded.ok()) << loaded.error();
        for (const std::string& entry : entries) {
            FunctionConfig c;
            c.name = "demo/" + entry;
            c.entry = entry;
            c.timeout = std::chrono::seconds(60);
            auto added = runtime->addFunction(c, loaded->loaded);
            EXPECT_TRUE(added.ok()) << added.error();
        }
    }
    std::string call(const std::string& entry, const std::string& input) {
        CallResult r = runtime->invoke("demo/" + entry, input);
        EXPECT_TRUE(r.ok() && r.returnCode == 0) << entry << ": " << r.error << std::string(r.output.begin(), r.output.end());
        return std::string(r.output.begin(), r.output.end());
    }
    // Runs `workers` calls of `entry` at once, worker w getting input(w).
    void fanOut(const std::string& entry, unsigned workers, const std::function<std::string(unsigned)>& input) {
        std::vector<std::future<CallResult>> calls;
        for (unsigned w = 0; w < workers; ++w) calls.push_back(runtime->invokeAsync("demo/" + entry, input(w)));
        for (auto& c : calls) {
            CallResult r = c.get();
            EXPECT_TRUE(r.ok() && r.returnCode == 0) << r.error << std::string(r.output.begin(), r.output.end());
        }
    }
    std::unique_ptr<Runtime> runtime;
};

TEST(StateExamples, MappedAndCopyingMatrixWorkersAgreeWithANativeProduct) {
    const unsigned n = 96;
    StateExample mm("matmul_state.wasm", {"setup", "worker", "worker_copy", "checksum"});
    mm.call("setup", std::to_string(n) + " 5");
    const std::string fresh = mm.call("checksum", "");
    mm.fanOut("worker", 4, [](unsigned w) { return std::to_string(w) + " 4"; });
    const std::string mapped = mm.call("checksum", "");
    EXPECT_NE(mapped, fresh);
    // The product as the host computes it from the same inputs.
    auto a = mm.runtime->localState().find("demo/mm-a");
    auto b = mm.runtime->localState().find("demo/mm-b");
    auto c = mm.runtime->localState().find("demo/mm-c");
    ASSERT_TRUE(a.ok() && b.ok() && c.ok());
    const auto* A = reinterpret_cast<const double*>((*a)->bytes().data());
    const auto* B = reinterpret_cast<const double*>((*b)->bytes().data());
    const auto* C = reinterpret_cast<const double*>((*c)->bytes().data());
    for (unsigned i = 0; i < n; i += 7)
        for (unsigned j = 0; j < n; j += 5) {
            double expected = 0;
            for (unsigned k = 0; k < n; ++k) expected += A[i * n + k] * B[k * n + j];
            ASSERT_NEAR(C[i * n + j], expected, 1e-9) << i << "," << j;
        }
    mm.call("setup", std::to_string(n) + " 5");
    const auto copiedBefore = mm.runtime->localState().counters().copiedIn.load();
    mm.fanOut("worker_copy", 3, [](unsigned w) { return std::to_string(w) + " 3"; });
    EXPECT_EQ(mm.call("checksum", ""), mapped);
    EXPECT_EQ(mm.runtime->localState().counters().copiedIn - copiedBefore, uint64_t(n) * n * 8);  // C's rows
}

TEST(StateExamples, HogwildWorkersLearnTheGeneratedModelInBothVariants) {
    StateExample sgd("sgd.wasm", {"setup", "worker", "worker_copy", "evaluate"});
    for (const char* entry : {"worker", "worker_copy"}) {
        sgd.call("setup", "8192 4096 8 11");
        const std::string untrained = sgd.call("evaluate", "");
        sgd.fanOut(entry, 4, [](unsigned w) { return std::to_string(w) + " 4 20000"; });
        const std::string trained = sgd.call("evaluate", "");
        double accuracy = 0, loss = 0;
        ASSERT_EQ(std::sscanf(trained.c_str(), "accuracy %lf loss %lf", &accuracy, &loss), 2) << trained;
        EXPECT_GT(accuracy, 0.8) << entry << ": " << trained << " (untrained: " << untrained << ")";
        EXPECT_NE(untrained.find("loss 0.6931"), std::string::npos) << untrained;  // zero weights: log 2
    }
}

TEST(StateExamples, BadInputsAreRefusedWithAMessage) {
    StateExample sgd("sgd.wasm", {"setup", "worker"});
    CallResult noShape = sgd.runtime->invoke("demo/worker", "0 1 10");
    EXPECT_EQ(noShape.returnCode, 1);
    EXPECT_EQ(std::string(noShape.output.begin(), noShape.output.end()), "worker: reading sgd-shape failed: -44\n");
    CallResult bad = sgd.runtime->invoke("demo/setup", "many");
    EXPECT_EQ(bad.returnCode, 1);
}

}  // namespace
}  // namespace faaslet::faaslets
