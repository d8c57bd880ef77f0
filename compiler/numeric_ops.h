#pragma once
// Lowering of WebAssembly's scalar numeric instructions (the non-SIMD rows of opcodes.def with no
// immediate and a fixed signature: comparisons, integer and float arithmetic, conversions) to
// LLVM IR with the exact semantics the spec requires:
// - integer division and the trapping float-to-int truncations check their trap conditions
//   through the TrapEmitter *before* the LLVM instruction that would be UB or poison on them;
//   i32/i64.rem_s of INT_MIN by -1 is 0 and never traps;
// - shift counts are taken modulo the bit width;
// - floating point is strict IEEE with the default rounding mode: no fast-math flags are ever
//   set (the builder's default flags are ignored), abs/neg/copysign touch only the sign bit, so
//   NaN payloads survive them, and every NaN an instruction produces is canonical or arithmetic
//   as the spec allows;
// - min/max propagate NaN and order -0 below +0.
// Target note: ceil/floor/trunc/nearest use llvm.ceil/floor/trunc/roundeven, which x86-64 lowers
// to roundss/roundsd only with SSE4.1 (x86-64-v2 and later); for a baseline x86-64 target LLVM
// emits calls to libm (ceilf, roundevenf, ...) instead.

#include <span>

#include "abi/abi.h"
#include "wasm/module/opcode.h"
#include "llvm/IR/IRBuilder.h"

namespace faaslet::compiler {

class TrapEmitter {
public:
    virtual ~TrapEmitter() = default;
    // Emits "if (condition) trap(code)" at the builder's insertion point and leaves the builder in
    // the block where execution continues when the condition is false. Code emitted after the
    // call relies on the trap path not falling through.
    virtual void trapIf(llvm::Value* condition, abi::TrapCode code) = 0;
};

// Emits the non-SIMD numeric instruction `op`, whose operands are given in order (first pushed
// first). Returns the result, or nullptr if `op` is not a numeric op (then nothing is emitted).
// The builder may be left in a different block than it started in (after a trap check).
llvm::Value* emitNumericOp(llvm::IRBuilder<>& builder, wasm::Opcode op,
                           std::span<llvm::Value* const> operands, TrapEmitter& traps);

}  // namespace faaslet::compiler
