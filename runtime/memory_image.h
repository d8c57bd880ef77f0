#pragma once
// A linear memory's contents captured once into a memfd, to be mapped copy-on-write into any
// number of memories (the memory part of a Proto-Faaslet). Only pages that are not zero are
// written, so the file holds what the guest initialised and nothing else, and every memory
// mapping it shares those pages in the page cache until it writes one.

#include <cstdint>
#include <memory>
#include <span>

#include "common/unique_fd.h"
#include "runtime/error.h"

namespace faaslet::runtime {

class MemoryImage {
public:
    // `bytes`: a memory's accessible part; its size is a whole number of wasm pages.
    static Result<std::shared_ptr<const MemoryImage>> capture(std::span<const uint8_t> bytes);

    int fd() const { return fd_.get(); }
    uint64_t sizeInBytes() const { return size_; }
    // Pages (4 KiB) the file holds data for: what a restore may have to read back.
    uint64_t residentPages() const { return residentPages_; }

private:
    MemoryImage(UniqueFd fd, uint64_t size, uint64_t residentPages)
        : fd_(std::move(fd)), size_(size), residentPages_(residentPages) {}

    UniqueFd fd_;
    uint64_t size_ = 0;
    uint64_t residentPages_ = 0;
};

}  // namespace faaslet::runtime
