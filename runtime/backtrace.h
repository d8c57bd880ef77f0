#pragma once
// Trap backtraces: walking the frame-pointer chain from a trap point (signal-safe), then mapping
// each address to a function of a loaded module (after the unwind, in normal context).
//
// Compiled code keeps frame pointers (abi.h), so on x86-64 each frame starts with the caller's
// RBP followed by the return address. The walk stops at the guarded entry's frame, at a frame
// pointer outside the thread's stack, or at one that does not grow towards the entry, so a chain
// broken by code without frame pointers ends the walk instead of faulting.

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "runtime/trap.h"

#if !defined(__x86_64__)
#error "faaslet's runtime walks x86-64 frame pointers and reads x86-64 signal contexts"
#endif

namespace faaslet::runtime {

// What a walk found: `kept` return addresses were written out; past the capacity the chain was
// followed on to count the frames in compiled functions it could not keep (`omitted`), so a backtrace
// can say how much it leaves out. The chain lies in the live stack and each step moves towards
// the entry, so counting costs no more than the stack's depth.
struct WalkResult {
    size_t kept = 0;
    size_t omitted = 0;
};

// Writes the return addresses of the chain starting at frame pointer `fp` to out (at most
// `capacity`), for frames in [stackLow, stopAt). Async-signal-safe.
WalkResult walkFramePointers(uintptr_t fp, uintptr_t stackLow, uintptr_t stopAt, uintptr_t* out,
                             size_t capacity);

// The same walk for a trap raised by a host function, which compiled code reached through
// libffi's closure trampoline: the trampoline keeps no frame pointer, so the return address into
// the compiled caller is not on the chain. Where the chain passes from foreign code into a frame
// of compiled code, the words of that frame below its frame pointer are searched (downwards, a
// bounded distance) for an address in compiled code that follows a call instruction: the return
// address into the caller. Normal context only.
WalkResult walkFramePointersFromHost(uintptr_t fp, uintptr_t stackLow, uintptr_t stopAt, uintptr_t* out,
                                     size_t capacity);

// Maps addresses to compiled functions; addresses outside compiled functions (thunks, the runtime,
// host code) are left out. Return addresses are looked up one byte back, so a call that is the
// last instruction of a function (a call to a no-return trap) maps to the caller, not to the next
// function; `firstIsExact` says that pcs[0] is a faulting instruction instead.
std::vector<TrapFrame> symbolize(std::span<const uintptr_t> pcs, bool firstIsExact);

}  // namespace faaslet::runtime
