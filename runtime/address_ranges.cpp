#include "runtime/address_ranges.h"

namespace faaslet::runtime {

namespace {
constexpr uintptr_t kFree = 0;
constexpr uintptr_t kClaimed = 1;

// Constant-initialised, so the signal handler never races a dynamic initialiser.
constinit AddressRangeRegistry gCompiledCode;
constinit AddressRangeRegistry gMemoryReservations;
}  // namespace

AddressRangeRegistry& compiledCodeRanges() {
    return gCompiledCode;
}
AddressRangeRegistry& memoryReservations() {
    return gMemoryReservations;
}

bool AddressRangeRegistry::add(uintptr_t begin, uintptr_t end, const void* owner) {
    for (size_t i = 0; i < kCapacity; ++i) {
        Slot& slot = slots_[i];
        uintptr_t expected = kFree;
        if (!slot.begin.compare_exchange_strong(expected, kClaimed, std::memory_order_acquire)) continue;
        slot.end.store(end, std::memory_order_relaxed);
        slot.owner.store(owner, std::memory_order_relaxed);
        // Publishing begin makes the slot visible to find() together with end and owner.
        slot.begin.store(begin, std::memory_order_release);
        size_t used = used_.load(std::memory_order_relaxed);
        while (used < i + 1 && !used_.compare_exchange_weak(used, i + 1, std::memory_order_release)) {
        }
        return true;
    }
    return false;
}

void AddressRangeRegistry::remove(uintptr_t begin, const void* owner) {
    size_t used = used_.load(std::memory_order_acquire);
    for (size_t i = 0; i < used; ++i) {
        Slot& slot = slots_[i];
        if (slot.begin.load(std::memory_order_acquire) != begin) continue;
        if (slot.owner.load(std::memory_order_relaxed) != owner) continue;
        slot.begin.store(kFree, std::memory_order_release);
        return;
    }
}

const void* AddressRangeRegistry::find(uintptr_t address) const {
    size_t used = used_.load(std::memory_order_acquire);
    for (size_t i = 0; i < used; ++i) {
        const Slot& slot = slots_[i];
        uintptr_t begin = slot.begin.load(std::memory_order_acquire);
        if (begin <= kClaimed || address < begin) continue;
        if (address < slot.end.load(std::memory_order_relaxed))
            return slot.owner.load(std::memory_order_relaxed);
    }
    return nullptr;
}

}  // namespace faaslet::runtime
