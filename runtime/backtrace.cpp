#include "runtime/backtrace.h"

#include <algorithm>

#include "runtime/address_ranges.h"
#include "runtime/loaded_module.h"

namespace faaslet::runtime {

namespace {

bool inCompiledCode(uintptr_t address) {
    return compiledCodeRanges().find(address) != nullptr;
}

// Whether `address` lies in a function of a loaded module (not in one of its entry thunks): what
// symbolize() keeps. A binary search of the module's immutable start table: signal-safe.
bool inCompiledFunction(uintptr_t address) {
    auto* module = static_cast<const LoadedModule*>(compiledCodeRanges().find(address));
    return module && module->functionAt(address);
}

// Whether one of the x86-64 call encodings compiled code uses ends at `address`: call rel32 (E8),
// call through a register or memory operand (FF /2, with 0, 1 or 4 bytes of displacement or a SIB
// byte; an optional REX prefix comes before the FF and does not matter).
bool followsCall(uintptr_t address) {
    if (!inCompiledCode(address - 8)) return false;
    const auto* p = reinterpret_cast<const uint8_t*>(address);
    auto callModrm = [](uint8_t modrm) { return ((modrm >> 3) & 7) == 2; };
    if (p[-5] == 0xe8) return true;
    for (int length : {2, 3, 4, 6, 7}) {
        if (p[-length] == 0xff && callModrm(p[-length + 1])) return true;
    }
    return false;
}

// How far below a compiled frame's frame pointer the return address of its call into foreign code
// is searched for: its spill slots and outgoing arguments.
constexpr size_t kCallerSearchWords = 256;

// Follows the frame-pointer chain from `fp` until it leaves [stackLow, stopAt) or stops growing
// towards the entry. From host code, a foreign frame between compiled ones hides its compiled
// caller's pc, which `recoverCompiledCallers` finds again.
WalkResult walk(uintptr_t fp, uintptr_t stackLow, uintptr_t stopAt, uintptr_t* out, size_t capacity,
                bool recoverCompiledCallers) {
    WalkResult result;
    auto record = [&](uintptr_t returnAddress) {
        if (result.kept < capacity)
            out[result.kept++] = returnAddress;
        else if (inCompiledFunction(returnAddress - 1))
            ++result.omitted;
    };
    while (true) {
        if (fp % sizeof(uintptr_t) != 0 || fp < stackLow || fp + 2 * sizeof(uintptr_t) > stopAt) break;
        const auto* frame = reinterpret_cast<const uintptr_t*>(fp);
        uintptr_t next = frame[0];
        uintptr_t returnAddress = frame[1];
        if (returnAddress == 0) break;
        record(returnAddress);
        if (next <= fp) break;  // frames grow towards the entry; anything else is a broken chain
        const bool nextIsLive = next % sizeof(uintptr_t) == 0 && next + 2 * sizeof(uintptr_t) <= stopAt;
        if (recoverCompiledCallers && nextIsLive && !inCompiledCode(returnAddress - 1) &&
            inCompiledCode(reinterpret_cast<const uintptr_t*>(next)[1] - 1)) {
            // Foreign code returning into a compiled frame: recover the compiled caller's pc.
            const uintptr_t lowest =
                std::max(fp + 2 * sizeof(uintptr_t), next - kCallerSearchWords * sizeof(uintptr_t));
            for (uintptr_t slot = next - sizeof(uintptr_t); slot >= lowest; slot -= sizeof(uintptr_t)) {
                uintptr_t candidate = *reinterpret_cast<const uintptr_t*>(slot);
                if (inCompiledCode(candidate - 1) && followsCall(candidate)) {
                    record(candidate);
                    break;
                }
            }
        }
        fp = next;
    }
    return result;
}

}  // namespace

WalkResult walkFramePointers(uintptr_t fp, uintptr_t stackLow, uintptr_t stopAt, uintptr_t* out,
                             size_t capacity) {
    return walk(fp, stackLow, stopAt, out, capacity, false);
}

WalkResult walkFramePointersFromHost(uintptr_t fp, uintptr_t stackLow, uintptr_t stopAt, uintptr_t* out,
                                     size_t capacity) {
    return walk(fp, stackLow, stopAt, out, capacity, true);
}

std::vector<TrapFrame> symbolize(std::span<const uintptr_t> pcs, bool firstIsExact) {
    std::vector<TrapFrame> frames;
    for (size_t i = 0; i < pcs.size(); ++i) {
        uintptr_t lookup = (i == 0 && firstIsExact) ? pcs[i] : pcs[i] - 1;
        auto* module = static_cast<const LoadedModule*>(compiledCodeRanges().find(lookup));
        if (!module) continue;
        auto location = module->functionAt(lookup);
        if (!location) continue;
        TrapFrame frame;
        frame.pc = pcs[i];
        frame.function = location->function;
        frame.name = std::string(module->functionName(location->function));
        frame.offset = pcs[i] - location->start;
        frame.module = module->moduleName();
        frames.push_back(std::move(frame));
    }
    return frames;
}

}  // namespace faaslet::runtime
