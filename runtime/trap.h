#pragma once
// Traps and the entry into compiled code.
//
// Every call into compiled code goes through callGuarded(), which records a resumption point
// (sigsetjmp) on a per-thread chain. A trap — raised explicitly by compiled code through
// abi::RuntimeFunctions::trap, by a runtime function (bulk memory, tables), by a host function, or
// detected by the signal handler (a guard-page hit, a hardware divide error, ud2) — records its
// code and the raw return addresses of the frames below the entry, then siglongjmps to the
// innermost entry. The chain makes re-entrant calls (wasm -> host -> wasm) work: an inner trap
// returns to the inner entry, and the host function decides whether to propagate it.
//
// Invariants the rest of the runtime keeps so that siglongjmp is sound in C++:
// - no frame between an entry and a trap point owns an object with a non-trivial destructor
//   (compiled code has none; runtime functions and host-function trampolines end their scopes
//   before raising);
// - the thread's stack limit (abi::InstanceContext::stackLimit) leaves kStackSafetyMargin below
//   it for the trap path, host functions and the signal handler's caller-side work.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "abi/abi.h"

namespace faaslet::runtime {

// One frame of a trap's backtrace that lies in compiled code.
struct TrapFrame {
    uintptr_t pc = 0;       // the faulting instruction (frame 0 of a fault) or a return address
    uint32_t function = 0;  // index in the module's function index space
    std::string name;       // from the module's name section; empty when it has none
    uintptr_t offset = 0;   // of pc from the function's first instruction
    std::string module;     // LoadedModule::moduleName(): the wasm file or function it was loaded as

    // e.g. "#0 func[3] <fac>+0x1c (fac.wasm)"
    std::string toString(size_t depth) const;
};

struct Trap {
    abi::TrapCode code = abi::TrapCode::None;
    std::string message;               // abi::trapMessage(code), or a host function's description
    std::vector<TrapFrame> backtrace;  // innermost first; only frames of compiled code
    // Frames of compiled code beyond those the backtrace keeps (a deep recursion): counted, not
    // listed. For a trap that a host function propagated, those of the inner and outer calls.
    size_t omittedFrames = 0;

    static Trap of(abi::TrapCode code, std::string message = {});
    // The message, then one line per frame, then "... and N more frames" when some were omitted.
    std::string toString() const;
};

// How much stack below the limit is kept for what runs after compiled code's stack check fails or
// while host functions run: the trap path, host functions, the runtime functions. 256 KiB is four
// times what the deepest of these uses, so the thread's guard page is never reached from them.
constexpr size_t kStackSafetyMargin = 256 * 1024;

// Calls thunk(code, ctx, args, results) on the calling thread and returns the trap that stopped it,
// if any. Sets ctx->stackLimit for this thread (when ctx is not null), prepares the thread's
// alternate signal stack and installs the process's signal handlers on first use. The thread can
// make the next call normally after a trap.
std::optional<Trap> callGuarded(abi::Thunk thunk, const void* code, abi::InstanceContext* ctx,
                                const abi::Value* args, abi::Value* results);

// Raises a trap from code running inside a guarded call (compiled code through RuntimeFunctions,
// runtime functions): unwinds to the innermost entry. An Interrupted trap clears ctx->interrupt, so
// the next call runs. Aborts the process when no call is active: that is a runtime bug.
[[noreturn]] void raiseTrap(abi::InstanceContext* ctx, abi::TrapCode code);

// Whether the calling thread is inside a guarded call.
bool insideGuardedCall();

// The stack limit compiled code on the calling thread checks against (prepares the thread).
uintptr_t threadStackLimit();

// Prepares the calling thread for guarded calls now rather than at its first one: installs the
// process's signal handlers, sets up the thread's alternate signal stack and finds its stack
// bounds. A thread about to be sandboxed calls it first, since its sandbox forbids some of the
// system calls this makes (pthread_getattr_np's prlimit64 and sched_getaffinity on the main
// thread).
void prepareThreadForGuardedCalls();

}  // namespace faaslet::runtime
