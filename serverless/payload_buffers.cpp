#include "serverless/payload_buffers.h"

#include <algorithm>

namespace faaslet::serverless {

std::string PayloadBuffers::take(size_t size) {
    if (size >= kSmallest) {
        std::lock_guard guard(lock_);
        auto best = kept_.end();
        for (auto it = kept_.begin(); it != kept_.end(); ++it)
            if (it->capacity() >= size && (best == kept_.end() || it->capacity() < best->capacity())) best = it;
        if (best != kept_.end()) {
            std::string buffer = std::move(*best);
            kept_.erase(best);
            keptBytes_ -= buffer.capacity();
            return buffer;
        }
    }
    std::string buffer;
    buffer.reserve(size);
    return buffer;
}

void PayloadBuffers::give(std::string buffer) {
    if (buffer.capacity() < kSmallest) return;
    if (buffer.capacity() > kMaxBytes) return;
    buffer.clear();
    std::lock_guard guard(lock_);
    keptBytes_ += buffer.capacity();
    kept_.push_back(std::move(buffer));
    // Past a bound the smallest go first (the new one too, if it is the smallest): large
    // payloads, where fresh pages cost the most, keep their buffers.
    while (kept_.size() > kMaxKept || keptBytes_ > kMaxBytes) {
        auto smallest = std::min_element(kept_.begin(), kept_.end(),
                                         [](const std::string& a, const std::string& b) { return a.capacity() < b.capacity(); });
        keptBytes_ -= smallest->capacity();
        kept_.erase(smallest);
    }
}

size_t PayloadBuffers::keptBytes() const {
    std::lock_guard guard(lock_);
    return keptBytes_;
}

PayloadBuffers& payloadBuffers() {
    static PayloadBuffers buffers;
    return buffers;
}

}  // namespace faaslet::serverless
