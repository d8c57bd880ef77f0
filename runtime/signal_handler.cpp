#include "runtime/signal_handler.h"

#include <signal.h>
#include <ucontext.h>
#include <unistd.h>

#include <atomic>
#include <mutex>

#include "runtime/address_ranges.h"
#include "runtime/backtrace.h"
#include "runtime/thread_state.h"

namespace faaslet::runtime {

namespace {

constexpr int kSignals[] = {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGSYS};
constexpr int kSignalCount = sizeof(kSignals) / sizeof(kSignals[0]);

// How far below the end of a thread's stack a fault still counts as a stack overflow: beyond the
// kernel's guard gap (256 pages on Linux), so a large frame that jumped it is still recognised.
constexpr uintptr_t kStackGuardReach = 1024 * 1024;

struct sigaction gPrevious[kSignalCount];
std::once_flag gInstalled;
std::atomic<SystemCallNamer> gSystemCallNamer{nullptr};

int signalIndex(int signal) {
    for (int i = 0; i < kSignalCount; ++i) {
        if (kSignals[i] == signal) return i;
    }
    return -1;
}

// Hands a signal that is not ours to whoever had it before, or applies the default action.
void forward(int signal, siginfo_t* info, void* context) {
    int index = signalIndex(signal);
    const struct sigaction* previous = index >= 0 ? &gPrevious[index] : nullptr;
    if (previous && previous->sa_handler != SIG_DFL && previous->sa_handler != SIG_IGN) {
        if (previous->sa_flags & SA_SIGINFO) {
            previous->sa_sigaction(signal, info, context);
        } else {
            previous->sa_handler(signal);
        }
        return;
    }
    // An ignored signal sent by a process stays ignored; a fault cannot be ignored (returning would
    // re-execute the instruction forever), so it gets the default action like SIG_DFL.
    if (previous && previous->sa_handler == SIG_IGN && info->si_code <= 0) return;
    struct sigaction defaultAction {};
    defaultAction.sa_handler = SIG_DFL;
    sigemptyset(&defaultAction.sa_mask);
    sigaction(signal, &defaultAction, nullptr);
    // A signal sent by a process is raised again under the default action. A fault returns and the
    // faulting instruction runs again, faulting under the default action: the process dies with the
    // original signal and context, as it would have without the runtime. A system call refused by
    // seccomp is not made again on return (the thread would go on as if it had failed), so its
    // SIGSYS is raised again too.
    if (info->si_code <= 0 || signal == SIGSYS) raise(signal);
}

// Appends text to out (which holds `length` characters), keeping room for the NUL.
size_t append(char* out, size_t capacity, size_t length, const char* text) {
    while (*text && length + 1 < capacity) out[length++] = *text++;
    out[length] = '\0';
    return length;
}

size_t appendNumber(char* out, size_t capacity, size_t length, long number) {
    char digits[24];
    char* first = digits + sizeof digits;
    *--first = '\0';
    const auto bits = static_cast<unsigned long>(number);
    unsigned long magnitude = number < 0 ? 0ul - bits : bits;
    do {
        *--first = char('0' + magnitude % 10);
        magnitude /= 10;
    } while (magnitude != 0);
    if (number < 0) *--first = '-';
    return append(out, capacity, length, first);
}

// A forbidden system call outside a guarded call is not the runtime's to recover from, but the
// reason must not be lost when the process dies of it.
void reportForbiddenSystemCallOutsideCalls(long number) {
    char message[160];
    size_t length = append(message, sizeof message, 0, "faaslet: ");
    length += formatForbiddenSystemCall(number, message + length, sizeof message - length);
    length = append(message, sizeof message, length, " outside a WebAssembly call\n");
    [[maybe_unused]] ssize_t written = write(STDERR_FILENO, message, length);  // nothing to do if it fails
}

void handleSignal(int signal, siginfo_t* info, void* context) {
    auto* uc = static_cast<ucontext_t*>(context);
    const auto pc = uintptr_t(uc->uc_mcontext.gregs[REG_RIP]);
    const auto address = uintptr_t(info->si_addr);
    detail::CallRecord* record = detail::tCurrentCall;
    const detail::ThreadStack& stack = detail::tStack;

    FaultFacts facts;
    facts.signal = signal;
    facts.code = info->si_code;
    facts.insideGuardedCall = record != nullptr;
    facts.pcInCompiledCode = compiledCodeRanges().find(pc) != nullptr;
    if (signal == SIGSEGV || signal == SIGBUS) {
        facts.addressInMemoryReservation = memoryReservations().find(address) != nullptr;
        const uintptr_t guardLow = stack.low > kStackGuardReach ? stack.low - kStackGuardReach : 0;
        facts.addressInStackGuard = stack.limit != 0 && address >= guardLow && address < stack.limit;
    }
    std::optional<abi::TrapCode> trap = classifyFault(facts);
    if (!trap) {
        if (signal == SIGSYS && info->si_code == kSigsysFromSeccomp)
            reportForbiddenSystemCallOutsideCalls(info->si_syscall);
        forward(signal, info, context);
        return;
    }
    record->code = *trap;
    record->firstFrameExact = true;
    record->frames[0] = pc;
    // Only live frames are walked: those between the faulting stack pointer and the entry.
    const auto sp = uintptr_t(uc->uc_mcontext.gregs[REG_RSP]);
    const uintptr_t fp = uintptr_t(uc->uc_mcontext.gregs[REG_RBP]);
    const uintptr_t liveLow = sp > stack.low ? sp : stack.low;
    WalkResult walked;
    if (*trap == abi::TrapCode::ForbiddenSystemCall) {
        record->systemCall = info->si_syscall;
        // Host code made the call, reached from compiled code through libffi's trampoline: the
        // walk that recovers the compiled caller across it. It only reads the live stack and the
        // lock-free code registry, so it is safe in a signal handler too.
        walked = walkFramePointersFromHost(fp, liveLow, record->entryFrame, record->frames + 1,
                                           detail::kMaxTrapFrames - 1);
    } else {
        walked = walkFramePointers(fp, liveLow, record->entryFrame, record->frames + 1,
                                   detail::kMaxTrapFrames - 1);
    }
    record->frameCount = 1 + walked.kept;
    record->framesOmitted = walked.omitted;
    // The handler was installed with SA_NODEFER, so the signal mask needs no restoring.
    siglongjmp(record->jump, 1);
}

}  // namespace

void installSignalHandlers() {
    std::call_once(gInstalled, [] {
        struct sigaction action {};
        action.sa_sigaction = handleSignal;
        sigemptyset(&action.sa_mask);
        // SA_NODEFER: the signal stays unblocked while the handler runs, so leaving it with
        // siglongjmp needs no saved mask (sigsetjmp(..., 0) saves a system call per guarded call).
        action.sa_flags = SA_SIGINFO | SA_ONSTACK | SA_NODEFER;
        for (int i = 0; i < kSignalCount; ++i) sigaction(kSignals[i], &action, &gPrevious[i]);
    });
}

std::optional<abi::TrapCode> classifyFault(const FaultFacts& facts) {
    if (!facts.insideGuardedCall || facts.code <= 0) return std::nullopt;
    switch (facts.signal) {
        case SIGSEGV:
        case SIGBUS:
            if (facts.addressInMemoryReservation) return abi::TrapCode::OutOfBoundsMemoryAccess;
            if (facts.pcInCompiledCode && facts.addressInStackGuard) return abi::TrapCode::CallStackExhausted;
            return std::nullopt;
        case SIGFPE:
            if (!facts.pcInCompiledCode) return std::nullopt;
            if (facts.code == FPE_INTDIV) return abi::TrapCode::IntegerDivideByZero;
            if (facts.code == FPE_INTOVF) return abi::TrapCode::IntegerOverflow;
            return std::nullopt;
        case SIGILL:
            if (facts.pcInCompiledCode) return abi::TrapCode::Unreachable;
            return std::nullopt;
        case SIGSYS:
            if (facts.code == kSigsysFromSeccomp) return abi::TrapCode::ForbiddenSystemCall;
            return std::nullopt;
        default: return std::nullopt;
    }
}

void setSystemCallNamer(SystemCallNamer namer) {
    gSystemCallNamer.store(namer);
}

size_t formatForbiddenSystemCall(long number, char* out, size_t capacity) {
    if (capacity == 0) return 0;
    size_t length = append(out, capacity, 0, abi::trapMessage(abi::TrapCode::ForbiddenSystemCall));
    length = append(out, capacity, length, " ");
    const SystemCallNamer namer = gSystemCallNamer.load();
    const char* name = namer ? namer(number) : nullptr;
    if (!name) return appendNumber(out, capacity, length, number);
    length = append(out, capacity, length, name);
    length = append(out, capacity, length, " (");
    length = appendNumber(out, capacity, length, number);
    return append(out, capacity, length, ")");
}

}  // namespace faaslet::runtime
