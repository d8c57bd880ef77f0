#pragma once
// Guest iovec arrays ({buf: u32, buf_len: u32} each) as host buffers, every one checked.

#include <sys/uio.h>

#include <cstdint>
#include <string_view>
#include <vector>

#include "wasi/guest_memory.h"
#include "wasi/errors.h"

namespace faaslet::wasi {

// Reads `count` iovecs at `iovs` into `out`: EINVAL past IOV_MAX (as readv(2)), EFAULT when the
// array or any buffer lies outside the memory. Buffers may overlap each other or the array: each
// entry is read once, before any transfer.
WasiErrno guestIovecs(const GuestMemory& memory, uint32_t iovs, uint32_t count, std::vector<iovec>& out);

size_t totalLength(const std::vector<iovec>& iov);

// Copies `bytes` into the buffers in order; returns how many were copied.
size_t scatter(std::string_view bytes, const std::vector<iovec>& iov);
// Appends the buffers' bytes to `out`, at most `limit` of them; returns how many were appended.
size_t gather(const std::vector<iovec>& iov, std::string& out, size_t limit);

}  // namespace faaslet::wasi
