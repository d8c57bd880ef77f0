#pragma once
// The process-wide handler for SIGSEGV, SIGBUS, SIGFPE, SIGILL and SIGSYS, which turns faults of
// WebAssembly code, and system calls a thread's sandbox refuses during a WebAssembly call, into
// traps.
//
// It runs on a per-thread alternate stack (set up by the first guarded call on each thread), so it
// also works when the fault is a stack overflow. A fault is the runtime's only when the faulting
// thread is inside a guarded call and the fault is one compiled code can cause by design (see
// classifyFault); then the handler records the trap and siglongjmps to the call's entry.
// Everything else goes to the handler that was installed before ours, or gets the default action
// (the process dies as it would have without us): a signal that is not ours is never swallowed.
//
// SIGSYS is what the kernel raises when a thread's seccomp filter refuses a system call
// (sandbox/sandbox.h): the call was not made. Inside a guarded call it becomes a
// ForbiddenSystemCall trap naming the call, and the call unwinds like any other trap, abandoning
// the host-function frames it passes (their destructors do not run). Guest code cannot make system
// calls itself, so a forbidden one comes from the host interface and is a bug of the allow-list or
// of the host interface; the trap keeps it from doing harm and reports it. Outside a guarded call
// the handler writes "faaslet: sandbox: forbidden system call NAME (NUMBER) outside a WebAssembly
// call" to stderr and the process dies of SIGSYS (unless a SIGSYS handler installed before ours
// decides otherwise).

#include <cstddef>
#include <cstdint>
#include <optional>

#include "abi/abi.h"

namespace faaslet::runtime {

// Installs the handlers once per process; later calls do nothing. Thread-safe.
void installSignalHandlers();

// si_code of a SIGSYS raised by a seccomp filter (SYS_SECCOMP in the kernel's
// <asm-generic/siginfo.h>, which glibc's headers do not export).
constexpr int kSigsysFromSeccomp = 1;

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
// - SIGILL in compiled code (ud2, what llvm.trap emits) -> Unreachable;
// - SIGSYS from seccomp (kSigsysFromSeccomp), wherever the instruction is -> ForbiddenSystemCall.
std::optional<abi::TrapCode> classifyFault(const FaultFacts& facts);

// Names a system call number, or returns null for one it does not know. It must be
// async-signal-safe (the handler names the call of a SIGSYS outside a guarded call) and the
// strings must live as long as the process.
using SystemCallNamer = const char* (*)(long number);

// Sets how forbidden system calls are named in messages. The sandbox sets it (it knows the names
// through libseccomp, which the runtime does not link); without one, messages give the number.
void setSystemCallNamer(SystemCallNamer namer);

// "sandbox: forbidden system call execve (59)" into out (NUL-terminated, truncated to capacity);
// returns the length written. Async-signal-safe.
size_t formatForbiddenSystemCall(long number, char* out, size_t capacity);

}  // namespace faaslet::runtime
