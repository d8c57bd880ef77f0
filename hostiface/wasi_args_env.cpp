// args_* and environ_*: a vector of pointers to NUL-terminated strings stored one after another.

#include <string>
#include <vector>

#include "hostiface/wasi_functions.h"

namespace faaslet::hostiface {

namespace {

WasiErrno sizes(const std::vector<std::string>& strings, const GuestMemory& memory, WasiArgs args) {
    uint64_t bytes = 0;
    for (const auto& s : strings) bytes += s.size() + 1;
    if (!memory.write<uint32_t>(args[0].i32, uint32_t(strings.size()))) return WasiErrno::Fault;
    if (!memory.write<uint32_t>(args[1].i32, uint32_t(bytes))) return WasiErrno::Fault;
    return WasiErrno::Success;
}

WasiErrno copy(const std::vector<std::string>& strings, const GuestMemory& memory, WasiArgs args) {
    uint32_t pointers = args[0].i32;
    uint32_t buffer = args[1].i32;
    for (const auto& s : strings) {
        auto target = memory.range(buffer, s.size() + 1);
        if (!target || !memory.write<uint32_t>(pointers, buffer)) return WasiErrno::Fault;
        std::copy(s.begin(), s.end(), target->begin());
        (*target)[s.size()] = 0;
        pointers += 4;
        buffer += uint32_t(s.size() + 1);
    }
    return WasiErrno::Success;
}

}  // namespace

WasiErrno argsSizesGet(WasiContext& wasi, const GuestMemory& memory, WasiArgs args) {
    return sizes(wasi.args(), memory, args);
}
WasiErrno argsGet(WasiContext& wasi, const GuestMemory& memory, WasiArgs args) { return copy(wasi.args(), memory, args); }
WasiErrno environSizesGet(WasiContext& wasi, const GuestMemory& memory, WasiArgs args) {
    return sizes(wasi.env(), memory, args);
}
WasiErrno environGet(WasiContext& wasi, const GuestMemory& memory, WasiArgs args) {
    return copy(wasi.env(), memory, args);
}

}  // namespace faaslet::hostiface
