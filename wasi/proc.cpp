// Process control: exit, signals, scheduling.

#include <sched.h>

#include "wasi/functions.h"

namespace faaslet::wasi {

// Nothing is unwound here: the status goes back to the binding, which ends the guest's call (a trap
// of the runtime) without running any more guest code.
WasiExit procExit(WasiContext& wasi, const GuestMemory&, uint32_t code) {
    wasi.exitCode = code;
    return WasiExit{code};
}

// A Faaslet is a thread of a shared process: there is no process of the guest's own to signal.
WasiErrno procRaise(WasiContext&, const GuestMemory&, uint32_t) {
    return WasiErrno::NoSys;
}

WasiErrno schedYield(WasiContext&, const GuestMemory&) {
    ::sched_yield();
    return WasiErrno::Success;
}

}  // namespace faaslet::wasi
