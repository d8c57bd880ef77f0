// args_* and environ_*: an array of u32 pointers to NUL-terminated strings stored one after another
// in one buffer, whose sizes the *_sizes_get functions give first.

#include <string>
#include <vector>

#include "wasi/functions.h"

namespace faaslet::wasi {

namespace {

uint64_t bufferSize(const std::vector<std::string>& strings) {
    uint64_t bytes = 0;
    for (const auto& s : strings) bytes += s.size() + 1;
    return bytes;
}

WasiErrno sizes(const std::vector<std::string>& strings, const GuestMemory& memory, uint32_t countOut,
                uint32_t sizeOut) {
    const uint64_t bytes = bufferSize(strings);
    if (strings.size() > UINT32_MAX || bytes > UINT32_MAX) return WasiErrno::TooBig;
    if (!memory.contains(countOut, 4) || !memory.contains(sizeOut, 4)) return WasiErrno::Fault;
    memory.write<uint32_t>(countOut, uint32_t(strings.size()));
    memory.write<uint32_t>(sizeOut, uint32_t(bytes));
    return WasiErrno::Success;
}

WasiErrno copy(const std::vector<std::string>& strings, const GuestMemory& memory, uint32_t pointers,
               uint32_t buffer) {
    // Both areas are checked whole before the first byte is written.
    if (!memory.contains(pointers, 4 * uint64_t(strings.size())) ||
        !memory.contains(buffer, bufferSize(strings)))
        return WasiErrno::Fault;
    uint64_t pointer = pointers;
    uint64_t address = buffer;
    for (const auto& s : strings) {
        memory.write<uint32_t>(pointer, uint32_t(address));
        memory.writeBytes(address, s);
        memory.write<uint8_t>(address + s.size(), 0);
        pointer += 4;
        address += s.size() + 1;
    }
    return WasiErrno::Success;
}

}  // namespace

WasiErrno argsSizesGet(WasiContext& wasi, const GuestMemory& memory, uint32_t argcOut,
                       uint32_t argvBufSizeOut) {
    return sizes(wasi.args(), memory, argcOut, argvBufSizeOut);
}

WasiErrno argsGet(WasiContext& wasi, const GuestMemory& memory, uint32_t argv, uint32_t argvBuf) {
    return copy(wasi.args(), memory, argv, argvBuf);
}

WasiErrno environSizesGet(WasiContext& wasi, const GuestMemory& memory, uint32_t countOut,
                          uint32_t bufSizeOut) {
    return sizes(wasi.env(), memory, countOut, bufSizeOut);
}

WasiErrno environGet(WasiContext& wasi, const GuestMemory& memory, uint32_t environPointers,
                     uint32_t environBuf) {
    return copy(wasi.env(), memory, environPointers, environBuf);
}

}  // namespace faaslet::wasi
