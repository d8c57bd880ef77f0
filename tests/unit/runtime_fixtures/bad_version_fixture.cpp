// A faaslet object compiled for another ABI version (one type ()->(), one function).
#include "fixture.h"

FIXTURE_EXPORT void faaslet_func_0(Ctx*) {}
FIXTURE_EXPORT void faaslet_thunk_0(const void* code, Ctx* ctx, const Value*, Value*) {
    fn<void (*)(Ctx*)>(code)(ctx);
}
FIXTURE_EXPORT const void* const faaslet_function_table[1] = {reinterpret_cast<const void*>(faaslet_func_0)};
FIXTURE_EXPORT const faaslet::abi::Thunk faaslet_thunk_table[1] = {faaslet_thunk_0};
FIXTURE_ABI_VERSION(faaslet::abi::kAbiVersion + 998);
