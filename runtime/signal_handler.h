#pragma once
// The process-wide handler for SIGSEGV, SIGBUS, SIGFPE and SIGILL, which turns faults of
// WebAssembly code into traps.
//
// It runs on a per-thread alternate stack (set up by the first guarded call on each thread), so it
// also works when the fault is a stack overflow. A fault is the runtime's only when the faulting
// thread is inside a guarded call and the fault is one compiled code can cause by design (see
// classifyFault); then the handler records the trap and siglongjmps to the call's entry.
// Everything else goes to the handler that was installed before ours, or gets the default action
// (the process dies as it would have without us): a signal that is not ours is never swallowed.

#include <cstdint>
#include <optional>

#include "abi/abi.h"

namespace faaslet::runtime {

// Installs the handlers once per process; later calls do nothing. Thread-safe.
void installSignalHandlers();

// What the handler knows about a fault, as plain facts.
struct FaultFacts {
    int signal = 0;
    int code = 0;                             // siginfo's si_code; <= 0 when sent by a process
    bool insideGuardedCall = false;           // the faulting thread is inside callGuarded()
    bool pcInCompiledCode = false;            // the faulting instruction lies in a loaded module
    bool addressInMemoryReservation = false;  // si_addr lies in a linear memory's reservation
    bool addressInStackGuard = false;         // si_addr lies below the thread's stack limit, near its end
};

// The trap a fault becomes, or nullopt when it is not the runtime's to handle:
// - only kernel-generated signals (si_code > 0) on a thread inside a guarded call;
// - SIGSEGV/SIGBUS at an address in a memory reservation -> OutOfBoundsMemoryAccess, wherever the
//   instruction is (host functions reading guest memory included);
// - SIGSEGV/SIGBUS in compiled code at an address in the stack guard -> CallStackExhausted (a
//   frame larger than the safety margin stepped over the limit before its check);
// - SIGFPE in compiled code: FPE_INTDIV -> IntegerDivideByZero, FPE_INTOVF -> IntegerOverflow;
// - SIGILL in compiled code (ud2, what llvm.trap emits) -> Unreachable.
std::optional<abi::TrapCode> classifyFault(const FaultFacts& facts);

}  // namespace faaslet::runtime
