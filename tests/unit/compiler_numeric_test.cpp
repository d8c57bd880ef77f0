// The lowering of WebAssembly's numeric instructions (compiler/numeric_ops.h), checked by
// running it: every case below is compiled into its own function, JIT-compiled with ORC and
// called, once per mode: the IR as emitted, after the O2 pipeline, after O2 for a baseline x86-64
// CPU (no SSE4.1, no AVX: the other lowering of rounding and min/max), and with the operands as
// constants (so LLVM's constant folder, not the backend, computes the result).

#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>
#include <set>
#include <string>
#include <vector>

#include "compiler/numeric_ops.h"
#include "fmt/format.h"
#include "tests/unit/llvm_o2.h"
#include "llvm/ExecutionEngine/Orc/LLJIT.h"
#include "llvm/ExecutionEngine/Orc/ThreadSafeModule.h"
#include "llvm/IR/Module.h"
#include "llvm/IR/Verifier.h"
#include "llvm/Support/TargetSelect.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/TargetParser/SubtargetFeature.h"

namespace faaslet::compiler {
namespace {

using wasm::Opcode;
using wasm::OperandType;
using O = Opcode;
using T = abi::TrapCode;

// ---- values as bits ---------------------------------------------------------------------------

uint64_t i32(int64_t v) {
    return uint32_t(v);
}
uint64_t i64(int64_t v) {
    return uint64_t(v);
}
uint64_t u64(uint64_t v) {
    return v;
}
uint64_t f32(float v) {
    return std::bit_cast<uint32_t>(v);
}
uint64_t f64(double v) {
    return std::bit_cast<uint64_t>(v);
}
uint64_t f32Next(float from, float toward) {
    return f32(std::nextafter(from, toward));
}
uint64_t f64Next(double from, double toward) {
    return f64(std::nextafter(from, toward));
}

constexpr int32_t kI32Min = std::numeric_limits<int32_t>::min();
constexpr int32_t kI32Max = std::numeric_limits<int32_t>::max();
constexpr int64_t kI64Min = std::numeric_limits<int64_t>::min();
constexpr int64_t kI64Max = std::numeric_limits<int64_t>::max();
constexpr float kInfF = std::numeric_limits<float>::infinity();
constexpr double kInf = std::numeric_limits<double>::infinity();
const double k2p31 = std::ldexp(1.0, 31), k2p32 = std::ldexp(1.0, 32);
const double k2p63 = std::ldexp(1.0, 63), k2p64 = std::ldexp(1.0, 64);

// NaNs: canonical (only the quiet bit), quiet with a payload (arithmetic, not canonical), signaling.
constexpr uint64_t kF32Nan = 0x7fc00000, kF32NegNan = 0xffc00000, kF32NanPayload = 0x7fc12345;
constexpr uint64_t kF32SNan = 0x7fa00000, kF32NegSNan = 0xffa00000;
constexpr uint64_t kF64Nan = 0x7ff8000000000000, kF64NegNan = 0xfff8000000000000;
constexpr uint64_t kF64NanPayload = 0x7ff8000000012345, kF64SNan = 0x7ff4000000000000;
constexpr uint64_t kF64SNanLow = 0x7ff0000000000001;  // payload only in bits a demotion drops

// ---- the case table ---------------------------------------------------------------------------

enum class Kind { Bits, CanonicalNan, ArithmeticNan, Trap };
struct Expect {
    Kind kind;
    uint64_t bits = 0;
    T trap = T::None;
};
Expect is(uint64_t bits) {
    return {Kind::Bits, bits};
}
const Expect kCanonicalNan{Kind::CanonicalNan};    // any sign
const Expect kArithmeticNan{Kind::ArithmeticNan};  // any sign, quiet bit set
Expect trap(T code) {
    return {Kind::Trap, 0, code};
}

struct Case {
    Opcode op;
    std::vector<uint64_t> args;
    Expect expect;
};

// One row per case; results of i32/f32 type are compared on their low 32 bits.
std::vector<Case> makeCases() {
    const T div0 = T::IntegerDivideByZero, ovf = T::IntegerOverflow, inv = T::InvalidConversionToInteger;
    // Rows are grouped by what they check, not by line length.
    // clang-format off
    return {
        // Integer comparisons.
        {O::I32Eqz, {i32(0)}, is(1)}, {O::I32Eqz, {i32(1)}, is(0)}, {O::I32Eqz, {i32(kI32Min)}, is(0)},
        {O::I64Eqz, {i64(0)}, is(1)}, {O::I64Eqz, {i64(1) << 32}, is(0)},
        {O::I32Eq, {i32(5), i32(5)}, is(1)}, {O::I32Eq, {i32(5), i32(-5)}, is(0)},
        {O::I64Eq, {i64(-1), i64(-1)}, is(1)}, {O::I64Eq, {i64(1), i64(1) | (1ull << 32)}, is(0)},
        {O::I32Ne, {i32(1), i32(2)}, is(1)}, {O::I32Ne, {i32(2), i32(2)}, is(0)},
        {O::I64Ne, {i64(1), i64(2)}, is(1)}, {O::I64Ne, {i64(2), i64(2)}, is(0)},
        {O::I32LtS, {i32(-1), i32(0)}, is(1)}, {O::I32LtU, {i32(-1), i32(0)}, is(0)},
        {O::I32GtS, {i32(-1), i32(0)}, is(0)}, {O::I32GtU, {i32(-1), i32(0)}, is(1)},
        {O::I32LeS, {i32(5), i32(5)}, is(1)}, {O::I32LeU, {i32(kI32Min), i32(1)}, is(0)},
        {O::I32GeS, {i32(kI32Min), i32(kI32Max)}, is(0)}, {O::I32GeU, {i32(kI32Min), i32(kI32Max)}, is(1)},
        {O::I64LtS, {i64(-1), i64(0)}, is(1)}, {O::I64LtU, {i64(-1), i64(0)}, is(0)},
        {O::I64GtS, {i64(kI64Min), i64(kI64Max)}, is(0)}, {O::I64GtU, {i64(kI64Min), i64(kI64Max)}, is(1)},
        {O::I64LeS, {i64(-7), i64(-7)}, is(1)}, {O::I64LeU, {i64(-1), i64(1)}, is(0)},
        {O::I64GeS, {i64(0), i64(-1)}, is(1)}, {O::I64GeU, {i64(0), i64(-1)}, is(0)},

        // Bit counts: clz/ctz of 0 are the width.
        {O::I32Clz, {i32(0)}, is(32)}, {O::I32Clz, {i32(1)}, is(31)}, {O::I32Clz, {i32(kI32Min)}, is(0)},
        {O::I32Clz, {i32(0x8000)}, is(16)},
        {O::I64Clz, {i64(0)}, is(64)}, {O::I64Clz, {i64(1)}, is(63)}, {O::I64Clz, {i64(kI64Min)}, is(0)},
        {O::I32Ctz, {i32(0)}, is(32)}, {O::I32Ctz, {i32(kI32Min)}, is(31)},
        {O::I32Ctz, {i32(0x10000)}, is(16)},
        {O::I64Ctz, {i64(0)}, is(64)}, {O::I64Ctz, {i64(kI64Min)}, is(63)}, {O::I64Ctz, {i64(1)}, is(0)},
        {O::I32Popcnt, {i32(0)}, is(0)}, {O::I32Popcnt, {i32(-1)}, is(32)},
        {O::I32Popcnt, {i32(0xaaaaaaaa)}, is(16)},
        {O::I64Popcnt, {i64(-1)}, is(64)}, {O::I64Popcnt, {u64(0x8000000000000001)}, is(2)},

        // Wrapping arithmetic.
        {O::I32Add, {i32(kI32Max), i32(1)}, is(i32(kI32Min))}, {O::I32Add, {i32(-1), i32(-1)}, is(i32(-2))},
        {O::I64Add, {i64(kI64Max), i64(1)}, is(i64(kI64Min))},
        {O::I32Sub, {i32(kI32Min), i32(1)}, is(i32(kI32Max))}, {O::I64Sub, {i64(0), i64(1)}, is(i64(-1))},
        {O::I32Mul, {i32(0x10000), i32(0x10000)}, is(0)},
        {O::I32Mul, {i32(kI32Min), i32(-1)}, is(i32(kI32Min))},
        {O::I32Mul, {i32(0x12345678), i32(0x9abcdef0)}, is(i32(0x242d2080))},
        {O::I64Mul, {i64(kI64Min), i64(-1)}, is(i64(kI64Min))},
        {O::I64Mul, {u64(0x0123456789abcdef), u64(0xfedcba9876543210)}, is(u64(0x2236d88fe5618cf0))},

        // Division: traps before the UB cases, INT_MIN rem_s -1 = 0.
        {O::I32DivS, {i32(7), i32(2)}, is(3)}, {O::I32DivS, {i32(-7), i32(2)}, is(i32(-3))},
        {O::I32DivS, {i32(7), i32(-2)}, is(i32(-3))}, {O::I32DivS, {i32(kI32Min), i32(1)}, is(i32(kI32Min))},
        {O::I32DivS, {i32(kI32Min), i32(-2)}, is(i32(0x40000000))},
        {O::I32DivS, {i32(kI32Min), i32(-1)}, trap(ovf)}, {O::I32DivS, {i32(1), i32(0)}, trap(div0)},
        {O::I32DivS, {i32(0), i32(0)}, trap(div0)}, {O::I32DivS, {i32(kI32Min), i32(0)}, trap(div0)},
        {O::I64DivS, {i64(kI64Min), i64(-1)}, trap(ovf)}, {O::I64DivS, {i64(1), i64(0)}, trap(div0)},
        {O::I64DivS, {i64(kI64Min), i64(2)}, is(i64(kI64Min / 2))},
        {O::I64DivS, {i64(-7), i64(2)}, is(i64(-3))},
        {O::I64DivS, {i64(-1), i64(-1)}, is(1)},
        {O::I32DivU, {i32(-1), i32(2)}, is(i32(kI32Max))}, {O::I32DivU, {i32(kI32Min), i32(-1)}, is(0)},
        {O::I32DivU, {i32(7), i32(3)}, is(2)}, {O::I32DivU, {i32(1), i32(0)}, trap(div0)},
        {O::I64DivU, {i64(-1), i64(2)}, is(i64(kI64Max))}, {O::I64DivU, {i64(kI64Min), i64(-1)}, is(0)},
        {O::I64DivU, {i64(1), i64(0)}, trap(div0)},
        {O::I32RemS, {i32(kI32Min), i32(-1)}, is(0)}, {O::I32RemS, {i32(7), i32(-1)}, is(0)},
        {O::I32RemS, {i32(-1), i32(-1)}, is(0)}, {O::I32RemS, {i32(-7), i32(2)}, is(i32(-1))},
        {O::I32RemS, {i32(7), i32(-2)}, is(1)}, {O::I32RemS, {i32(kI32Min), i32(3)}, is(i32(-2))},
        {O::I32RemS, {i32(5), i32(0)}, trap(div0)}, {O::I32RemS, {i32(kI32Min), i32(0)}, trap(div0)},
        {O::I64RemS, {i64(kI64Min), i64(-1)}, is(0)}, {O::I64RemS, {i64(-7), i64(2)}, is(i64(-1))},
        {O::I64RemS, {i64(kI64Min), i64(3)}, is(i64(-2))}, {O::I64RemS, {i64(5), i64(0)}, trap(div0)},
        {O::I32RemU, {i32(-1), i32(2)}, is(1)}, {O::I32RemU, {i32(kI32Min), i32(-1)}, is(i32(kI32Min))},
        {O::I32RemU, {i32(5), i32(0)}, trap(div0)},
        {O::I64RemU, {i64(-1), i64(2)}, is(1)}, {O::I64RemU, {i64(kI64Min), i64(-1)}, is(i64(kI64Min))},
        {O::I64RemU, {i64(5), i64(0)}, trap(div0)},

        // Bitwise.
        {O::I32And, {i32(0xff00ff00), i32(0x0ff00ff0)}, is(0x0f000f00)},
        {O::I64And, {u64(0xff00ff00ff00ff00), u64(0x0ff00ff00ff00ff0)}, is(u64(0x0f000f000f000f00))},
        {O::I32Or, {i32(0xff00ff00), i32(0x0ff00ff0)}, is(0xfff0fff0)},
        {O::I64Or, {u64(0xf000000000000000), u64(1)}, is(u64(0xf000000000000001))},
        {O::I32Xor, {i32(0xff00ff00), i32(0x0ff00ff0)}, is(0xf0f0f0f0)},
        {O::I64Xor, {i64(-1), u64(0x8000000000000000)}, is(i64(kI64Max))},

        // Shifts and rotates: counts modulo the width.
        {O::I32Shl, {i32(1), i32(31)}, is(0x80000000)}, {O::I32Shl, {i32(1), i32(32)}, is(1)},
        {O::I32Shl, {i32(1), i32(33)}, is(2)}, {O::I32Shl, {i32(1), i32(-1)}, is(0x80000000)},
        {O::I64Shl, {i64(1), i64(63)}, is(u64(0x8000000000000000))}, {O::I64Shl, {i64(1), i64(64)}, is(1)},
        {O::I64Shl, {i64(1), i64(65)}, is(2)}, {O::I64Shl, {i64(1), i64(-1)}, is(u64(0x8000000000000000))},
        {O::I32ShrS, {i32(kI32Min), i32(31)}, is(i32(-1))},
        {O::I32ShrS, {i32(kI32Min), i32(32)}, is(i32(kI32Min))},
        {O::I32ShrS, {i32(-1), i32(100)}, is(i32(-1))},
        {O::I32ShrS, {i32(0x40000000), i32(0x41)}, is(0x20000000)},
        {O::I64ShrS, {i64(kI64Min), i64(63)}, is(i64(-1))},
        {O::I64ShrS, {i64(kI64Min), i64(64)}, is(i64(kI64Min))},
        {O::I64ShrS, {i64(kI64Min), i64(65)}, is(u64(0xc000000000000000))},
        {O::I32ShrU, {i32(kI32Min), i32(31)}, is(1)}, {O::I32ShrU, {i32(kI32Min), i32(32)}, is(i32(kI32Min))},
        {O::I32ShrU, {i32(kI32Min), i32(63)}, is(1)},
        {O::I64ShrU, {i64(kI64Min), i64(63)}, is(1)}, {O::I64ShrU, {i64(kI64Min), i64(64)}, is(i64(kI64Min))},
        {O::I64ShrU, {i64(-1), i64(-1)}, is(1)},
        {O::I32Rotl, {i32(0x80000001), i32(1)}, is(3)},
        {O::I32Rotl, {i32(0x12345678), i32(4)}, is(0x23456781)},
        {O::I32Rotl, {i32(0x12345678), i32(36)}, is(0x23456781)},
        {O::I32Rotl, {i32(0x12345678), i32(32)}, is(0x12345678)},
        {O::I32Rotl, {i32(1), i32(-1)}, is(0x80000000)},
        {O::I32Rotr, {i32(0x80000001), i32(1)}, is(0xc0000000)},
        {O::I32Rotr, {i32(0x12345678), i32(4)}, is(0x81234567)},
        {O::I32Rotr, {i32(0x12345678), i32(0x24)}, is(0x81234567)}, {O::I32Rotr, {i32(1), i32(32)}, is(1)},
        {O::I64Rotl, {u64(0x8000000000000001), i64(1)}, is(3)},
        {O::I64Rotl, {u64(0x0123456789abcdef), i64(64 + 8)}, is(u64(0x23456789abcdef01))},
        {O::I64Rotl, {u64(0x0123456789abcdef), i64(64)}, is(u64(0x0123456789abcdef))},
        {O::I64Rotr, {i64(1), i64(1)}, is(u64(0x8000000000000000))}, {O::I64Rotr, {i64(1), i64(-1)}, is(2)},
        {O::I64Rotr, {u64(0x0123456789abcdef), i64(4)}, is(u64(0xf0123456789abcde))},

        // abs/neg/copysign: sign bit only, payload and signaling bit kept.
        {O::F32Abs, {f32(-1.5f)}, is(f32(1.5f))}, {O::F32Abs, {f32(-0.0f)}, is(f32(0.0f))},
        {O::F32Abs, {f32(-kInfF)}, is(f32(kInfF))}, {O::F32Abs, {kF32NegSNan}, is(kF32SNan)},
        {O::F32Abs, {0xffc12345}, is(kF32NanPayload)}, {O::F32Abs, {kF32SNan}, is(kF32SNan)},
        {O::F64Abs, {f64(-2.5)}, is(f64(2.5))}, {O::F64Abs, {f64(-0.0)}, is(f64(0.0))},
        {O::F64Abs, {kF64SNan | (1ull << 63)}, is(kF64SNan)},
        {O::F32Neg, {f32(0.0f)}, is(f32(-0.0f))}, {O::F32Neg, {f32(1.0f)}, is(f32(-1.0f))},
        {O::F32Neg, {kF32SNan}, is(kF32NegSNan)}, {O::F32Neg, {kF32NegNan}, is(kF32Nan)},
        {O::F64Neg, {f64(-0.0)}, is(f64(0.0))},
        {O::F64Neg, {kF64NanPayload}, is(kF64NanPayload | (1ull << 63))},
        {O::F64Neg, {kF64SNan}, is(kF64SNan | (1ull << 63))},
        {O::F32Copysign, {f32(1.0f), f32(-0.0f)}, is(f32(-1.0f))},
        {O::F32Copysign, {f32(1.0f), kF32NegNan}, is(f32(-1.0f))},
        {O::F32Copysign, {f32(-1.0f), kF32Nan}, is(f32(1.0f))},
        {O::F32Copysign, {kF32SNan, f32(-1.0f)}, is(kF32NegSNan)},
        {O::F32Copysign, {f32(-kInfF), f32(0.0f)}, is(f32(kInfF))},
        {O::F64Copysign, {f64(2.0), kF64NegNan}, is(f64(-2.0))},
        {O::F64Copysign, {kF64SNan, f64(-0.0)}, is(kF64SNan | (1ull << 63))},
        {O::F64Copysign, {f64(-3.0), f64(0.0)}, is(f64(3.0))},

        // Rounding to integral values.
        {O::F32Ceil, {f32(1.5f)}, is(f32(2.0f))}, {O::F32Ceil, {f32(-1.5f)}, is(f32(-1.0f))},
        {O::F32Ceil, {f32(-0.5f)}, is(f32(-0.0f))}, {O::F32Ceil, {f32(0.5f)}, is(f32(1.0f))},
        {O::F32Ceil, {f32(8388607.5f)}, is(f32(8388608.0f))}, {O::F32Ceil, {f32(-kInfF)}, is(f32(-kInfF))},
        {O::F32Ceil, {kF32Nan}, kCanonicalNan}, {O::F32Ceil, {kF32SNan}, kArithmeticNan},
        {O::F64Ceil, {f64(-0.5)}, is(f64(-0.0))},
        {O::F64Ceil, {f64(4503599627370495.5)}, is(f64(4503599627370496.0))},
        {O::F64Ceil, {kF64Nan}, kCanonicalNan},
        {O::F32Floor, {f32(-0.5f)}, is(f32(-1.0f))}, {O::F32Floor, {f32(0.5f)}, is(f32(0.0f))},
        {O::F32Floor, {f32(-0.0f)}, is(f32(-0.0f))}, {O::F32Floor, {f32(1.5f)}, is(f32(1.0f))},
        {O::F32Floor, {kF32NanPayload}, kArithmeticNan},
        {O::F64Floor, {f64(-0.5)}, is(f64(-1.0))}, {O::F64Floor, {f64(0.5)}, is(f64(0.0))},
        {O::F64Floor, {kF64SNan}, kArithmeticNan},
        {O::F32Trunc, {f32(-1.9f)}, is(f32(-1.0f))}, {O::F32Trunc, {f32(-0.9f)}, is(f32(-0.0f))},
        {O::F32Trunc, {f32(1.9f)}, is(f32(1.0f))}, {O::F32Trunc, {kF32Nan}, kCanonicalNan},
        {O::F64Trunc, {f64(-0.9)}, is(f64(-0.0))}, {O::F64Trunc, {f64(2.9)}, is(f64(2.0))},
        {O::F64Trunc, {f64(kInf)}, is(f64(kInf))},
        // nearest: ties to even, the sign of zero kept.
        {O::F32Nearest, {f32(0.5f)}, is(f32(0.0f))}, {O::F32Nearest, {f32(1.5f)}, is(f32(2.0f))},
        {O::F32Nearest, {f32(2.5f)}, is(f32(2.0f))}, {O::F32Nearest, {f32(3.5f)}, is(f32(4.0f))},
        {O::F32Nearest, {f32(-0.5f)}, is(f32(-0.0f))}, {O::F32Nearest, {f32(-1.5f)}, is(f32(-2.0f))},
        {O::F32Nearest, {f32(-2.5f)}, is(f32(-2.0f))}, {O::F32Nearest, {f32(-0.4f)}, is(f32(-0.0f))},
        {O::F32Nearest, {f32(8388607.5f)}, is(f32(8388608.0f))},
        {O::F32Nearest, {f32(8388606.5f)}, is(f32(8388606.0f))},
        {O::F32Nearest, {0x3effffff}, is(f32(0.0f))},  // the float just below 0.5
        {O::F32Nearest, {f32(kInfF)}, is(f32(kInfF))}, {O::F32Nearest, {kF32Nan}, kCanonicalNan},
        {O::F32Nearest, {kF32SNan}, kArithmeticNan},
        {O::F64Nearest, {f64(0.5)}, is(f64(0.0))}, {O::F64Nearest, {f64(2.5)}, is(f64(2.0))},
        {O::F64Nearest, {f64(-3.5)}, is(f64(-4.0))}, {O::F64Nearest, {f64(-0.5)}, is(f64(-0.0))},
        {O::F64Nearest, {f64(4503599627370495.5)}, is(f64(4503599627370496.0))},
        {O::F64Nearest, {f64(4503599627370494.5)}, is(f64(4503599627370494.0))},
        {O::F64Nearest, {kF64Nan}, kCanonicalNan},
        {O::F32Sqrt, {f32(4.0f)}, is(f32(2.0f))}, {O::F32Sqrt, {f32(-0.0f)}, is(f32(-0.0f))},
        {O::F32Sqrt, {f32(-1.0f)}, kCanonicalNan}, {O::F32Sqrt, {kF32SNan}, kArithmeticNan},
        {O::F32Sqrt, {f32(2.0f)}, is(0x3fb504f3)},
        {O::F64Sqrt, {f64(2.0)}, is(0x3ff6a09e667f3bcd)}, {O::F64Sqrt, {f64(-kInf)}, kCanonicalNan},
        {O::F64Sqrt, {f64(kInf)}, is(f64(kInf))},

        // Arithmetic: IEEE, round to nearest, subnormals kept, NaN rules.
        {O::F32Add, {f32(1.0f), f32(2.0f)}, is(f32(3.0f))},
        {O::F32Add, {f32(kInfF), f32(-kInfF)}, kCanonicalNan},
        {O::F32Add, {kF32Nan, f32(1.0f)}, kCanonicalNan}, {O::F32Add, {f32(1.0f), kF32SNan}, kArithmeticNan},
        {O::F32Add, {kF32NanPayload, f32(1.0f)}, kArithmeticNan},
        {O::F32Add, {f32(-0.0f), f32(-0.0f)}, is(f32(-0.0f))},
        {O::F32Add, {f32(-0.0f), f32(0.0f)}, is(f32(0.0f))}, {O::F32Add, {1, 1}, is(2)},
        {O::F32Add, {f32(16777216.0f), f32(1.0f)}, is(f32(16777216.0f))},
        {O::F64Add, {f64(0.1), f64(0.2)}, is(0x3fd3333333333334)},
        {O::F64Add, {kF64SNan, f64(1.0)}, kArithmeticNan},
        {O::F64Add, {1, 1}, is(2)},
        {O::F32Sub, {f32(0.0f), f32(0.0f)}, is(f32(0.0f))},
        {O::F32Sub, {f32(-0.0f), f32(0.0f)}, is(f32(-0.0f))},
        {O::F32Sub, {f32(kInfF), f32(kInfF)}, kCanonicalNan},
        {O::F64Sub, {f64(kInf), f64(kInf)}, kCanonicalNan}, {O::F64Sub, {f64(1.0), f64(0.75)}, is(f64(0.25))},
        {O::F32Mul, {f32(0.0f), f32(kInfF)}, kCanonicalNan},
        {O::F32Mul, {f32(-0.0f), f32(1.0f)}, is(f32(-0.0f))},
        {O::F32Mul, {0x00800000, f32(0.5f)}, is(0x00400000)},  // to a subnormal, not flushed
        {O::F64Mul, {f64(1e308), f64(10.0)}, is(f64(kInf))},
        {O::F64Mul, {1, f64(0.5)}, is(0)},  // ties to even
        {O::F64Mul, {3, f64(0.5)}, is(2)},
        {O::F32Div, {f32(1.0f), f32(0.0f)}, is(f32(kInfF))},
        {O::F32Div, {f32(-1.0f), f32(0.0f)}, is(f32(-kInfF))},
        {O::F32Div, {f32(0.0f), f32(0.0f)}, kCanonicalNan},
        {O::F32Div, {f32(1.0f), f32(3.0f)}, is(0x3eaaaaab)},
        {O::F64Div, {f64(1.0), f64(3.0)}, is(0x3fd5555555555555)},
        {O::F64Div, {f64(0.0), f64(-0.0)}, kCanonicalNan},

        // min/max: NaN wins, -0 < +0.
        {O::F32Min, {f32(1.0f), f32(2.0f)}, is(f32(1.0f))},
        {O::F32Min, {f32(2.0f), f32(1.0f)}, is(f32(1.0f))},
        {O::F32Min, {f32(-0.0f), f32(0.0f)}, is(f32(-0.0f))},
        {O::F32Min, {f32(0.0f), f32(-0.0f)}, is(f32(-0.0f))},
        {O::F32Min, {f32(-0.0f), f32(-0.0f)}, is(f32(-0.0f))},
        {O::F32Min, {f32(0.0f), f32(0.0f)}, is(f32(0.0f))},
        {O::F32Min, {kF32Nan, f32(1.0f)}, kCanonicalNan}, {O::F32Min, {f32(1.0f), kF32Nan}, kCanonicalNan},
        {O::F32Min, {f32(-1.0f), kF32NegNan}, kCanonicalNan},
        {O::F32Min, {kF32NegNan, f32(-0.0f)}, kCanonicalNan},
        {O::F32Min, {kF32SNan, f32(1.0f)}, kArithmeticNan},
        {O::F32Min, {f32(1.0f), kF32SNan}, kArithmeticNan},
        {O::F32Min, {kF32NanPayload, kF32Nan}, kArithmeticNan},
        {O::F32Min, {f32(-kInfF), f32(kInfF)}, is(f32(-kInfF))},
        {O::F32Min, {f32(-1.0f), f32(-2.0f)}, is(f32(-2.0f))},
        {O::F64Min, {f64(-0.0), f64(0.0)}, is(f64(-0.0))}, {O::F64Min, {f64(0.0), f64(-0.0)}, is(f64(-0.0))},
        {O::F64Min, {kF64Nan, f64(1.0)}, kCanonicalNan}, {O::F64Min, {f64(1.0), kF64Nan}, kCanonicalNan},
        {O::F64Min, {f64(1.0), kF64SNan}, kArithmeticNan}, {O::F64Min, {f64(3.0), f64(2.0)}, is(f64(2.0))},
        {O::F32Max, {f32(1.0f), f32(2.0f)}, is(f32(2.0f))},
        {O::F32Max, {f32(2.0f), f32(1.0f)}, is(f32(2.0f))},
        {O::F32Max, {f32(-0.0f), f32(0.0f)}, is(f32(0.0f))},
        {O::F32Max, {f32(0.0f), f32(-0.0f)}, is(f32(0.0f))},
        {O::F32Max, {f32(-0.0f), f32(-0.0f)}, is(f32(-0.0f))},
        {O::F32Max, {kF32Nan, f32(1.0f)}, kCanonicalNan}, {O::F32Max, {f32(1.0f), kF32Nan}, kCanonicalNan},
        {O::F32Max, {f32(kInfF), kF32NegNan}, kCanonicalNan},
        {O::F32Max, {kF32SNan, f32(-1.0f)}, kArithmeticNan},
        {O::F32Max, {f32(kInfF), f32(-kInfF)}, is(f32(kInfF))},
        {O::F64Max, {f64(-0.0), f64(0.0)}, is(f64(0.0))}, {O::F64Max, {f64(0.0), f64(-0.0)}, is(f64(0.0))},
        {O::F64Max, {kF64Nan, f64(1.0)}, kCanonicalNan}, {O::F64Max, {f64(1.0), kF64Nan}, kCanonicalNan},
        {O::F64Max, {kF64NanPayload, f64(1.0)}, kArithmeticNan},
        {O::F64Max, {f64(-3.0), f64(-2.0)}, is(f64(-2.0))},

        // Float comparisons: false on NaN except ne; -0 == +0.
        {O::F32Eq, {kF32Nan, kF32Nan}, is(0)}, {O::F32Eq, {f32(0.0f), f32(-0.0f)}, is(1)},
        {O::F32Ne, {kF32Nan, kF32Nan}, is(1)}, {O::F32Ne, {f32(1.0f), f32(1.0f)}, is(0)},
        {O::F32Lt, {f32(1.0f), kF32Nan}, is(0)}, {O::F32Lt, {f32(-0.0f), f32(0.0f)}, is(0)},
        {O::F32Lt, {f32(1.0f), f32(2.0f)}, is(1)},
        {O::F32Gt, {kF32Nan, f32(1.0f)}, is(0)}, {O::F32Gt, {f32(2.0f), f32(1.0f)}, is(1)},
        {O::F32Le, {f32(-0.0f), f32(0.0f)}, is(1)}, {O::F32Le, {kF32Nan, kF32Nan}, is(0)},
        {O::F32Ge, {f32(0.0f), f32(-0.0f)}, is(1)}, {O::F32Ge, {f32(1.0f), kF32SNan}, is(0)},
        {O::F64Eq, {kF64Nan, kF64Nan}, is(0)}, {O::F64Eq, {f64(0.0), f64(-0.0)}, is(1)},
        {O::F64Ne, {kF64Nan, f64(1.0)}, is(1)}, {O::F64Ne, {f64(-0.0), f64(0.0)}, is(0)},
        {O::F64Lt, {f64(-kInf), f64(kInf)}, is(1)}, {O::F64Lt, {kF64Nan, f64(1.0)}, is(0)},
        {O::F64Gt, {f64(1.0), kF64Nan}, is(0)}, {O::F64Gt, {f64(0.0), f64(-0.0)}, is(0)},
        {O::F64Le, {f64(1.0), f64(1.0)}, is(1)}, {O::F64Le, {f64(1.0), kF64Nan}, is(0)},
        {O::F64Ge, {kF64Nan, kF64Nan}, is(0)}, {O::F64Ge, {f64(2.0), f64(1.0)}, is(1)},

        // Integer width changes.
        {O::I32WrapI64, {u64(0x123456789)}, is(0x23456789)}, {O::I32WrapI64, {i64(-1)}, is(0xffffffff)},
        {O::I64ExtendI32S, {i32(kI32Min)}, is(u64(0xffffffff80000000))}, {O::I64ExtendI32S, {i32(1)}, is(1)},
        {O::I64ExtendI32U, {i32(kI32Min)}, is(0x80000000)}, {O::I64ExtendI32U, {i32(-1)}, is(0xffffffff)},
        {O::I32Extend8S, {i32(0x80)}, is(0xffffff80)}, {O::I32Extend8S, {i32(0x7f)}, is(0x7f)},
        {O::I32Extend8S, {i32(0x12345680)}, is(0xffffff80)},
        {O::I32Extend16S, {i32(0x8000)}, is(0xffff8000)}, {O::I32Extend16S, {i32(0x12347fff)}, is(0x7fff)},
        {O::I64Extend8S, {i64(0x80)}, is(i64(-128))}, {O::I64Extend8S, {u64(0x123456789abcde01)}, is(1)},
        {O::I64Extend16S, {i64(0x8000)}, is(i64(-32768))}, {O::I64Extend16S, {i64(0x17fff)}, is(0x7fff)},
        {O::I64Extend32S, {i64(0x80000000)}, is(u64(0xffffffff80000000))},
        {O::I64Extend32S, {u64(0x123456787fffffff)}, is(0x7fffffff)},

        // Trapping truncations: every boundary of every pair. NaN -> invalid conversion, outside
        // the range -> integer overflow; the last value inside each bound converts.
        {O::I32TruncF32S, {f32(-2147483648.0f)}, is(i32(kI32Min))},
        {O::I32TruncF32S, {f32Next(-2147483648.0f, -kInfF)}, trap(ovf)},
        {O::I32TruncF32S, {f32Next(-2147483648.0f, 0)}, is(i32(-2147483520))},
        {O::I32TruncF32S, {f32(2147483648.0f)}, trap(ovf)},
        {O::I32TruncF32S, {f32Next(2147483648.0f, 0)}, is(i32(2147483520))},
        {O::I32TruncF32S, {f32(-1.9f)}, is(i32(-1))}, {O::I32TruncF32S, {f32(-0.9f)}, is(0)},
        {O::I32TruncF32S, {f32(-0.0f)}, is(0)}, {O::I32TruncF32S, {1}, is(0)},
        {O::I32TruncF32S, {f32(kInfF)}, trap(ovf)}, {O::I32TruncF32S, {f32(-kInfF)}, trap(ovf)},
        {O::I32TruncF32S, {kF32Nan}, trap(inv)}, {O::I32TruncF32S, {kF32NegNan}, trap(inv)},
        {O::I32TruncF32S, {kF32SNan}, trap(inv)},
        {O::I32TruncF32U, {f32Next(-1.0f, 0)}, is(0)}, {O::I32TruncF32U, {f32(-1.0f)}, trap(ovf)},
        {O::I32TruncF32U, {f32Next(4294967296.0f, 0)}, is(4294967040)},
        {O::I32TruncF32U, {f32(4294967296.0f)}, trap(ovf)},
        {O::I32TruncF32U, {f32(2147483648.0f)}, is(0x80000000)},
        {O::I32TruncF32U, {f32(-0.0f)}, is(0)}, {O::I32TruncF32U, {f32(kInfF)}, trap(ovf)},
        {O::I32TruncF32U, {f32(-kInfF)}, trap(ovf)}, {O::I32TruncF32U, {kF32Nan}, trap(inv)},
        {O::I32TruncF32U, {kF32NegSNan}, trap(inv)},
        {O::I32TruncF64S, {f64(-2147483649.0)}, trap(ovf)},
        {O::I32TruncF64S, {f64Next(-2147483649.0, 0)}, is(i32(kI32Min))},
        {O::I32TruncF64S, {f64(-2147483648.0)}, is(i32(kI32Min))},
        {O::I32TruncF64S, {f64(2147483648.0)}, trap(ovf)},
        {O::I32TruncF64S, {f64Next(2147483648.0, 0)}, is(i32(kI32Max))},
        {O::I32TruncF64S, {f64(-0.5)}, is(0)}, {O::I32TruncF64S, {f64(kInf)}, trap(ovf)},
        {O::I32TruncF64S, {f64(-kInf)}, trap(ovf)}, {O::I32TruncF64S, {kF64Nan}, trap(inv)},
        {O::I32TruncF64S, {kF64SNan}, trap(inv)},
        {O::I32TruncF64U, {f64Next(-1.0, 0)}, is(0)}, {O::I32TruncF64U, {f64(-1.0)}, trap(ovf)},
        {O::I32TruncF64U, {f64Next(4294967296.0, 0)}, is(0xffffffff)},
        {O::I32TruncF64U, {f64(4294967296.0)}, trap(ovf)}, {O::I32TruncF64U, {f64(1e300)}, trap(ovf)},
        {O::I32TruncF64U, {f64(2147483648.0)}, is(0x80000000)}, {O::I32TruncF64U, {kF64NegNan}, trap(inv)},
        {O::I64TruncF32S, {f32(float(-k2p63))}, is(i64(kI64Min))},
        {O::I64TruncF32S, {f32Next(float(-k2p63), -kInfF)}, trap(ovf)},
        {O::I64TruncF32S, {f32(float(k2p63))}, trap(ovf)},
        {O::I64TruncF32S, {f32Next(float(k2p63), 0)}, is(i64(9223371487098961920))},
        {O::I64TruncF32S, {f32(-1.5f)}, is(i64(-1))}, {O::I64TruncF32S, {kF32Nan}, trap(inv)},
        {O::I64TruncF32S, {f32(-kInfF)}, trap(ovf)},
        {O::I64TruncF32U, {f32Next(-1.0f, 0)}, is(0)}, {O::I64TruncF32U, {f32(-1.0f)}, trap(ovf)},
        {O::I64TruncF32U, {f32(float(k2p64))}, trap(ovf)},
        {O::I64TruncF32U, {f32Next(float(k2p64), 0)}, is(u64(18446742974197923840ull))},
        {O::I64TruncF32U, {f32(float(k2p63))}, is(u64(0x8000000000000000))},
        {O::I64TruncF32U, {kF32SNan}, trap(inv)}, {O::I64TruncF32U, {f32(kInfF)}, trap(ovf)},
        {O::I64TruncF64S, {f64(-k2p63)}, is(i64(kI64Min))},
        {O::I64TruncF64S, {f64Next(-k2p63, -kInf)}, trap(ovf)},
        {O::I64TruncF64S, {f64(k2p63)}, trap(ovf)},
        {O::I64TruncF64S, {f64Next(k2p63, 0)}, is(i64(9223372036854774784))},
        {O::I64TruncF64S, {f64(-0.9)}, is(0)}, {O::I64TruncF64S, {kF64Nan}, trap(inv)},
        {O::I64TruncF64S, {f64(kInf)}, trap(ovf)},
        {O::I64TruncF64U, {f64Next(-1.0, 0)}, is(0)}, {O::I64TruncF64U, {f64(-1.0)}, trap(ovf)},
        {O::I64TruncF64U, {f64(k2p64)}, trap(ovf)},
        {O::I64TruncF64U, {f64Next(k2p64, 0)}, is(u64(18446744073709549568ull))},
        {O::I64TruncF64U, {f64(k2p63)}, is(u64(0x8000000000000000))},
        {O::I64TruncF64U, {f64Next(k2p63, 0)}, is(u64(9223372036854774784ull))},
        {O::I64TruncF64U, {kF64NanPayload}, trap(inv)}, {O::I64TruncF64U, {f64(-kInf)}, trap(ovf)},

        // Saturating truncations: NaN -> 0, out of range -> the nearest bound.
        {O::I32TruncSatF32S, {kF32Nan}, is(0)}, {O::I32TruncSatF32S, {kF32NegSNan}, is(0)},
        {O::I32TruncSatF32S, {f32(kInfF)}, is(i32(kI32Max))},
        {O::I32TruncSatF32S, {f32(-kInfF)}, is(i32(kI32Min))},
        {O::I32TruncSatF32S, {f32(2147483648.0f)}, is(i32(kI32Max))},
        {O::I32TruncSatF32S, {f32Next(-2147483648.0f, -kInfF)}, is(i32(kI32Min))},
        {O::I32TruncSatF32S, {f32(-1.9f)}, is(i32(-1))},
        {O::I32TruncSatF32U, {kF32Nan}, is(0)}, {O::I32TruncSatF32U, {f32(-1.0f)}, is(0)},
        {O::I32TruncSatF32U, {f32(-kInfF)}, is(0)},
        {O::I32TruncSatF32U, {f32(4294967296.0f)}, is(0xffffffff)},
        {O::I32TruncSatF32U, {f32Next(4294967296.0f, 0)}, is(4294967040)},
        {O::I32TruncSatF32U, {f32(kInfF)}, is(0xffffffff)},
        {O::I32TruncSatF64S, {f64Next(2147483648.0, 0)}, is(i32(kI32Max))},
        {O::I32TruncSatF64S, {f64(1e10)}, is(i32(kI32Max))},
        {O::I32TruncSatF64S, {f64(-1e10)}, is(i32(kI32Min))},
        {O::I32TruncSatF64S, {kF64Nan}, is(0)}, {O::I32TruncSatF64S, {f64(-2147483648.9)}, is(i32(kI32Min))},
        {O::I32TruncSatF64U, {f64Next(4294967296.0, 0)}, is(0xffffffff)},
        {O::I32TruncSatF64U, {f64(1e10)}, is(0xffffffff)}, {O::I32TruncSatF64U, {f64(-1e10)}, is(0)},
        {O::I32TruncSatF64U, {kF64SNan}, is(0)}, {O::I32TruncSatF64U, {f64(-kInf)}, is(0)},
        {O::I64TruncSatF32S, {kF32Nan}, is(0)}, {O::I64TruncSatF32S, {f32(kInfF)}, is(i64(kI64Max))},
        {O::I64TruncSatF32S, {f32(-kInfF)}, is(i64(kI64Min))},
        {O::I64TruncSatF32S, {f32(float(k2p63))}, is(i64(kI64Max))},
        {O::I64TruncSatF32S, {f32(float(-k2p63))}, is(i64(kI64Min))},
        {O::I64TruncSatF32U, {kF32NegNan}, is(0)}, {O::I64TruncSatF32U, {f32(float(k2p64))}, is(i64(-1))},
        {O::I64TruncSatF32U, {f32(-1.0f)}, is(0)},
        {O::I64TruncSatF32U, {f32(float(k2p63))}, is(u64(1ull << 63))},
        {O::I64TruncSatF64S, {kF64Nan}, is(0)}, {O::I64TruncSatF64S, {f64(k2p63)}, is(i64(kI64Max))},
        {O::I64TruncSatF64S, {f64Next(k2p63, 0)}, is(i64(9223372036854774784))},
        {O::I64TruncSatF64S, {f64(-kInf)}, is(i64(kI64Min))},
        {O::I64TruncSatF64U, {kF64Nan}, is(0)}, {O::I64TruncSatF64U, {f64(k2p64)}, is(i64(-1))},
        {O::I64TruncSatF64U, {f64Next(k2p64, 0)}, is(u64(18446744073709549568ull))},
        {O::I64TruncSatF64U, {f64(-0.9)}, is(0)}, {O::I64TruncSatF64U, {f64(kInf)}, is(i64(-1))},

        // Integer to float: round to nearest, ties to even, in one rounding (no double rounding
        // through f64 for the i64 -> f32 cases).
        {O::F32ConvertI32S, {i32(1)}, is(f32(1.0f))}, {O::F32ConvertI32S, {i32(-1)}, is(f32(-1.0f))},
        {O::F32ConvertI32S, {i32(kI32Min)}, is(f32(-2147483648.0f))},
        {O::F32ConvertI32S, {i32(kI32Max)}, is(f32(2147483648.0f))},
        {O::F32ConvertI32S, {i32(16777217)}, is(f32(16777216.0f))},
        {O::F32ConvertI32S, {i32(16777219)}, is(f32(16777220.0f))},
        {O::F32ConvertI32U, {i32(-1)}, is(f32(4294967296.0f))},
        {O::F32ConvertI32U, {i32(kI32Min)}, is(f32(2147483648.0f))},
        {O::F32ConvertI32U, {i32(0x80000080)}, is(f32(2147483648.0f))},
        {O::F32ConvertI32U, {i32(0x80000081)}, is(f32(2147483904.0f))},
        {O::F32ConvertI64S, {i64(kI64Min)}, is(f32(float(-k2p63)))},
        {O::F32ConvertI64S, {i64(9007199791611905)}, is(f32(9007200328482816.0f))},
        {O::F32ConvertI64S, {i64(-9007199791611905)}, is(f32(-9007200328482816.0f))},
        {O::F32ConvertI64S, {i64(kI64Max)}, is(f32(float(k2p63)))},
        {O::F32ConvertI64U, {i64(-1)}, is(f32(float(k2p64)))},
        {O::F32ConvertI64U, {u64(0x8000008000000001)}, is(0x5f000001)},  // 0x1.000002p+63
        {O::F32ConvertI64U, {u64(0x8000008000000000)}, is(0x5f000000)},  // tie -> even
        {O::F32ConvertI64U, {i64(9007199791611905)}, is(f32(9007200328482816.0f))},
        {O::F64ConvertI32S, {i32(kI32Min)}, is(f64(-2147483648.0))},
        {O::F64ConvertI32S, {i32(-1)}, is(f64(-1.0))},
        {O::F64ConvertI32U, {i32(-1)}, is(f64(4294967295.0))},
        {O::F64ConvertI32U, {i32(kI32Min)}, is(f64(2147483648.0))},
        {O::F64ConvertI64S, {i64(kI64Min)}, is(f64(-k2p63))},
        {O::F64ConvertI64S, {i64(9007199254740993)}, is(f64(9007199254740992.0))},
        {O::F64ConvertI64S, {i64(9007199254740995)}, is(f64(9007199254740996.0))},
        {O::F64ConvertI64S, {i64(kI64Max)}, is(f64(k2p63))},
        {O::F64ConvertI64U, {i64(-1)}, is(f64(k2p64))},
        {O::F64ConvertI64U, {u64(0x8000000000000400)}, is(f64(k2p63))},
        {O::F64ConvertI64U, {u64(0x8000000000000401)}, is(f64(9223372036854777856.0))},
        {O::F64ConvertI64U, {u64(0x8000000000000c00)}, is(f64(9223372036854779904.0))},

        // Float to float.
        {O::F32DemoteF64, {f64(1.0)}, is(f32(1.0f))}, {O::F32DemoteF64, {f64(-0.0)}, is(f32(-0.0f))},
        {O::F32DemoteF64, {kF64Nan}, kCanonicalNan}, {O::F32DemoteF64, {kF64NegNan}, kCanonicalNan},
        {O::F32DemoteF64, {kF64NanPayload}, kArithmeticNan}, {O::F32DemoteF64, {kF64SNan}, kArithmeticNan},
        {O::F32DemoteF64, {kF64SNanLow}, kArithmeticNan},
        {O::F32DemoteF64, {f64(1e300)}, is(f32(kInfF))}, {O::F32DemoteF64, {f64(-1e300)}, is(f32(-kInfF))},
        {O::F32DemoteF64, {f64(1e-300)}, is(f32(0.0f))}, {O::F32DemoteF64, {f64(-1e-300)}, is(f32(-0.0f))},
        {O::F32DemoteF64, {0x47efffffefffffff}, is(0x7f7fffff)},  // just below the FLT_MAX/inf tie
        {O::F32DemoteF64, {0x47effffff0000000}, is(0x7f800000)},  // the tie rounds to inf
        {O::F32DemoteF64, {f64(std::ldexp(1.0, -149))}, is(1)},
        {O::F32DemoteF64, {f64(std::ldexp(1.5, -149))}, is(2)},  // subnormal tie -> even
        {O::F32DemoteF64, {f64(1.0 + std::ldexp(1.0, -24))}, is(f32(1.0f))},
        {O::F32DemoteF64, {f64(1.0 + std::ldexp(1.0, -24) + std::ldexp(1.0, -50))}, is(0x3f800001)},
        {O::F64PromoteF32, {f32(1.5f)}, is(f64(1.5))}, {O::F64PromoteF32, {kF32Nan}, kCanonicalNan},
        {O::F64PromoteF32, {kF32NegNan}, kCanonicalNan}, {O::F64PromoteF32, {kF32SNan}, kArithmeticNan},
        {O::F64PromoteF32, {kF32NanPayload}, kArithmeticNan},
        {O::F64PromoteF32, {1}, is(f64(std::ldexp(1.0, -149)))},
        {O::F64PromoteF32, {f32(-kInfF)}, is(f64(-kInf))}, {O::F64PromoteF32, {f32(-0.0f)}, is(f64(-0.0))},

        // Reinterpretations keep every bit, signaling NaNs included.
        {O::I32ReinterpretF32, {kF32SNan}, is(kF32SNan)},
        {O::I32ReinterpretF32, {f32(-0.0f)}, is(0x80000000)},
        {O::I64ReinterpretF64, {kF64SNan}, is(kF64SNan)},
        {O::I64ReinterpretF64, {f64(1.0)}, is(0x3ff0000000000000)},
        {O::F32ReinterpretI32, {kF32NegSNan}, is(kF32NegSNan)},
        {O::F32ReinterpretI32, {0x3f800000}, is(f32(1.0f))},
        {O::F64ReinterpretI64, {kF64SNanLow}, is(kF64SNanLow)},
        {O::F64ReinterpretI64, {kF64NegNan}, is(kF64NegNan)},
    };
    // clang-format on
}

// ---- building and running ---------------------------------------------------------------------

const Opcode kAllOpcodes[] = {
#define WASM_OP(name, prefix, code, text, imm, n, p1, p2, p3, result) O::name,
#include "wasm/module/opcodes.def"
#undef WASM_OP
};

bool isNumeric(Opcode op) {
    const wasm::OpcodeInfo& i = wasm::info(op);
    return (i.prefix == 0x00 || i.prefix == 0xfc) && i.immediate == wasm::Immediate::None &&
           i.result != OperandType::Special;
}

llvm::Type* typeOf(llvm::LLVMContext& context, OperandType t) {
    switch (t) {
        case OperandType::I32: return llvm::Type::getInt32Ty(context);
        case OperandType::I64: return llvm::Type::getInt64Ty(context);
        case OperandType::F32: return llvm::Type::getFloatTy(context);
        case OperandType::F64: return llvm::Type::getDoubleTy(context);
        default: return nullptr;
    }
}

// An i64 holding a value's bits -> the value.
llvm::Value* fromBits(llvm::IRBuilder<>& b, llvm::Value* bits, OperandType t) {
    llvm::Type* type = typeOf(b.getContext(), t);
    if (t == OperandType::I64) return bits;
    if (t == OperandType::F64) return b.CreateBitCast(bits, type);
    llvm::Value* low = b.CreateTrunc(bits, b.getInt32Ty());
    return t == OperandType::I32 ? low : b.CreateBitCast(low, type);
}

llvm::Value* toBits(llvm::IRBuilder<>& b, llvm::Value* value) {
    llvm::Type* type = value->getType();
    if (type->isFloatTy() || type->isDoubleTy()) {
        value = b.CreateBitCast(value, b.getIntNTy(type->getPrimitiveSizeInBits()));
    }
    return b.CreateZExt(value, b.getInt64Ty());  // a no-op for i64
}

// A trap stores its code through the function's `trap` argument and returns: the sentinel result
// is left untouched, so a trap taken after the result was computed would also show.
class RecordingTraps : public TrapEmitter {
public:
    RecordingTraps(llvm::IRBuilder<>& b, llvm::Value* trapOut) : b_(b), trapOut_(trapOut) {}
    void trapIf(llvm::Value* condition, abi::TrapCode code) override {
        EXPECT_TRUE(condition->getType()->isIntegerTy(1));
        llvm::Function* f = b_.GetInsertBlock()->getParent();
        auto* trapBlock = llvm::BasicBlock::Create(b_.getContext(), "trap", f);
        auto* continueBlock = llvm::BasicBlock::Create(b_.getContext(), "cont", f);
        b_.CreateCondBr(condition, trapBlock, continueBlock);
        b_.SetInsertPoint(trapBlock);
        b_.CreateStore(b_.getInt32(uint32_t(code)), trapOut_);
        b_.CreateRetVoid();
        b_.SetInsertPoint(continueBlock);
    }

private:
    llvm::IRBuilder<>& b_;
    llvm::Value* trapOut_;
};

struct Mode {
    const char* name;
    const char* cpu;  // nullptr: the host's CPU and features
    bool optimize;
    bool constantOperands;
};

const Mode kModes[] = {
    {"HostAsEmitted", nullptr, false, false},
    {"HostO2", nullptr, true, false},
    {"BaselineX86O2", "x86-64", true, false},
    {"ConstantFolded", nullptr, true, true},
};

using CaseFn = void (*)(const uint64_t* args, uint64_t* result, uint32_t* trap);

// Case i becomes "case_<i>"(args, result, trap): the operands are loaded from args (or are
// constants), the op's result is stored to *result.
void addCaseFunction(llvm::Module& module, size_t index, const Case& c, bool constantOperands) {
    llvm::LLVMContext& context = module.getContext();
    llvm::IRBuilder<> b(context);
    auto* ptr = b.getPtrTy();
    auto* fnType = llvm::FunctionType::get(b.getVoidTy(), {ptr, ptr, ptr}, false);
    auto* fn = llvm::Function::Create(fnType, llvm::Function::ExternalLinkage, fmt::format("case_{}", index),
                                      module);
    b.SetInsertPoint(llvm::BasicBlock::Create(context, "entry", fn));
    const wasm::OpcodeInfo& info = wasm::info(c.op);
    std::vector<llvm::Value*> operands;
    for (size_t i = 0; i < c.args.size(); ++i) {
        llvm::Value* bits =
            constantOperands
                ? static_cast<llvm::Value*>(b.getInt64(c.args[i]))
                : b.CreateLoad(b.getInt64Ty(), b.CreateConstGEP1_64(b.getInt64Ty(), fn->getArg(0), i));
        operands.push_back(fromBits(b, bits, info.params[i]));
    }
    RecordingTraps traps(b, fn->getArg(2));
    llvm::Value* result = emitNumericOp(b, c.op, operands, traps);
    ASSERT_NE(result, nullptr) << info.text;
    ASSERT_EQ(result->getType(), typeOf(context, info.result)) << info.text;
    b.CreateStore(toBits(b, result), fn->getArg(1));
    b.CreateRetVoid();
}

std::string describe(const Case& c) {
    std::string s = fmt::format("{}(", wasm::toString(c.op));
    for (size_t i = 0; i < c.args.size(); ++i) s += fmt::format("{}{:#x}", i ? ", " : "", c.args[i]);
    return s + ")";
}

bool isNan(uint64_t bits, bool isF32) {
    return isF32 ? (bits & 0x7f800000) == 0x7f800000 && (bits & 0x007fffff) != 0
                 : (bits & 0x7ff0000000000000) == 0x7ff0000000000000 && (bits & 0x000fffffffffffff) != 0;
}

void check(const Case& c, uint64_t result, uint32_t trapCode, const char* mode) {
    const std::string what = fmt::format("{} [{}]", describe(c), mode);
    const OperandType type = wasm::info(c.op).result;
    const bool narrow = type == OperandType::I32 || type == OperandType::F32;
    if (c.expect.kind == Kind::Trap) {
        EXPECT_EQ(T(trapCode), c.expect.trap)
            << what << " should trap with " << abi::trapMessage(c.expect.trap);
        return;
    }
    ASSERT_EQ(T(trapCode), T::None) << what << " trapped: " << abi::trapMessage(T(trapCode));
    if (narrow) {
        EXPECT_EQ(result >> 32, 0u) << what << ": result not zero-extended by the harness";
        result &= 0xffffffff;
    }
    switch (c.expect.kind) {
        case Kind::Bits:
            EXPECT_EQ(result, c.expect.bits) << what << fmt::format(": got {:#x}", result);
            break;
        case Kind::CanonicalNan:
            EXPECT_EQ(result & (narrow ? 0x7fffffffu : 0x7fffffffffffffffu), narrow ? kF32Nan : kF64Nan)
                << what << fmt::format(": {:#x} is not a canonical NaN", result);
            break;
        case Kind::ArithmeticNan:
            EXPECT_TRUE(isNan(result, narrow) && (result & (narrow ? 0x400000u : 0x8000000000000u)))
                << what << fmt::format(": {:#x} is not an arithmetic NaN", result);
            break;
        case Kind::Trap: break;
    }
}

class NumericOpsJit : public testing::TestWithParam<Mode> {
protected:
    static void SetUpTestSuite() {
        llvm::InitializeNativeTarget();
        llvm::InitializeNativeTargetAsmPrinter();
    }
};

TEST_P(NumericOpsJit, EveryCase) {
    const Mode& mode = GetParam();
    const std::vector<Case> cases = makeCases();

    auto targetMachine = llvm::orc::JITTargetMachineBuilder::detectHost();
    ASSERT_TRUE(bool(targetMachine)) << llvm::toString(targetMachine.takeError());
    if (mode.cpu) {
        targetMachine->setCPU(mode.cpu);
        targetMachine->getFeatures() = llvm::SubtargetFeatures();
    }
    auto jit = llvm::orc::LLJITBuilder().setJITTargetMachineBuilder(std::move(*targetMachine)).create();
    ASSERT_TRUE(bool(jit)) << llvm::toString(jit.takeError());

    auto context = std::make_unique<llvm::LLVMContext>();
    auto module = std::make_unique<llvm::Module>("numeric_test", *context);
    module->setDataLayout((*jit)->getDataLayout());
    module->setTargetTriple((*jit)->getTargetTriple().str());
    for (size_t i = 0; i < cases.size(); ++i) {
        addCaseFunction(*module, i, cases[i], mode.constantOperands);
        if (HasFatalFailure()) return;
    }
    std::string errors;
    llvm::raw_string_ostream errorStream(errors);
    ASSERT_FALSE(llvm::verifyModule(*module, &errorStream)) << errors;
    if (mode.optimize) test::optimizeWithLlvmO2(*module);
    ASSERT_FALSE(llvm::verifyModule(*module, &errorStream)) << errors;

    llvm::Error added =
        (*jit)->addIRModule(llvm::orc::ThreadSafeModule(std::move(module), std::move(context)));
    ASSERT_FALSE(bool(added)) << llvm::toString(std::move(added));
    for (size_t i = 0; i < cases.size(); ++i) {
        auto address = (*jit)->lookup(fmt::format("case_{}", i));
        ASSERT_TRUE(bool(address)) << llvm::toString(address.takeError());
        uint64_t result = 0x5e17'1e15'5e17'1e15;  // sentinel
        uint32_t trapCode = uint32_t(T::None);
        address->toPtr<CaseFn>()(cases[i].args.data(), &result, &trapCode);
        check(cases[i], result, trapCode, mode.name);
    }
}

INSTANTIATE_TEST_SUITE_P(Modes, NumericOpsJit, testing::ValuesIn(kModes),
                         [](const testing::TestParamInfo<Mode>& info) {
                             return std::string(info.param.name);
                         });

// ---- the interface ------------------------------------------------------------------------------

class NoTraps : public TrapEmitter {
public:
    void trapIf(llvm::Value*, abi::TrapCode) override { ++calls; }
    int calls = 0;
};

TEST(NumericOps, TableCoversEveryNumericOpcode) {
    std::set<Opcode> covered;
    for (const Case& c : makeCases()) {
        EXPECT_TRUE(isNumeric(c.op)) << wasm::toString(c.op);
        size_t arity = 0;
        for (OperandType p : wasm::info(c.op).params) arity += p != OperandType::None;
        EXPECT_EQ(c.args.size(), arity) << describe(c);
        covered.insert(c.op);
    }
    size_t numeric = 0;
    for (Opcode op : kAllOpcodes) {
        if (!isNumeric(op)) continue;
        ++numeric;
        EXPECT_TRUE(covered.count(op)) << "no test case for " << wasm::toString(op);
    }
    EXPECT_EQ(numeric, 128u + 8u);  // 0x45..0xc4: 128 single-byte numeric instructions, 8 trunc_sat
}

// Numeric ops get a value; everything else (constants, SIMD, control, memory) gets nullptr and
// leaves the block untouched.
TEST(NumericOps, ReturnsNullForNonNumericOpcodes) {
    llvm::LLVMContext context;
    llvm::Module module("m", context);
    llvm::IRBuilder<> b(context);
    auto* fn = llvm::Function::Create(llvm::FunctionType::get(b.getVoidTy(), false),
                                      llvm::Function::ExternalLinkage, "f", module);
    auto* entry = llvm::BasicBlock::Create(context, "entry", fn);
    b.SetInsertPoint(entry);
    NoTraps traps;
    for (Opcode op : kAllOpcodes) {
        if (isNumeric(op)) continue;
        std::vector<llvm::Value*> operands(3, b.getInt32(0));
        EXPECT_EQ(emitNumericOp(b, op, operands, traps), nullptr) << wasm::toString(op);
    }
    EXPECT_TRUE(entry->empty());
    EXPECT_EQ(traps.calls, 0);
}

// Strict IEEE even when the caller's builder carries fast-math defaults.
TEST(NumericOps, NeverSetsFastMathFlags) {
    llvm::LLVMContext context;
    llvm::Module module("m", context);
    llvm::IRBuilder<> b(context);
    auto* f32Type = b.getFloatTy();
    auto* fn = llvm::Function::Create(llvm::FunctionType::get(f32Type, {f32Type, f32Type}, false),
                                      llvm::Function::ExternalLinkage, "f", module);
    b.SetInsertPoint(llvm::BasicBlock::Create(context, "entry", fn));
    llvm::FastMathFlags fast;
    fast.setFast();
    b.setFastMathFlags(fast);
    NoTraps traps;
    llvm::Value* x = fn->getArg(0);
    for (Opcode op : {O::F32Add, O::F32Sub, O::F32Mul, O::F32Div, O::F32Min, O::F32Max, O::F32Sqrt,
                      O::F32Nearest, O::F32Neg, O::F32Abs, O::F32Copysign, O::F32Lt, O::F32Ne}) {
        llvm::Value* operands[] = {x, fn->getArg(1)};
        std::span<llvm::Value* const> used(operands, wasm::info(op).params[1] == OperandType::None ? 1 : 2);
        x = emitNumericOp(b, op, used, traps);
        if (x->getType() != f32Type) x = b.CreateUIToFP(x, f32Type);
    }
    b.CreateRet(x);
    EXPECT_TRUE(b.getFastMathFlags().isFast()) << "the caller's flags must be restored";
    for (llvm::Instruction& inst : fn->getEntryBlock()) {
        if (llvm::isa<llvm::FPMathOperator>(inst)) {
            EXPECT_FALSE(inst.getFastMathFlags().any()) << "fast-math flags on " << inst.getOpcodeName();
        }
    }
}

}  // namespace
}  // namespace faaslet::compiler
