// The "memory" fixture: a module without imports and with one memory.
// types: t0 (i32)->(i32)  t1 (i32,i32)->()  t2 ()->()  t3 ()->(i32)  t4 (i32,i32)->(i32)
//        t5 (i32)->()     t6 (i32,i32,i32)->()
// functions (index: name type):
//   0 load32 t0        1 load32_far t0 (offset 0xfffffff0)   2 load32_max t0 (offset 0xffffffff)
//   3 store32 t1       4 raise t5                            5 recurse t0
//   6 spin t2          7 grow t0                             8 size t3
//   9 div t4          10 unreachable t2                     11 fac_trap t0
//  12 deep_oob t0     13 fill t6                            14 start t2 (stores 42 at address 4)
#include "fixture.h"

namespace {
inline volatile uint32_t* at(Ctx* ctx, uint32_t index, uint64_t offset) {
    return reinterpret_cast<volatile uint32_t*>(ctx->memoryBase + uint64_t(index) + offset);
}
}  // namespace

FIXTURE_EXPORT int32_t faaslet_func_0(Ctx* ctx, int32_t addr) {
    return int32_t(*at(ctx, uint32_t(addr), 0));
}
FIXTURE_EXPORT int32_t faaslet_func_1(Ctx* ctx, int32_t addr) {
    return int32_t(*at(ctx, uint32_t(addr), 0xfffffff0u));
}
FIXTURE_EXPORT int32_t faaslet_func_2(Ctx* ctx, int32_t addr) {
    return int32_t(*at(ctx, uint32_t(addr), 0xffffffffu));
}
FIXTURE_EXPORT void faaslet_func_3(Ctx* ctx, int32_t addr, int32_t value) {
    *at(ctx, uint32_t(addr), 0) = uint32_t(value);
}
FIXTURE_EXPORT void faaslet_func_4(Ctx* ctx, int32_t code) {
    FIXTURE_TRAP(ctx, TrapCode(code));
}

FIXTURE_EXPORT int32_t faaslet_func_5(Ctx* ctx, int32_t depth) {
    FIXTURE_STACK_CHECK(ctx);
    volatile int32_t keep = depth;  // a use after the call: no tail call, one frame per level
    return faaslet_func_5(ctx, depth + 1) + keep;
}

FIXTURE_EXPORT void faaslet_func_6(Ctx* ctx) {
    *reinterpret_cast<volatile uint8_t*>(ctx->memoryBase) = 1;  // tells the test the loop runs
    for (;;) {
        if (ctx->interrupt) FIXTURE_TRAP(ctx, TrapCode::Interrupted);
    }
}

FIXTURE_EXPORT int32_t faaslet_func_7(Ctx* ctx, int32_t delta) {
    return int32_t(ctx->runtime->memoryGrow(ctx, 0, uint32_t(delta)));
}
FIXTURE_EXPORT int32_t faaslet_func_8(Ctx* ctx) {
    return int32_t(ctx->memory->size / 65536);
}
FIXTURE_EXPORT int32_t faaslet_func_9(Ctx*, int32_t a, int32_t b) {
    return a / b;
}  // idiv: #DE on 0
FIXTURE_EXPORT void faaslet_func_10(Ctx*) {
    __builtin_trap();
}  // ud2

FIXTURE_EXPORT int32_t faaslet_func_11(Ctx* ctx, int32_t n) {
    FIXTURE_STACK_CHECK(ctx);
    if (n == 0) FIXTURE_TRAP(ctx, TrapCode::Unreachable);
    volatile int32_t keep = n;
    return faaslet_func_11(ctx, n - 1) * keep;
}

FIXTURE_EXPORT int32_t faaslet_func_12(Ctx* ctx, int32_t n) {
    FIXTURE_STACK_CHECK(ctx);
    if (n == 0) return int32_t(*at(ctx, 0xfffffff0u, 0));
    volatile int32_t keep = n;
    return faaslet_func_12(ctx, n - 1) + keep;
}

FIXTURE_EXPORT void faaslet_func_13(Ctx* ctx, int32_t dst, int32_t value, int32_t length) {
    ctx->runtime->memoryFill(ctx, 0, uint32_t(dst), uint32_t(value), uint32_t(length));
}
FIXTURE_EXPORT void faaslet_func_14(Ctx* ctx) {
    *at(ctx, 4, 0) = 42;
}

using F_i_i = int32_t (*)(Ctx*, int32_t);
using F_ii_v = void (*)(Ctx*, int32_t, int32_t);
using F_v_v = void (*)(Ctx*);
using F_v_i = int32_t (*)(Ctx*);
using F_ii_i = int32_t (*)(Ctx*, int32_t, int32_t);
using F_i_v = void (*)(Ctx*, int32_t);
using F_iii_v = void (*)(Ctx*, int32_t, int32_t, int32_t);

FIXTURE_EXPORT void faaslet_thunk_0(const void* code, Ctx* ctx, const Value* args, Value* results) {
    results[0].i32 = uint32_t(fn<F_i_i>(code)(ctx, int32_t(args[0].i32)));
}
FIXTURE_EXPORT void faaslet_thunk_1(const void* code, Ctx* ctx, const Value* args, Value*) {
    fn<F_ii_v>(code)(ctx, int32_t(args[0].i32), int32_t(args[1].i32));
}
FIXTURE_EXPORT void faaslet_thunk_2(const void* code, Ctx* ctx, const Value*, Value*) {
    fn<F_v_v>(code)(ctx);
}
FIXTURE_EXPORT void faaslet_thunk_3(const void* code, Ctx* ctx, const Value*, Value* results) {
    results[0].i32 = uint32_t(fn<F_v_i>(code)(ctx));
}
FIXTURE_EXPORT void faaslet_thunk_4(const void* code, Ctx* ctx, const Value* args, Value* results) {
    results[0].i32 = uint32_t(fn<F_ii_i>(code)(ctx, int32_t(args[0].i32), int32_t(args[1].i32)));
}
FIXTURE_EXPORT void faaslet_thunk_5(const void* code, Ctx* ctx, const Value* args, Value*) {
    fn<F_i_v>(code)(ctx, int32_t(args[0].i32));
}
FIXTURE_EXPORT void faaslet_thunk_6(const void* code, Ctx* ctx, const Value* args, Value*) {
    fn<F_iii_v>(code)(ctx, int32_t(args[0].i32), int32_t(args[1].i32), int32_t(args[2].i32));
}

FIXTURE_EXPORT const void* const faaslet_function_table[15] = {
    reinterpret_cast<const void*>(faaslet_func_0),  reinterpret_cast<const void*>(faaslet_func_1),
    reinterpret_cast<const void*>(faaslet_func_2),  reinterpret_cast<const void*>(faaslet_func_3),
    reinterpret_cast<const void*>(faaslet_func_4),  reinterpret_cast<const void*>(faaslet_func_5),
    reinterpret_cast<const void*>(faaslet_func_6),  reinterpret_cast<const void*>(faaslet_func_7),
    reinterpret_cast<const void*>(faaslet_func_8),  reinterpret_cast<const void*>(faaslet_func_9),
    reinterpret_cast<const void*>(faaslet_func_10), reinterpret_cast<const void*>(faaslet_func_11),
    reinterpret_cast<const void*>(faaslet_func_12), reinterpret_cast<const void*>(faaslet_func_13),
    reinterpret_cast<const void*>(faaslet_func_14),
};
FIXTURE_EXPORT const faaslet::abi::Thunk faaslet_thunk_table[7] = {
    faaslet_thunk_0, faaslet_thunk_1, faaslet_thunk_2, faaslet_thunk_3,
    faaslet_thunk_4, faaslet_thunk_5, faaslet_thunk_6,
};
FIXTURE_ABI_VERSION(faaslet::abi::kAbiVersion);
