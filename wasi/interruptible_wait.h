#pragma once
// Waiting that an interrupt can end. A call into a pipe, a terminal or a socket may block for as
// long as its peer wants; inside an interruptible call (WasiContext::interruptible) the wait
// happens here first, in slices, so that interrupting the instance ends it with EINTR, which the
// binding turns into the Interrupted trap.

#include <cstdint>

#include "wasi/context.h"

namespace faaslet::wasi {

// The longest a wait sleeps before looking at the interrupt flag again.
inline constexpr uint64_t kInterruptSliceNs = 10'000'000;

// Returns once `d` is ready for reading (or writing), or has an error or hang-up for the transfer
// to report; EINTR when the instance is interrupted first. Returns at once when the call is not
// interruptible, or when `d` cannot block (a file, a directory, a non-blocking descriptor).
WasiErrno awaitReady(const WasiContext& wasi, const Descriptor& d, bool write);

}  // namespace faaslet::wasi
