// The "import" fixture: a module that imports two functions and calls through a table.
// types: t0 (i32)->(i32)  t1 (i32,i32)->(i32)  t2 ()->()  t3 ()->(i32)  t4 (i32)->(i32,i64)
// imports: 0 env.host t0, 1 env.pair t4 (further table/memory/global imports may follow: the code
// only uses table 0 and global 0)
// functions (index: name type):
//   2 call_host t0       3 call_indirect t1 (table 0, expects t0)   4 twice t0
//   5 get_global0 t3     6 call_pair t0                             7 fail t0 (traps Unreachable)
#include "fixture.h"

namespace {
struct Pair {  // a function with several results returns them as a struct of the result types
    int32_t a;
    int64_t b;
};
using F_i_i = int32_t (*)(Ctx*, int32_t);
using F_ii_i = int32_t (*)(Ctx*, int32_t, int32_t);
using F_v_v = void (*)(Ctx*);
using F_v_i = int32_t (*)(Ctx*);
using F_i_pair = Pair (*)(Ctx*, int32_t);
}  // namespace

FIXTURE_EXPORT int32_t faaslet_func_2(Ctx* ctx, int32_t x) {
    FIXTURE_STACK_CHECK(ctx);
    const faaslet::abi::FuncRef& f = ctx->functions[0];
    return fn<F_i_i>(f.code)(f.ctx, x);
}

FIXTURE_EXPORT int32_t faaslet_func_3(Ctx* ctx, int32_t index, int32_t x) {
    FIXTURE_STACK_CHECK(ctx);
    faaslet::abi::Table* table = ctx->tables[0];
    if (uint32_t(index) >= table->size) FIXTURE_TRAP(ctx, TrapCode::UndefinedElement);
    auto* ref = static_cast<const faaslet::abi::FuncRef*>(table->elements[uint32_t(index)]);
    if (!ref) FIXTURE_TRAP(ctx, TrapCode::UninitializedElement);
    if (ref->typeId != ctx->typeIds[0]) FIXTURE_TRAP(ctx, TrapCode::IndirectCallTypeMismatch);
    return fn<F_i_i>(ref->code)(ref->ctx, x);
}

FIXTURE_EXPORT int32_t faaslet_func_4(Ctx*, int32_t x) {
    return x * 2;
}
FIXTURE_EXPORT int32_t faaslet_func_5(Ctx* ctx) {
    return int32_t(ctx->globals[0]->i32);
}

FIXTURE_EXPORT int32_t faaslet_func_6(Ctx* ctx, int32_t x) {
    FIXTURE_STACK_CHECK(ctx);
    const faaslet::abi::FuncRef& f = ctx->functions[1];
    Pair p = fn<F_i_pair>(f.code)(f.ctx, x);
    return p.a + int32_t(p.b);
}

FIXTURE_EXPORT int32_t faaslet_func_7(Ctx* ctx, int32_t) {
    FIXTURE_TRAP(ctx, TrapCode::Unreachable);
}

FIXTURE_EXPORT void faaslet_thunk_0(const void* code, Ctx* ctx, const Value* args, Value* results) {
    results[0].i32 = uint32_t(fn<F_i_i>(code)(ctx, int32_t(args[0].i32)));
}
FIXTURE_EXPORT void faaslet_thunk_1(const void* code, Ctx* ctx, const Value* args, Value* results) {
    results[0].i32 = uint32_t(fn<F_ii_i>(code)(ctx, int32_t(args[0].i32), int32_t(args[1].i32)));
}
FIXTURE_EXPORT void faaslet_thunk_2(const void* code, Ctx* ctx, const Value*, Value*) {
    fn<F_v_v>(code)(ctx);
}
FIXTURE_EXPORT void faaslet_thunk_3(const void* code, Ctx* ctx, const Value*, Value* results) {
    results[0].i32 = uint32_t(fn<F_v_i>(code)(ctx));
}
FIXTURE_EXPORT void faaslet_thunk_4(const void* code, Ctx* ctx, const Value* args, Value* results) {
    Pair p = fn<F_i_pair>(code)(ctx, int32_t(args[0].i32));
    results[0].i32 = uint32_t(p.a);
    results[1].i64 = uint64_t(p.b);
}

FIXTURE_EXPORT const void* const faaslet_function_table[6] = {
    reinterpret_cast<const void*>(faaslet_func_2), reinterpret_cast<const void*>(faaslet_func_3),
    reinterpret_cast<const void*>(faaslet_func_4), reinterpret_cast<const void*>(faaslet_func_5),
    reinterpret_cast<const void*>(faaslet_func_6), reinterpret_cast<const void*>(faaslet_func_7),
};
FIXTURE_EXPORT const faaslet::abi::Thunk faaslet_thunk_table[5] = {
    faaslet_thunk_0, faaslet_thunk_1, faaslet_thunk_2, faaslet_thunk_3, faaslet_thunk_4,
};
FIXTURE_ABI_VERSION(faaslet::abi::kAbiVersion);
