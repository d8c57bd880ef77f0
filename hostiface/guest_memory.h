#pragma once
// A bounds-checked view of a guest's linear memory for host functions. Every guest pointer and
// length is checked (without overflow) before the host touches a byte: a bad one is EFAULT for the
// guest, never a read or write outside the memory.

#include <cstdint>
#include <cstring>
#include <optional>
#include <span>

namespace faaslet::hostiface {

class GuestMemory {
public:
    GuestMemory() = default;
    explicit GuestMemory(std::span<uint8_t> bytes) : bytes_(bytes) {}

    // [address, address + length) as host bytes, or nullopt when any of it is outside the memory.
    std::optional<std::span<uint8_t>> range(uint32_t address, uint64_t length) const {
        if (uint64_t(address) + length > bytes_.size()) return std::nullopt;
        return bytes_.subspan(address, size_t(length));
    }

    // Little-endian scalars at a guest address (the host is little-endian, like WebAssembly).
    template <class T>
    std::optional<T> read(uint32_t address) const {
        auto r = range(address, sizeof(T));
        if (!r) return std::nullopt;
        T value;
        std::memcpy(&value, r->data(), sizeof(T));
        return value;
    }
    template <class T>
    bool write(uint32_t address, T value) const {
        auto r = range(address, sizeof(T));
        if (!r) return false;
        std::memcpy(r->data(), &value, sizeof(T));
        return true;
    }

private:
    std::span<uint8_t> bytes_;
};

}  // namespace faaslet::hostiface
