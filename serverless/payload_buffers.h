#pragma once
// Large payload buffers kept for reuse. A chained call's input and a callee's output are each
// copied into one host buffer; a new buffer of a megabyte or more is fresh pages that fault one by
// one as the copy writes them, which costs several times the copy itself. Buffers that served a
// payload (a callee's stdin after its call, an output its caller has finished with) come back here
// and the next payload is copied into touched pages instead. Process-wide, thread-safe, bounded
// (kMaxKept buffers, kMaxBytes in all: past them the smallest are freed); small payloads are not
// kept.

#include <cstddef>
#include <mutex>
#include <string>
#include <vector>

namespace faaslet::serverless {

class PayloadBuffers {
public:
    static constexpr size_t kSmallest = size_t(64) << 10;
    static constexpr size_t kMaxKept = 16;
    static constexpr size_t kMaxBytes = size_t(256) << 20;

    // An empty string whose capacity is at least `size`: a kept buffer (the smallest that fits),
    // or a new one.
    std::string take(size_t size);
    // Keeps `buffer` for a later take if it is large enough, freeing the smallest kept past the
    // bounds.
    void give(std::string buffer);
    size_t keptBytes() const;

private:
    mutable std::mutex lock_;
    std::vector<std::string> kept_;
    size_t keptBytes_ = 0;
};

PayloadBuffers& payloadBuffers();

}  // namespace faaslet::serverless
