#pragma once
// Process-wide registries of address ranges the signal handler must recognise: the code of loaded
// modules and the reservations of linear memories. Lookups are lock-free and async-signal-safe
// (a bounded scan of atomics); registration is rare (loading a module, creating a memory).
//
// The capacity follows from the address space: 47 bits of user space hold at most 16 Ki
// reservations of 8 GiB, so 16 Ki slots can never be the binding limit for memories, and code
// objects are far fewer than instances.

#include <atomic>
#include <cstddef>
#include <cstdint>

namespace faaslet::runtime {

class AddressRangeRegistry {
public:
    static constexpr size_t kCapacity = 16384;

    constexpr AddressRangeRegistry() = default;
    AddressRangeRegistry(const AddressRangeRegistry&) = delete;
    AddressRangeRegistry& operator=(const AddressRangeRegistry&) = delete;

    // Registers [begin, end) for `owner`; false when every slot is taken. begin must be > 1.
    bool add(uintptr_t begin, uintptr_t end, const void* owner);
    // Removes the range that add() registered with the same begin and owner.
    void remove(uintptr_t begin, const void* owner);
    // The owner of the range containing `address`, or null. Async-signal-safe.
    const void* find(uintptr_t address) const;

private:
    // begin: 0 = free, 1 = claimed by a writer, anything else = the range's first address.
    struct Slot {
        std::atomic<uintptr_t> begin{0};
        std::atomic<uintptr_t> end{0};
        std::atomic<const void*> owner{nullptr};
    };
    Slot slots_[kCapacity];
    std::atomic<size_t> used_{0};  // slots at and above this index have never been taken
};

// Owners are LoadedModule objects.
AddressRangeRegistry& compiledCodeRanges();
// Owners are LinearMemory objects.
AddressRangeRegistry& memoryReservations();

}  // namespace faaslet::runtime
