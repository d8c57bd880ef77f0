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

    // Whether [address, address + length) lies in the accessible part.
    bool inBounds(uint64_t address, uint64_t length) const {
        return address <= memory_.size && length <= memory_.size - address;
    }

private:
    LinearMemory() = default;

    abi::Memory memory_{};
    std::optional<uint32_t> declaredMax_;
    uint8_t* reservation_ = nullptr;
};

}  // namespace faaslet::runtime
