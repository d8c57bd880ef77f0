// The partition plan (compiler/partition_plan.h): a small module stays whole; a large one is cut
// into runs of consecutive functions that cover every function once, of about equal code size,
// never more than the limit, the same every time; a module of one huge function leaves no
// partition empty.

#include <gtest/gtest.h>

#include "compiler/partition_plan.h"

namespace faaslet::compiler {
namespace {

// A module whose defined functions have bodies of these sizes (only the code ranges matter).
wasm::Module moduleOfBodies(const std::vector<size_t>& sizes) {
    wasm::Module module;
    size_t offset = 0;
    for (size_t size : sizes) {
        wasm::FunctionBody body;
        body.code = {offset, offset + size};
        offset += size;
        module.code.push_back(body);
        module.functions.push_back(0);
    }
    return module;
}

void expectCoversEveryFunctionOnce(const std::vector<Partition>& plan, uint32_t functions) {
    ASSERT_FALSE(plan.empty());
    EXPECT_EQ(plan.front().firstDefined, 0u);
    EXPECT_EQ(plan.back().endDefined, functions);
    for (size_t i = 0; i < plan.size(); ++i) {
        EXPECT_LT(plan[i].firstDefined, plan[i].endDefined) << "partition " << i << " is empty";
        if (i > 0) EXPECT_EQ(plan[i].firstDefined, plan[i - 1].endDefined);
        EXPECT_EQ(plan[i].holdsTables, i == 0);
    }
}

TEST(PartitionPlan, ASmallModuleIsCompiledWhole) {
    auto plan = planPartitions(moduleOfBodies({100, 2000, 30}));
    ASSERT_EQ(plan.size(), 1u);
    EXPECT_TRUE(plan[0].whole);
    EXPECT_TRUE(plan[0].holdsTables);
    EXPECT_EQ(plan[0].endDefined, 3u);
}

TEST(PartitionPlan, ALargeModuleIsCutIntoRunsOfAboutEqualSize) {
    // 8 partitions' worth in 4000 functions of varied sizes.
    std::vector<size_t> sizes;
    uint64_t total = 0;
    for (uint32_t i = 0; total < 8 * kCodeBytesPerPartition; ++i) {
        sizes.push_back(40 + (i * 37) % 400);
        total += sizes.back();
    }
    auto plan = planPartitions(moduleOfBodies(sizes));
    ASSERT_EQ(plan.size(), 8u);
    expectCoversEveryFunctionOnce(plan, uint32_t(sizes.size()));
    for (const auto& partition : plan) {
        EXPECT_FALSE(partition.whole);
        uint64_t bytes = 0;
        for (uint32_t i = partition.firstDefined; i < partition.endDefined; ++i) bytes += sizes[i];
        EXPECT_NEAR(double(bytes), double(total) / 8, 440.0) << "partition of " << bytes << " bytes";
    }
    EXPECT_EQ(planPartitions(moduleOfBodies(sizes)).size(), plan.size()) << "the plan is the same every time";
}

TEST(PartitionPlan, NeverMoreThanTheLimit) {
    std::vector<size_t> sizes(20000, (kMaxPartitions + 10) * kCodeBytesPerPartition / 20000 + 1);
    auto plan = planPartitions(moduleOfBodies(sizes));
    EXPECT_EQ(plan.size(), kMaxPartitions);
    expectCoversEveryFunctionOnce(plan, uint32_t(sizes.size()));
}

TEST(PartitionPlan, OneHugeFunctionLeavesNoPartitionEmpty) {
    auto plan = planPartitions(moduleOfBodies({10, 20, 6 * kCodeBytesPerPartition}));
    expectCoversEveryFunctionOnce(plan, 3);
    EXPECT_LE(plan.size(), 3u);
}

TEST(PartitionPlan, AModuleWithoutFunctionsIsOneEmptyWholePartition) {
    auto plan = planPartitions(moduleOfBodies({}));
    ASSERT_EQ(plan.size(), 1u);
    EXPECT_TRUE(plan[0].whole);
    EXPECT_EQ(plan[0].endDefined, 0u);
}

}  // namespace
}  // namespace faaslet::compiler
