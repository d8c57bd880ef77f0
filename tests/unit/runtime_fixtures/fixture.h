#pragma once
// Helpers for hand-written compiled-module fixtures: what the compiler will emit, written in C++
// against abi/abi.h. Every function takes the InstanceContext first; loads and stores are
// memoryBase + zext(index) + offset with no bounds check; traps go through ctx->runtime->trap.

#include <cstdint>

#include "abi/abi.h"

#define FIXTURE_EXPORT extern "C" __attribute__((visibility("default")))

using Ctx = faaslet::abi::InstanceContext;
using Value = faaslet::abi::Value;
using faaslet::abi::TrapCode;

// A trap: RuntimeFunctions::trap never returns (compiled code marks the call noreturn).
#define FIXTURE_TRAP(ctx, code)              \
    do {                                     \
        (ctx)->runtime->trap((ctx), (code)); \
        __builtin_unreachable();             \
    } while (0)

// The stack check compiled code makes at function entry.
#define FIXTURE_STACK_CHECK(ctx)                                                         \
    do {                                                                                 \
        if (reinterpret_cast<uintptr_t>(__builtin_frame_address(0)) < (ctx)->stackLimit) \
            FIXTURE_TRAP((ctx), TrapCode::CallStackExhausted);                           \
    } while (0)

#define FIXTURE_ABI_VERSION(v) FIXTURE_EXPORT const uint32_t faaslet_abi_version = (v)

// A code pointer from the ABI's `const void*` as a callable function pointer.
template <class F>
F fn(const void* code) {
    return reinterpret_cast<F>(const_cast<void*>(code));
}
