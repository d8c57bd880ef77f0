#pragma once
// The operating-system primitives a Faaslet's restore and hand-off are made of, timed on their
// own so that the Faaslet figures can be read against them: a MAP_PRIVATE map of a memfd plus the
// copy-on-write fault of one page, madvise(MADV_DONTNEED) of N dirty pages of such a mapping, and
// a round trip through a mutex + condition-variable queue to another thread and back.
// Each throws std::runtime_error naming the system call that failed.

#include <string>

namespace faaslet::bench {

// Each returns the JSON object of its Latencies over `iterations` samples.
std::string memfdMapAndTouch(int iterations);
std::string madviseReset(int dirtyPages, int iterations);
std::string queueRoundTrip(int iterations);

}  // namespace faaslet::bench
