#pragma once
// Lowering of WebAssembly's 128-bit SIMD instructions to LLVM vector IR, by family:
// simd_lane_ops.cpp (constants, shuffles, splats, lanes, bitwise operations, lane tests),
// simd_arith_ops.cpp (integer and float arithmetic, comparisons, shifts), simd_convert_ops.cpp
// (widening, narrowing, int <-> float, f32 <-> f64) and simd_memory_ops.cpp (loads and stores,
// which need the function's memory base). The rules numeric_ops.h states for scalars hold lane by
// lane: no LLVM operation is reached on an input where it is poison or undefined (shift counts
// are masked, float-to-int conversions clamp first), floating point is strict IEEE, and every
// NaN produced is canonical or arithmetic as the spec allows.
//
// A v128 is one LLVM type everywhere a value is kept (operand stack, locals, globals,
// signatures, phis): <2 x i64>. Each instruction views it as the lanes it works on through a
// bitcast, which costs nothing.

#include <span>

#include "wasm/module/instruction.h"
#include "llvm/IR/IRBuilder.h"

namespace faaslet::compiler {

using SimdBuilder = llvm::IRBuilder<>;

// What the lowering may assume of the host beyond x86-64's SSE2 (the code is compiled for the
// host CPU, see target.h).
struct SimdTarget {
    bool ssse3 = false;  // pshufb, pmulhrsw, pmaddubsw
    bool sse41 = false;  // packusdw
};

// The lane shapes of the v128 interpretations.
enum class Shape : uint8_t { I8x16, I16x8, I32x4, I64x2, F32x4, F64x2 };

llvm::FixedVectorType* v128Type(llvm::LLVMContext& llvm);
llvm::FixedVectorType* shapeType(llvm::LLVMContext& llvm, Shape shape);
// `v` (a v128) viewed as lanes of `shape`, and any 128-bit vector viewed as a v128 again.
llvm::Value* asLanes(SimdBuilder& b, llvm::Value* v, Shape shape);
llvm::Value* asV128(SimdBuilder& b, llvm::Value* v);

// Emits the SIMD instruction `ins` other than a load or store, with its operands in order (first
// pushed first), and returns its result: a v128, or an i32/i64/f32/f64 for lane extraction and
// the lane tests. Never leaves the current block.
llvm::Value* emitSimdOp(SimdBuilder& b, const wasm::Instruction& ins, std::span<llvm::Value* const> operands,
                        const SimdTarget& target);

// The families emitSimdOp() dispatches to; each returns nullptr for an instruction not its own.
llvm::Value* emitSimdLaneOp(SimdBuilder& b, const wasm::Instruction& ins,
                            std::span<llvm::Value* const> operands, const SimdTarget& target);
llvm::Value* emitSimdArithOp(SimdBuilder& b, wasm::Opcode op, std::span<llvm::Value* const> operands,
                             const SimdTarget& target);
llvm::Value* emitSimdConvertOp(SimdBuilder& b, wasm::Opcode op, std::span<llvm::Value* const> operands,
                               const SimdTarget& target);

}  // namespace faaslet::compiler
