#pragma once
// A 32-bit linear memory with guard-page bounds.
//
// Invariants compiled code relies on (it emits base + zext(index) + offset with no check):
// - the reservation is kMemoryReservation (4 GiB addressable + 4 GiB guard covering the largest
//   static offset) plus kTailGuard, all PROT_NONE except [base, base + size);
// - base never moves, so compiled code may keep it in a register across memory.grow;
// - only grow() changes the accessible size, and only upwards (mprotect of the new pages).
// Any access in [base + size, base + reservation) faults, and the signal handler recognises the
// address through memoryReservations() and turns the fault into OutOfBoundsMemoryAccess.

#include <cstdint>
#include <memory>
#include <span>

#include "abi/abi.h"
#include "wasm/module/types.h"
#include "runtime/error.h"
#include "runtime/memory_image.h"

namespace faaslet::runtime {

class LinearMemory {
public:
    // Past the 8 GiB the ABI reserves: an access of up to 16 bytes (v128) at the largest
    // index + offset starts 2 bytes before the end of the 8 GiB and would spill out of it.
    static constexpr uint64_t kTailGuard = 64 * 1024;
    static constexpr uint64_t kReservationSize = abi::kMemoryReservation + kTailGuard;

    // Reserves the address space and makes the initial pages accessible (zero-filled). The
    // maximum is the declared one, else 65536 pages.
    static Result<std::unique_ptr<LinearMemory>> create(const wasm::MemoryType& type);
    ~LinearMemory();
    LinearMemory(const LinearMemory&) = delete;
    LinearMemory& operator=(const LinearMemory&) = delete;

    // The struct compiled code reads (ctx->memory); its base and size are kept current.
    abi::Memory* abiMemory() { return &memory_; }
    uint8_t* base() const { return memory_.base; }
    uint64_t sizeInBytes() const { return memory_.size; }
    uint32_t sizeInPages() const { return uint32_t(memory_.size / wasm::kPageSize); }
    uint32_t maxPages() const { return uint32_t(memory_.maxPages); }
    std::optional<uint32_t> declaredMax() const { return declaredMax_; }
    std::span<uint8_t> bytes() const { return {memory_.base, size_t(memory_.size)}; }

    // The memory's external type for import matching: the current size and the declared maximum.
    wasm::MemoryType type() const;

    // memory.grow: the old size in pages, or uint32_t(-1) when the new size would pass the maximum
    // or the system refuses the pages. grow(0) returns the size.
    uint32_t grow(uint32_t deltaPages);

    // Lowers the maximum to `pages` (a Faaslet's memory limit): memory.grow fails past it. Never
    // raises it above the declared maximum; the current size is not changed.
    void limitPages(uint32_t pages);

    // Copy-on-write images (Proto-Faaslet restores). mapImage maps `image` privately over the
    // first image-size bytes, so they read as the image until written, and makes the memory
    // exactly that size (pages grown before are dropped and protected again). resetToImage then
    // puts the memory back as it was after mapImage, in two madvise calls at most and without
    // touching the mapping: written pages are dropped (reading the image again), grown ones
    // dropped and protected. The memory keeps `image` alive.
    Status mapImage(std::shared_ptr<const MemoryImage> image);
    Status resetToImage();
    bool hasImage(const MemoryImage& image) const { return image_.get() == &image; }

    // Maps `pages` pages of the file `fd`, from `fileOffset` (a multiple of the host page size),
    // MAP_SHARED at the end of the memory and grows the memory over them: every memory mapping the
    // same file range sees the same physical pages. memory.grow only ever adds pages after them,
    // and the base never moves, so they stay where they are until the memory is shrunk or reset
    // (both put anonymous inaccessible pages back in their place: a mapping never outlives the
    // reset). The guest address of the first page; an error when the memory's maximum leaves no
    // room for them or the system refuses the mapping. The file must be at least that long.
    Result<uint64_t> growShared(int fd, uint64_t fileOffset, uint32_t pages);

    // Whether [address, address + length) lies in the accessible part.
    bool inBounds(uint64_t address, uint64_t length) const {
        return address <= memory_.size && length <= memory_.size - address;
    }

private:
    LinearMemory() = default;
    // Drops the pages of [from, size) and makes them inaccessible again; size becomes `from`.
    Status shrinkTo(uint64_t from);

    abi::Memory memory_{};
    std::optional<uint32_t> declaredMax_;
    uint8_t* reservation_ = nullptr;
    std::shared_ptr<const MemoryImage> image_;
    // Where the lowest shared mapping (growShared) starts; UINT64_MAX when there is none.
    uint64_t sharedFrom_ = UINT64_MAX;
};

}  // namespace faaslet::runtime
