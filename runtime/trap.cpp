#include "runtime/trap.h"

#include <pthread.h>
#include <signal.h>
#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <span>

#include "runtime/backtrace.h"
#include "runtime/signal_handler.h"
#include "runtime/thread_state.h"

namespace faaslet::runtime {

namespace detail {

thread_local constinit CallRecord* tCurrentCall = nullptr;
thread_local constinit ThreadStack tStack{};

namespace {

// The alternate signal stack of a thread, freed when the thread exits.
struct AltStack {
    void* mapping = nullptr;
    size_t size = 0;
    ~AltStack() {
        if (!mapping) return;
        stack_t current{};
        if (sigaltstack(nullptr, &current) == 0 &&
            current.ss_sp == static_cast<char*>(mapping) + guardSize()) {
            stack_t disable{};
            disable.ss_flags = SS_DISABLE;
            sigaltstack(&disable, nullptr);
        }
        munmap(mapping, size);
    }
    static size_t guardSize() { return size_t(sysconf(_SC_PAGESIZE)); }
};
thread_local AltStack tAltStack;

// Enough for the handler (a frame walk) and for a forwarded handler that formats a crash report.
constexpr size_t kAltStackSize = 128 * 1024;

void setUpAltStack() {
    stack_t current{};
    if (sigaltstack(nullptr, &current) == 0 && !(current.ss_flags & SS_DISABLE))
        return;  // the thread has one
    const size_t guard = AltStack::guardSize();
    const size_t size = std::max<size_t>(kAltStackSize, size_t(sysconf(_SC_SIGSTKSZ)));
    void* mapping =
        mmap(nullptr, guard + size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0);
    if (mapping == MAP_FAILED)
        return;  // faults then run on the thread's stack: still handled unless it overflowed
    mprotect(mapping, guard,
             PROT_NONE);  // an overflow of the signal stack faults instead of corrupting memory
    stack_t stack{};
    stack.ss_sp = static_cast<char*>(mapping) + guard;
    stack.ss_size = size;
    if (sigaltstack(&stack, nullptr) != 0) {
        munmap(mapping, guard + size);
        return;
    }
    tAltStack.mapping = mapping;
    tAltStack.size = guard + size;
}

void findStackBounds() {
    pthread_attr_t attr;
    void* address = nullptr;
    size_t size = 0;
    if (pthread_getattr_np(pthread_self(), &attr) == 0) {
        pthread_attr_getstack(&attr, &address, &size);
        pthread_attr_destroy(&attr);
    }
    if (!address || size == 0) {
        // Unknown bounds: assume 1 MiB below the current frame, the smallest common thread stack.
        auto here = uintptr_t(__builtin_frame_address(0));
        size = 1024 * 1024;
        address = reinterpret_cast<void*>(here - size + 64 * 1024);
    }
    ThreadStack stack;
    stack.low = uintptr_t(address);
    stack.high = stack.low + size;
    // Small stacks keep a quarter for the margin rather than none.
    stack.limit = stack.low + std::min(kStackSafetyMargin, size / 4);
    tStack = stack;
}

}  // namespace

const ThreadStack& prepareThread() {
    if (tStack.high != 0) return tStack;
    installSignalHandlers();
    setUpAltStack();
    findStackBounds();
    return tStack;
}

void setHostTrap(Trap trap) {
    CallRecord* record = tCurrentCall;
    if (!record) {
        std::fprintf(stderr, "faaslet: host trap '%s' outside a guarded call\n", trap.message.c_str());
        std::abort();
    }
    record->hostTrap.emplace(std::move(trap));
}

[[noreturn]] __attribute__((noinline)) void unwindToEntry() {
    CallRecord* record = tCurrentCall;
    if (!record) {
        std::fprintf(stderr, "faaslet: unwinding outside a guarded call\n");
        std::abort();
    }
    auto fp = uintptr_t(__builtin_frame_address(0));
    record->code = record->hostTrap ? record->hostTrap->code : record->code;
    record->firstFrameExact = false;
    const WalkResult walked =
        walkFramePointersFromHost(fp, fp, record->entryFrame, record->frames, kMaxTrapFrames);
    record->frameCount = walked.kept;
    record->framesOmitted = walked.omitted;
    siglongjmp(record->jump, 1);
}

}  // namespace detail

Trap Trap::of(abi::TrapCode code, std::string message) {
    Trap trap;
    trap.code = code;
    trap.message = message.empty() ? abi::trapMessage(code) : std::move(message);
    return trap;
}

std::string TrapFrame::toString(size_t depth) const {
    char offsetText[32];
    std::snprintf(offsetText, sizeof offsetText, "+0x%zx", size_t(offset));
    std::string text = "#" + std::to_string(depth) + " func[" + std::to_string(function) + "]";
    if (!name.empty()) text += " <" + name + ">";
    text += std::string(offsetText);
    if (!module.empty()) text += " (" + module + ")";
    return text;
}

std::string Trap::toString() const {
    std::string text = message;
    for (size_t i = 0; i < backtrace.size(); ++i) text += "\n  " + backtrace[i].toString(i);
    if (omittedFrames > 0)
        text += "\n  ... and " + std::to_string(omittedFrames) +
                (omittedFrames == 1 ? " more frame" : " more frames");
    return text;
}

namespace {

Trap trapOf(const detail::CallRecord& record) {
    if (record.code != abi::TrapCode::ForbiddenSystemCall) return Trap::of(record.code);
    char message[128];
    formatForbiddenSystemCall(record.systemCall, message, sizeof message);
    return Trap::of(record.code, message);
}

Trap finishTrap(detail::CallRecord& record) {
    Trap trap = record.hostTrap ? std::move(*record.hostTrap) : trapOf(record);
    std::vector<TrapFrame> frames =
        symbolize(std::span<const uintptr_t>(record.frames, record.frameCount), record.firstFrameExact);
    // A trap propagated by a host function already carries the frames of the inner call; the
    // frames that called the host function come after them.
    trap.backtrace.insert(trap.backtrace.end(), frames.begin(), frames.end());
    trap.omittedFrames += record.framesOmitted;
    return trap;
}

}  // namespace

__attribute__((noinline)) std::optional<Trap> callGuarded(abi::Thunk thunk, const void* code,
                                                          abi::InstanceContext* ctx, const abi::Value* args,
                                                          abi::Value* results) {
    const detail::ThreadStack& stack = detail::prepareThread();
    if (ctx) ctx->stackLimit = stack.limit;
    detail::CallRecord record;
    record.previous = detail::tCurrentCall;
    record.entryFrame = uintptr_t(__builtin_frame_address(0));
    detail::tCurrentCall = &record;
    if (sigsetjmp(record.jump, 0) == 0) {
        thunk(code, ctx, args, results);
        detail::tCurrentCall = record.previous;
        return std::nullopt;
    }
    detail::tCurrentCall = record.previous;
    return finishTrap(record);
}

[[noreturn]] __attribute__((noinline)) void raiseTrap(abi::InstanceContext* ctx, abi::TrapCode code) {
    detail::CallRecord* record = detail::tCurrentCall;
    if (!record) {
        std::fprintf(stderr, "faaslet: trap '%s' raised outside a guarded call\n", abi::trapMessage(code));
        std::abort();
    }
    // An interrupt is consumed by the trap it causes, so the instance's next call runs.
    if (code == abi::TrapCode::Interrupted && ctx) ctx->interrupt = 0;
    record->code = code;
    record->firstFrameExact = false;
    auto fp = uintptr_t(__builtin_frame_address(0));
    const WalkResult walked =
        walkFramePointers(fp, fp, record->entryFrame, record->frames, detail::kMaxTrapFrames);
    record->frameCount = walked.kept;
    record->framesOmitted = walked.omitted;
    siglongjmp(record->jump, 1);
}

bool insideGuardedCall() {
    return detail::tCurrentCall != nullptr;
}

uintptr_t threadStackLimit() {
    return detail::prepareThread().limit;
}

void prepareThreadForGuardedCalls() {
    detail::prepareThread();
}

}  // namespace faaslet::runtime
