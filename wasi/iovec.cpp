#include "wasi/iovec.h"

#include <limits.h>

#include <algorithm>
#include <cstring>

#include "wasi/preview1_types.h"

namespace faaslet::wasi {

WasiErrno guestIovecs(const GuestMemory& memory, uint32_t iovs, uint32_t count, std::vector<iovec>& out) {
    if (count > IOV_MAX) return WasiErrno::Inval;
    // The whole array first: the element addresses below cannot leave it, nor wrap around.
    if (!memory.contains(iovs, uint64_t(preview1::iovec::Size) * count)) return WasiErrno::Fault;
    out.clear();
    out.reserve(count);
    for (uint32_t i = 0; i < count; ++i) {
        const uint64_t entry = uint64_t(iovs) + uint64_t(preview1::iovec::Size) * i;
        const uint32_t base = *memory.read<uint32_t>(entry + preview1::iovec::Buf);
        const uint32_t length = *memory.read<uint32_t>(entry + preview1::iovec::BufLen);
        auto bytes = memory.range(base, length);
        if (!bytes) return WasiErrno::Fault;
        out.push_back({bytes->data(), bytes->size()});
    }
    return WasiErrno::Success;
}

size_t totalLength(const std::vector<iovec>& iov) {
    size_t total = 0;
    for (const iovec& v : iov) total += v.iov_len;
    return total;
}

size_t scatter(std::string_view bytes, const std::vector<iovec>& iov) {
    size_t done = 0;
    for (const iovec& v : iov) {
        const size_t n = std::min(v.iov_len, bytes.size() - done);
        if (n) std::memmove(v.iov_base, bytes.data() + done, n);
        done += n;
        if (done == bytes.size()) break;
    }
    return done;
}

size_t gather(const std::vector<iovec>& iov, std::string& out, size_t limit) {
    size_t done = 0;
    for (const iovec& v : iov) {
        const size_t n = std::min(v.iov_len, limit - done);
        out.append(static_cast<const char*>(v.iov_base), n);
        done += n;
        if (done == limit) break;
    }
    return done;
}

}  // namespace faaslet::wasi
