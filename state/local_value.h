#pragma once
// One state value on this host (the local tier): a memfd region whose pages every Faaslet that
// maps the value shares (MAP_SHARED), the host's own mapping of it for copies in and out, the
// chunks written since the last push.
//
// The region is the value's size rounded up to whole WebAssembly pages (64 KiB), so a linear
// memory can map it, or any page range of it, as whole pages; the padding is never pushed. The
// size is fixed when the value is made: a value is replaced by one of the same size only.

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <vector>

#include "common/expected.h"
#include "state/global_tier.h"

namespace faaslet::state {

class LocalValue {
public:
    // Dirty tracking granularity: the host page, so one changed word pushes 4 KiB, not the value.
    static constexpr uint64_t kChunkSize = 4096;
    // Mapping granularity: the WebAssembly page.
    static constexpr uint64_t kMapUnit = 65536;
    // The largest value: a quarter of a 32-bit linear memory, so a mapping leaves a guest room.
    static constexpr uint64_t kMaxSize = uint64_t(1) << 30;

    // A zero-filled value of `size` bytes (1 to kMaxSize); the error says what the system refused.
    static Expected<std::unique_ptr<LocalValue>, std::string> create(uint64_t size);
    ~LocalValue();
    LocalValue(const LocalValue&) = delete;
    LocalValue& operator=(const LocalValue&) = delete;

    uint64_t size() const { return size_; }
    // The region's bytes (size() of them; the padding after is not part of the value).
    std::span<uint8_t> bytes() const { return {host_, size_t(size_)}; }
    // The memfd and the region's length (whole 64 KiB pages), for mappings into linear memories.
    int fd() const { return fd_; }
    uint64_t regionSize() const { return regionSize_; }

    // Records [offset, offset + length) as written since the last push (clamped to the value).
    void markDirty(uint64_t offset, uint64_t length);
    void markAllDirty() { markDirty(0, size_); }
    // The dirty chunks as coalesced byte ranges, clearing them; give them back with markDirty if
    // the push fails, so no write is forgotten.
    std::vector<ByteRange> takeDirty();
    void clearDirty();

    // Serialises pushes and pulls of this value, so a pull never interleaves with a push.
    std::mutex& syncMutex() { return sync_; }

private:
    LocalValue() = default;

    uint64_t size_ = 0;
    uint64_t regionSize_ = 0;
    int fd_ = -1;
    uint8_t* host_ = nullptr;
    std::unique_ptr<std::atomic<uint64_t>[]> dirty_;  // one bit per chunk
    size_t dirtyWords_ = 0;
    std::mutex sync_;
};

}  // namespace faaslet::state
