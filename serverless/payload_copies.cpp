#include "serverless/payload_copies.h"

#include <atomic>

namespace faaslet::serverless {

namespace {

std::atomic<uint64_t> copies{0};
std::atomic<uint64_t> bytes{0};

}  // namespace

PayloadCopies payloadCopies() {
    return {copies.load(std::memory_order_relaxed), bytes.load(std::memory_order_relaxed)};
}

void countPayloadCopy(size_t n) {
    copies.fetch_add(1, std::memory_order_relaxed);
    bytes.fetch_add(n, std::memory_order_relaxed);
}

}  // namespace faaslet::serverless
