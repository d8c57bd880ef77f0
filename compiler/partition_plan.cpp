#include "compiler/partition_plan.h"

#include <algorithm>

namespace faaslet::compiler {

std::vector<Partition> planPartitions(const wasm::Module& wasm) {
    const auto defined = uint32_t(wasm.code.size());
    uint64_t total = 0;
    for (const auto& body : wasm.code) total += body.code.size();
    const auto count = unsigned(std::clamp<uint64_t>(total / kCodeBytesPerPartition, 1, kMaxPartitions));
    if (count == 1) return {Partition{0, defined, true, true}};

    // Cut where the running size passes each k/count of the total.
    std::vector<Partition> partitions;
    uint64_t running = 0;
    uint32_t first = 0;
    for (uint32_t i = 0; i < defined; ++i) {
        running += wasm.code[i].code.size();
        const bool last = partitions.size() + 1 == count;
        if (!last && running * count >= total * (partitions.size() + 1)) {
            partitions.push_back({first, i + 1, false, partitions.empty()});
            first = i + 1;
        }
    }
    // Empty when the last cut fell at the end (one function of most of the code).
    if (first < defined) partitions.push_back({first, defined, false, partitions.empty()});
    return partitions;
}

}  // namespace faaslet::compiler
