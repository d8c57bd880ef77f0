#pragma once
// A bounds-checked view of a guest's linear memory for host functions. Every guest pointer and
// length is checked (without overflow) before the host touches a byte: a bad one is EFAULT for the
// guest, never a read or write outside the memory.
//
// The view is a base pointer and the memory's current size; it is made for one host call (a
// memory.grow between calls changes the size, never the base). Values read from guest memory are
// copied out once: the guest may not rely on the host re-reading them, and the host never checks
// one copy and uses another.

#include <cstdint>
#include <cstring>
#include <optional>
#include <span>
#include <string>
#include <type_traits>

namespace faaslet::wasi {

class GuestMemory {
public:
    GuestMemory() = default;  // an instance without memory: every access faults
    explicit GuestMemory(std::span<uint8_t> bytes) : bytes_(bytes) {}

    uint64_t size() const { return bytes_.size(); }

    // Whether [address, address + length) lies inside the memory.
    bool contains(uint64_t address, uint64_t length) const {
        return address <= bytes_.size() && length <= bytes_.size() - address;
    }

    // [address, address + length) as host bytes, or nullopt when any of it is outside the memory. A
    // zero-length range is valid anywhere up to and including the end of the memory.
    std::optional<std::span<uint8_t>> range(uint64_t address, uint64_t length) const {
        if (!contains(address, length)) return std::nullopt;
        return bytes_.subspan(size_t(address), size_t(length));
    }

    // Little-endian scalars at a guest address (the host is little-endian, like WebAssembly).
    // Unaligned addresses are fine: WebAssembly does not require alignment.
    template <class T>
    std::optional<T> read(uint64_t address) const {
        static_assert(std::is_trivially_copyable_v<T>);
        auto r = range(address, sizeof(T));
        if (!r) return std::nullopt;
        T value;
        std::memcpy(&value, r->data(), sizeof(T));
        return value;
    }
    template <class T>
    bool write(uint64_t address, T value) const {
        static_assert(std::is_trivially_copyable_v<T>);
        auto r = range(address, sizeof(T));
        if (!r) return false;
        std::memcpy(r->data(), &value, sizeof(T));
        return true;
    }

    // A copy of the guest's bytes at (address, length): strings are bounded by their given length,
    // never scanned for a terminator.
    std::optional<std::string> readString(uint64_t address, uint64_t length) const {
        auto r = range(address, length);
        if (!r) return std::nullopt;
        return std::string(reinterpret_cast<const char*>(r->data()), r->size());
    }

    // Copies `bytes` to the guest at `address`; false (nothing written) when they do not fit.
    bool writeBytes(uint64_t address, std::span<const uint8_t> bytes) const {
        auto r = range(address, bytes.size());
        if (!r) return false;
        if (!bytes.empty()) std::memmove(r->data(), bytes.data(), bytes.size());
        return true;
    }
    bool writeBytes(uint64_t address, std::string_view text) const {
        return writeBytes(address, std::span(reinterpret_cast<const uint8_t*>(text.data()), text.size()));
    }

private:
    std::span<uint8_t> bytes_;
};

}  // namespace faaslet::wasi
