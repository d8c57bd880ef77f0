#pragma once
// Per-thread state of guarded calls, shared by the trap path (trap.cpp) and the signal handler
// (signal_handler.cpp). Internal to the runtime.
//
// Everything the signal handler reads is constinit and trivially destructible, so the handler
// reaches it with a plain TLS access (no lazy-initialisation wrapper, which is not
// async-signal-safe).

#include <csetjmp>
#include <cstddef>
#include <cstdint>
#include <optional>

#include "abi/abi.h"
#include "runtime/trap.h"

namespace faaslet::runtime::detail {

constexpr size_t kMaxTrapFrames = 64;

// One active guarded call; lives in callGuarded()'s frame.
struct CallRecord {
    sigjmp_buf jump;
    CallRecord* previous = nullptr;
    uintptr_t entryFrame = 0;  // frame address of the entry: backtrace walks stop below it
    abi::TrapCode code = abi::TrapCode::None;
    uintptr_t frames[kMaxTrapFrames];
    size_t frameCount = 0;
    size_t framesOmitted = 0;      // frames of compiled code past kMaxTrapFrames, counted only
    bool firstFrameExact = false;  // frame 0 is the faulting instruction, not a return address
    long systemCall = -1;          // the refused system call of a ForbiddenSystemCall trap
    std::optional<Trap> hostTrap;  // a trap raised with its own message (set outside signal context)
};

struct ThreadStack {
    uintptr_t low = 0;    // lowest usable address of the thread's stack
    uintptr_t high = 0;   // one past the highest
    uintptr_t limit = 0;  // what compiled code checks against: low + margin
};

extern thread_local constinit CallRecord* tCurrentCall;
extern thread_local constinit ThreadStack tStack;

// For host functions, which must end their C++ scopes before unwinding: stores a trap in the
// innermost call record (aborts the process when there is none), then unwinds to its entry.
void setHostTrap(Trap trap);
[[noreturn]] void unwindToEntry();

// Fills tStack, sets up the alternate signal stack and installs the process signal handlers; cheap
// after the first call on a thread.
const ThreadStack& prepareThread();

}  // namespace faaslet::runtime::detail
