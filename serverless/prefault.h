#pragma once
// Before a large copy into guest memory: the destination's pages made present in one system call
// (MADV_POPULATE_WRITE) rather than faulted in one by one as the copy writes them, which costs
// several times the copy on fresh memory (a callee's memory is fresh after every reset). A hint:
// where the kernel lacks it the copy faults as before.

#include <cstdint>
#include <span>

namespace faaslet::serverless {

// Copies of at least this many bytes prefault their destination.
constexpr size_t kPrefaultBytes = size_t(64) << 10;

void prefaultForWrite(std::span<uint8_t> destination);

}  // namespace faaslet::serverless
