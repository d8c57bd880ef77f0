#pragma once
// The implementations of wasi_snapshot_preview1's functions. Each takes the instance's WASI state,
// its memory and the call's arguments (in wasm order) and returns the WASI errno.

#include <span>

#include "abi/abi.h"
#include "hostiface/guest_memory.h"
#include "hostiface/wasi_context.h"
#include "hostiface/wasi_errno.h"

namespace faaslet::hostiface {

using WasiArgs = std::span<const abi::Value>;
using WasiFunction = WasiErrno (*)(WasiContext&, const GuestMemory&, WasiArgs);

// wasi_args_env.cpp
WasiErrno argsGet(WasiContext&, const GuestMemory&, WasiArgs);
WasiErrno argsSizesGet(WasiContext&, const GuestMemory&, WasiArgs);
WasiErrno environGet(WasiContext&, const GuestMemory&, WasiArgs);
WasiErrno environSizesGet(WasiContext&, const GuestMemory&, WasiArgs);

// wasi_fd.cpp
WasiErrno fdWrite(WasiContext&, const GuestMemory&, WasiArgs);
WasiErrno fdRead(WasiContext&, const GuestMemory&, WasiArgs);
WasiErrno fdClose(WasiContext&, const GuestMemory&, WasiArgs);
WasiErrno fdSeek(WasiContext&, const GuestMemory&, WasiArgs);
WasiErrno fdFdstatGet(WasiContext&, const GuestMemory&, WasiArgs);
WasiErrno fdPrestatGet(WasiContext&, const GuestMemory&, WasiArgs);

// wasi_clock_random.cpp
WasiErrno clockResGet(WasiContext&, const GuestMemory&, WasiArgs);
WasiErrno clockTimeGet(WasiContext&, const GuestMemory&, WasiArgs);
WasiErrno randomGet(WasiContext&, const GuestMemory&, WasiArgs);
WasiErrno schedYield(WasiContext&, const GuestMemory&, WasiArgs);

}  // namespace faaslet::hostiface
