#pragma once
// The revision of the code the compiler produces, part of every cache key. Bump it whenever a
// change to lowering, optimisation or code generation changes the code produced for some module,
// so that entries compiled by the previous code are not taken for the new one's. Plain C++ with
// no LLVM, so the faaslet command can include it.

#include <cstdint>

namespace faaslet::compiler {

inline constexpr uint32_t kCodeRevision = 1;

}  // namespace faaslet::compiler
