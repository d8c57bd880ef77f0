// SIMD conversions: integer widening (extend_low/high) and saturating narrowing, int -> float,
// the saturating float -> int truncations, and f32 <-> f64.

#include "compiler/numeric_ops.h"
#include "compiler/simd_ops.h"
#include "llvm/IR/Constants.h"
#include "llvm/IR/Intrinsics.h"
#include "llvm/IR/IntrinsicsX86.h"

namespace faaslet::compiler {

namespace {

using llvm::Value;
using O = wasm::Opcode;
using S = Shape;
namespace I = llvm::Intrinsic;

llvm::FixedVectorType* vectorTypeOf(Value* v) {
    return llvm::cast<llvm::FixedVectorType>(v->getType());
}

llvm::FixedVectorType* intLanes(llvm::LLVMContext& llvm, unsigned bits, unsigned count) {
    return llvm::FixedVectorType::get(llvm::IntegerType::get(llvm, bits), count);
}

// Lanes [first, first + count) of `v`.
Value* subLanes(SimdBuilder& b, Value* v, unsigned first, unsigned count) {
    llvm::SmallVector<int, 16> mask;
    for (unsigned i = 0; i < count; ++i) mask.push_back(int(first + i));
    return b.CreateShuffleVector(v, mask);
}

// `v`'s lanes followed by as many zero lanes (the _zero conversions fill the upper half with 0).
Value* withZeroUpperHalf(SimdBuilder& b, Value* v) {
    const unsigned n = vectorTypeOf(v)->getNumElements();
    llvm::SmallVector<int, 8> mask;
    for (unsigned i = 0; i < 2 * n; ++i) mask.push_back(int(i));
    return asV128(b, b.CreateShuffleVector(v, llvm::Constant::getNullValue(v->getType()), mask));
}

// extend_low/high: half of the lanes, sign- or zero-extended to twice their width.
Value* extendHalf(SimdBuilder& b, Value* x, Shape shape, bool high, bool isSigned) {
    Value* lanes = asLanes(b, x, shape);
    llvm::FixedVectorType* type = vectorTypeOf(lanes);
    const unsigned half = type->getNumElements() / 2;
    Value* part = subLanes(b, lanes, high ? half : 0, half);
    llvm::Type* wide = intLanes(b.getContext(), type->getElementType()->getIntegerBitWidth() * 2, half);
    return asV128(b, isSigned ? b.CreateSExt(part, wide) : b.CreateZExt(part, wide));
}

// narrow: the lanes of x then y (signed), clamped to the narrower signed or unsigned range and
// truncated, which is what packsswb/packuswb/packssdw (SSE2) and packusdw (SSE4.1) do. LLVM
// would widen the generic form to 256 bits and use AVX-512's vpmovus*, four instructions and a
// vzeroupper for one pack.
Value* narrow(SimdBuilder& b, Value* x, Value* y, Shape shape, bool toSigned, const SimdTarget& target) {
    Value* a = asLanes(b, x, shape);
    Value* c = asLanes(b, y, shape);
    if (shape == Shape::I16x8) {
        return asV128(
            b, b.CreateIntrinsic(toSigned ? I::x86_sse2_packsswb_128 : I::x86_sse2_packuswb_128, {}, {a, c}));
    }
    if (toSigned) return asV128(b, b.CreateIntrinsic(I::x86_sse2_packssdw_128, {}, {a, c}));
    if (target.sse41) return asV128(b, b.CreateIntrinsic(I::x86_sse41_packusdw, {}, {a, c}));
    llvm::FixedVectorType* type = vectorTypeOf(a);
    const unsigned n = type->getNumElements();
    const unsigned narrowBits = type->getElementType()->getIntegerBitWidth() / 2;
    llvm::SmallVector<int, 16> concat;
    for (unsigned i = 0; i < 2 * n; ++i) concat.push_back(int(i));
    Value* both = b.CreateShuffleVector(a, c, concat);
    llvm::Type* wide = both->getType();
    const unsigned wideBits = narrowBits * 2;
    const llvm::APInt low =
        toSigned ? llvm::APInt::getSignedMinValue(narrowBits).sext(wideBits) : llvm::APInt::getZero(wideBits);
    const llvm::APInt high = toSigned ? llvm::APInt::getSignedMaxValue(narrowBits).sext(wideBits)
                                      : llvm::APInt::getMaxValue(narrowBits).zext(wideBits);
    Value* clamped = b.CreateBinaryIntrinsic(I::smax, both, llvm::ConstantInt::get(wide, low));
    clamped = b.CreateBinaryIntrinsic(I::smin, clamped, llvm::ConstantInt::get(wide, high));
    return asV128(b, b.CreateTrunc(clamped, intLanes(b.getContext(), narrowBits, 2 * n)));
}

Value* floatConstant(llvm::Type* type, double value) {
    return llvm::ConstantFP::get(type, value);
}

// trunc_sat to i32 lanes: NaN -> 0, saturating at both ends. llvm.fpto[su]i.sat on vectors is
// scalarised by the x86 backend (a cvttss2si and two cmovs per lane), so:
// - f32 signed: cvttps2dq (SSE2), which is defined everywhere: lanes out of range or NaN give
//   0x80000000, right for the negative side; NaN lanes are zeroed first and lanes at or above
//   2^31 flipped to 0x7fffffff. cmpordps, andps, cvttps2dq, cmpleps, xorps.
// - otherwise the lanes are clamped, with selects that become maxps/minps, into the range where
//   fptosi/fptoui are exact and defined. The f64 bounds are exact doubles (f64 signed: cmpordpd,
//   andpd, maxpd, minpd, cvttpd2dq; unsigned: maxpd, minpd, vcvttpd2udq with AVX-512); in f32 the
//   largest value below 2^32 is 2^32 - 256, so lanes at or above 2^32 are set to the maximum
//   afterwards (maxps, minps, vcvttps2udq, cmpps, a blend with AVX-512; LLVM's fptoui expansion
//   without it).
Value* truncSaturate(SimdBuilder& b, Value* lanes, bool isSigned) {
    llvm::Type* type = lanes->getType();
    const unsigned count = vectorTypeOf(lanes)->getNumElements();
    const bool isDouble = vectorTypeOf(lanes)->getElementType()->isDoubleTy();
    llvm::Type* i32s = intLanes(b.getContext(), 32, count);
    Value* x = lanes;
    // NaN -> 0: for unsigned the lower clamp below does it (x > 0 is false on NaN).
    if (isSigned) x = b.CreateSelect(b.CreateFCmpORD(x, x), x, llvm::Constant::getNullValue(type));
    if (isSigned && !isDouble) {
        Value* converted = b.CreateIntrinsic(I::x86_sse2_cvttps2dq, {}, {x});
        Value* tooLarge = b.CreateFCmpOGE(x, floatConstant(type, 2147483648.0));
        return b.CreateXor(converted, b.CreateSExt(tooLarge, i32s));
    }
    const double lowest = isSigned ? -2147483648.0 : 0.0;
    const double highestExact = isDouble ? (isSigned ? 2147483647.0 : 4294967295.0) : 4294967040.0;
    Value* lowerBound = floatConstant(type, lowest);
    Value* upperBound = floatConstant(type, highestExact);
    x = b.CreateSelect(b.CreateFCmpOGT(x, lowerBound), x, lowerBound);
    x = b.CreateSelect(b.CreateFCmpOLT(x, upperBound), x, upperBound);
    Value* result = isSigned ? b.CreateFPToSI(x, i32s) : b.CreateFPToUI(x, i32s);
    if (isDouble) return result;
    Value* saturates = b.CreateFCmpOGE(lanes, floatConstant(type, 4294967296.0));
    return b.CreateSelect(saturates, llvm::ConstantInt::get(i32s, 0xffffffffu), result);
}

// f32x4.demote_f64x2_zero: a NaN comes out quiet; a promote just before it must not be folded
// away (see hideFromFolds).
Value* demote(SimdBuilder& b, Value* x) {
    Value* lanes = asLanes(b, x, S::F64x2);
    if (llvm::isa<llvm::FPExtInst>(lanes)) lanes = hideFromFolds(b, lanes);
    return withZeroUpperHalf(b, b.CreateFPTrunc(lanes, llvm::FixedVectorType::get(b.getFloatTy(), 2)));
}

}  // namespace

llvm::Value* emitSimdConvertOp(SimdBuilder& b, wasm::Opcode op, std::span<llvm::Value* const> operands,
                               const SimdTarget& target) {
    Value* x = operands.empty() ? nullptr : operands[0];
    Value* y = operands.size() > 1 ? operands[1] : nullptr;
    llvm::LLVMContext& llvm = b.getContext();
    switch (op) {
        case O::I16x8ExtendLowI8x16S: return extendHalf(b, x, S::I8x16, false, true);
        case O::I16x8ExtendHighI8x16S: return extendHalf(b, x, S::I8x16, true, true);
        case O::I16x8ExtendLowI8x16U: return extendHalf(b, x, S::I8x16, false, false);
        case O::I16x8ExtendHighI8x16U: return extendHalf(b, x, S::I8x16, true, false);
        case O::I32x4ExtendLowI16x8S: return extendHalf(b, x, S::I16x8, false, true);
        case O::I32x4ExtendHighI16x8S: return extendHalf(b, x, S::I16x8, true, true);
        case O::I32x4ExtendLowI16x8U: return extendHalf(b, x, S::I16x8, false, false);
        case O::I32x4ExtendHighI16x8U: return extendHalf(b, x, S::I16x8, true, false);
        case O::I64x2ExtendLowI32x4S: return extendHalf(b, x, S::I32x4, false, true);
        case O::I64x2ExtendHighI32x4S: return extendHalf(b, x, S::I32x4, true, true);
        case O::I64x2ExtendLowI32x4U: return extendHalf(b, x, S::I32x4, false, false);
        case O::I64x2ExtendHighI32x4U: return extendHalf(b, x, S::I32x4, true, false);

        case O::I8x16NarrowI16x8S: return narrow(b, x, y, S::I16x8, true, target);
        case O::I8x16NarrowI16x8U: return narrow(b, x, y, S::I16x8, false, target);
        case O::I16x8NarrowI32x4S: return narrow(b, x, y, S::I32x4, true, target);
        case O::I16x8NarrowI32x4U: return narrow(b, x, y, S::I32x4, false, target);

        // Integer to float: rounds to nearest, ties to even.
        case O::F32x4ConvertI32x4S:
            return asV128(b, b.CreateSIToFP(asLanes(b, x, S::I32x4), shapeType(llvm, S::F32x4)));
        case O::F32x4ConvertI32x4U:
            return asV128(b, b.CreateUIToFP(asLanes(b, x, S::I32x4), shapeType(llvm, S::F32x4)));
        case O::F64x2ConvertLowI32x4S:
            return asV128(
                b, b.CreateSIToFP(subLanes(b, asLanes(b, x, S::I32x4), 0, 2), shapeType(llvm, S::F64x2)));
        case O::F64x2ConvertLowI32x4U:
            return asV128(
                b, b.CreateUIToFP(subLanes(b, asLanes(b, x, S::I32x4), 0, 2), shapeType(llvm, S::F64x2)));

        case O::I32x4TruncSatF32x4S: return asV128(b, truncSaturate(b, asLanes(b, x, S::F32x4), true));
        case O::I32x4TruncSatF32x4U: return asV128(b, truncSaturate(b, asLanes(b, x, S::F32x4), false));
        case O::I32x4TruncSatF64x2SZero:
            return withZeroUpperHalf(b, truncSaturate(b, asLanes(b, x, S::F64x2), true));
        case O::I32x4TruncSatF64x2UZero:
            return withZeroUpperHalf(b, truncSaturate(b, asLanes(b, x, S::F64x2), false));

        case O::F32x4DemoteF64x2Zero: return demote(b, x);
        case O::F64x2PromoteLowF32x4:
            return asV128(
                b, b.CreateFPExt(subLanes(b, asLanes(b, x, S::F32x4), 0, 2), shapeType(llvm, S::F64x2)));
        default: return nullptr;
    }
}

}  // namespace faaslet::compiler
