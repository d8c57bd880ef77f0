#pragma once
// The `spectest` host module the suite's scripts import from: print functions, the globals
// global_i32/i64/f32/f64 (666 and 666.6), a funcref table of 10..20 and a memory of 1..2 pages.

#include "runtime/linker.h"
#include "runtime/store.h"

namespace faaslet::spectest {

// Creates the module's objects in `store` and defines them in `linker` under "spectest". Throws
// std::runtime_error if the runtime refuses one (it never should).
void defineSpectestModule(runtime::Store& store, runtime::Linker& linker);

}  // namespace faaslet::spectest
