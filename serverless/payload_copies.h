#pragma once
// Copies of call payloads across a guest's memory boundary, counted where they happen (an input
// out of the chaining caller's memory or into the callee's, an output out of the callee's memory
// or into the awaiting caller's), so tests can check that each payload crosses once each way.

#include <cstddef>
#include <cstdint>

namespace faaslet::serverless {

struct PayloadCopies {
    uint64_t copies = 0;
    uint64_t bytes = 0;
};

// Process-wide totals since start (relaxed atomics: a count, not a synchronisation).
PayloadCopies payloadCopies();
void countPayloadCopy(size_t bytes);

}  // namespace faaslet::serverless
