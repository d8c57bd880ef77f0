#include "state/local_value.h"

#include <sys/mman.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace faaslet::state {

Expected<std::unique_ptr<LocalValue>, std::string> LocalValue::create(uint64_t size) {
    if (size == 0 || size > kMaxSize)
        return "a state value of " + std::to_string(size) + " bytes: sizes run from 1 to " + std::to_string(kMaxSize);
    std::unique_ptr<LocalValue> value(new LocalValue());
    value->size_ = size;
    value->regionSize_ = (size + kMapUnit - 1) / kMapUnit * kMapUnit;
    value->fd_ = memfd_create("faaslet-state", MFD_CLOEXEC);
    if (value->fd_ < 0) return std::string("memfd_create for a state value: ") + std::strerror(errno);
    if (ftruncate(value->fd_, off_t(value->regionSize_)) != 0)
        return "sizing a state value's region to " + std::to_string(value->regionSize_) +
               " bytes: " + std::strerror(errno);
    void* host = mmap(nullptr, value->regionSize_, PROT_READ | PROT_WRITE, MAP_SHARED, value->fd_, 0);
    if (host == MAP_FAILED) return std::string("mapping a state value's region: ") + std::strerror(errno);
    value->host_ = static_cast<uint8_t*>(host);
    const uint64_t chunks = (size + kChunkSize - 1) / kChunkSize;
    value->dirtyWords_ = size_t((chunks + 63) / 64);
    value->dirty_ = std::make_unique<std::atomic<uint64_t>[]>(value->dirtyWords_);
    return value;
}

LocalValue::~LocalValue() {
    if (host_) munmap(host_, regionSize_);
    if (fd_ >= 0) close(fd_);
}

void LocalValue::markDirty(uint64_t offset, uint64_t length) {
    if (offset >= size_ || length == 0) return;
    const uint64_t end = std::min(size_, offset + std::min(length, size_ - offset));
    for (uint64_t chunk = offset / kChunkSize; chunk <= (end - 1) / kChunkSize; ++chunk)
        dirty_[chunk / 64].fetch_or(uint64_t(1) << (chunk % 64), std::memory_order_relaxed);
}

std::vector<ByteRange> LocalValue::takeDirty() {
    std::vector<ByteRange> ranges;
    for (size_t word = 0; word < dirtyWords_; ++word) {
        uint64_t bits = dirty_[word].exchange(0, std::memory_order_acq_rel);
        while (bits) {
            const unsigned bit = unsigned(__builtin_ctzll(bits));
            bits &= bits - 1;
            const uint64_t offset = (uint64_t(word) * 64 + bit) * kChunkSize;
            const uint64_t length = std::min(kChunkSize, size_ - offset);
            if (!ranges.empty() && ranges.back().offset + ranges.back().length == offset)
                ranges.back().length += length;
            else
                ranges.push_back({offset, length});
        }
    }
    return ranges;
}

void LocalValue::clearDirty() {
    for (size_t word = 0; word < dirtyWords_; ++word) dirty_[word].store(0, std::memory_order_relaxed);
}

}  // namespace faaslet::state
