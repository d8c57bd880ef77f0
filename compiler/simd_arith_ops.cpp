// SIMD arithmetic, lane by lane: integer add/sub/mul/neg/abs, saturating add and sub, min/max,
// rounding average, shifts, popcnt, q15 multiply, dot product, extended multiply, pairwise add;
// float arithmetic, sqrt, rounding, min/max and pmin/pmax; and all the lane comparisons.

#include "compiler/numeric_ops.h"
#include "compiler/simd_ops.h"
#include "llvm/IR/Constants.h"
#include "llvm/IR/Intrinsics.h"
#include "llvm/IR/IntrinsicsX86.h"

namespace faaslet::compiler {

namespace {

using llvm::Value;
using O = wasm::Opcode;
using Pred = llvm::CmpInst::Predicate;
namespace I = llvm::Intrinsic;

llvm::FixedVectorType* vectorTypeOf(Value* v) {
    return llvm::cast<llvm::FixedVectorType>(v->getType());
}

// The same lanes, each twice as wide (for the widening operations).
llvm::FixedVectorType* widened(llvm::FixedVectorType* type, unsigned lanes) {
    return llvm::FixedVectorType::get(
        llvm::IntegerType::get(type->getContext(), type->getElementType()->getIntegerBitWidth() * 2), lanes);
}

// Lanes [first, first + count) of `v`.
Value* subLanes(SimdBuilder& b, Value* v, unsigned first, unsigned count, unsigned step = 1) {
    llvm::SmallVector<int, 16> mask;
    for (unsigned i = 0; i < count; ++i) mask.push_back(int(first + i * step));
    return b.CreateShuffleVector(v, mask);
}

Value* extend(SimdBuilder& b, Value* v, llvm::Type* to, bool isSigned) {
    return isSigned ? b.CreateSExt(v, to) : b.CreateZExt(v, to);
}

// ---- integers ---------------------------------------------------------------------------------

Value* binary(SimdBuilder& b, llvm::Instruction::BinaryOps opcode, Value* x, Value* y, Shape shape) {
    return asV128(b, b.CreateBinOp(opcode, asLanes(b, x, shape), asLanes(b, y, shape)));
}

Value* intrinsic2(SimdBuilder& b, llvm::Intrinsic::ID id, Value* x, Value* y, Shape shape) {
    return asV128(b, b.CreateBinaryIntrinsic(id, asLanes(b, x, shape), asLanes(b, y, shape)));
}

Value* neg(SimdBuilder& b, Value* x, Shape shape) {
    return asV128(b, b.CreateNeg(asLanes(b, x, shape)));
}

// abs(INT_MIN) is INT_MIN in WebAssembly: is_int_min_poison = false.
Value* abs(SimdBuilder& b, Value* x, Shape shape) {
    return asV128(b, b.CreateBinaryIntrinsic(I::abs, asLanes(b, x, shape), b.getFalse()));
}

// The count is an i32 taken modulo the lane width (LLVM's shifts are poison at >= width); one
// count for every lane, which x86 shifts by an xmm count take as they are.
Value* shift(SimdBuilder& b, llvm::Instruction::BinaryOps opcode, Value* x, Value* count, Shape shape) {
    Value* lanes = asLanes(b, x, shape);
    llvm::FixedVectorType* type = vectorTypeOf(lanes);
    const unsigned bits = type->getElementType()->getIntegerBitWidth();
    Value* masked = b.CreateZExtOrTrunc(b.CreateAnd(count, b.getInt32(bits - 1)), type->getElementType());
    return asV128(b, b.CreateBinOp(opcode, lanes, b.CreateVectorSplat(type->getNumElements(), masked)));
}

// (x + y + 1) / 2 without overflow: computed in lanes twice as wide (the shape of pavgb/pavgw).
Value* roundingAverage(SimdBuilder& b, Value* x, Value* y, Shape shape) {
    Value* a = asLanes(b, x, shape);
    llvm::FixedVectorType* wide = widened(vectorTypeOf(a), vectorTypeOf(a)->getNumElements());
    Value* sum = b.CreateAdd(b.CreateAdd(b.CreateZExt(a, wide), b.CreateZExt(asLanes(b, y, shape), wide)),
                             llvm::ConstantInt::get(wide, 1));
    return asV128(b, b.CreateTrunc(b.CreateLShr(sum, llvm::ConstantInt::get(wide, 1)), a->getType()));
}

// (x * y + 2^14) >> 15, saturated: only -32768 * -32768 overflows, to 32768. pmulhrsw computes
// exactly that but wraps the overflow to -32768, which no other product gives: those lanes are
// flipped to 32767. Without SSSE3, the definition in i32 lanes.
Value* q15MulRoundSat(SimdBuilder& b, Value* x, Value* y, const SimdTarget& target) {
    Value* a = asLanes(b, x, Shape::I16x8);
    if (target.ssse3) {
        Value* product = b.CreateIntrinsic(I::x86_ssse3_pmul_hr_sw_128, {}, {a, asLanes(b, y, Shape::I16x8)});
        Value* overflowed = b.CreateICmpEQ(product, llvm::ConstantInt::get(a->getType(), 0x8000));
        return asV128(b, b.CreateXor(product, b.CreateSExt(overflowed, a->getType())));
    }
    llvm::FixedVectorType* wide = widened(vectorTypeOf(a), 8);
    Value* product = b.CreateMul(b.CreateSExt(a, wide), b.CreateSExt(asLanes(b, y, Shape::I16x8), wide));
    Value* rounded = b.CreateAShr(b.CreateAdd(product, llvm::ConstantInt::get(wide, 0x4000)),
                                  llvm::ConstantInt::get(wide, 15));
    Value* saturated = b.CreateBinaryIntrinsic(I::smin, rounded, llvm::ConstantInt::get(wide, 0x7fff));
    return asV128(b, b.CreateTrunc(saturated, a->getType()));
}

// Products of the sign-extended i16 lanes, adjacent pairs summed (pmaddwd). The one overflowing
// sum, 2 * (-32768 * -32768), wraps to INT32_MIN as the spec's modular addition does.
Value* dot(SimdBuilder& b, Value* x, Value* y) {
    llvm::FixedVectorType* wide = widened(shapeType(b.getContext(), Shape::I16x8), 8);
    Value* products = b.CreateMul(b.CreateSExt(asLanes(b, x, Shape::I16x8), wide),
                                  b.CreateSExt(asLanes(b, y, Shape::I16x8), wide));
    return asV128(b, b.CreateAdd(subLanes(b, products, 0, 4, 2), subLanes(b, products, 1, 4, 2)));
}

// extmul_low/high: the low or high half of the lanes, widened, multiplied.
Value* extendedMultiply(SimdBuilder& b, Value* x, Value* y, Shape shape, bool high, bool isSigned) {
    Value* a = asLanes(b, x, shape);
    const unsigned half = vectorTypeOf(a)->getNumElements() / 2;
    llvm::FixedVectorType* wide = widened(vectorTypeOf(a), half);
    Value* xs = extend(b, subLanes(b, a, high ? half : 0, half), wide, isSigned);
    Value* ys = extend(b, subLanes(b, asLanes(b, y, shape), high ? half : 0, half), wide, isSigned);
    return asV128(b, b.CreateMul(xs, ys));
}

// extadd_pairwise: adjacent lanes widened and summed. The multiply-adds with a vector of ones
// do it in one instruction where their operand signedness fits (pmaddubsw multiplies unsigned
// bytes of its first operand by signed bytes of its second; pmaddwd is signed; no sum
// saturates); otherwise two shuffles, two extensions and an add.
Value* pairwiseAdd(SimdBuilder& b, Value* x, Shape shape, bool isSigned, const SimdTarget& target) {
    Value* a = asLanes(b, x, shape);
    Value* ones = llvm::ConstantInt::get(a->getType(), 1);
    if (shape == Shape::I8x16 && target.ssse3) {
        Value* unsignedBytes = isSigned ? ones : a;
        Value* signedBytes = isSigned ? a : ones;
        return asV128(b, b.CreateIntrinsic(I::x86_ssse3_pmadd_ub_sw_128, {}, {unsignedBytes, signedBytes}));
    }
    if (shape == Shape::I16x8 && isSigned)
        return asV128(b, b.CreateIntrinsic(I::x86_sse2_pmadd_wd, {}, {a, ones}));
    const unsigned half = vectorTypeOf(a)->getNumElements() / 2;
    llvm::FixedVectorType* wide = widened(vectorTypeOf(a), half);
    return asV128(b, b.CreateAdd(extend(b, subLanes(b, a, 0, half, 2), wide, isSigned),
                                 extend(b, subLanes(b, a, 1, half, 2), wide, isSigned)));
}

// Comparisons give all ones or all zeros per lane.
Value* compare(SimdBuilder& b, Pred predicate, Value* x, Value* y, Shape shape) {
    Value* a = asLanes(b, x, shape);
    Value* result = llvm::CmpInst::isFPPredicate(predicate)
                        ? b.CreateFCmp(predicate, a, asLanes(b, y, shape))
                        : b.CreateICmp(predicate, a, asLanes(b, y, shape));
    llvm::Type* intLanes = shapeType(b.getContext(), shape == Shape::F32x4   ? Shape::I32x4
                                                     : shape == Shape::F64x2 ? Shape::I64x2
                                                                             : shape);
    return asV128(b, b.CreateSExt(result, intLanes));
}

// ---- floats -----------------------------------------------------------------------------------

// Whether some lane of `v` is a constant that lets LLVM drop the arithmetic (+-0, +-1), or a lane
// LLVM may pick freely (undef, poison).
bool enablesIdentityFold(Value* v) {
    auto* c = llvm::dyn_cast<llvm::Constant>(v);
    if (!c) return false;
    for (unsigned i = 0, n = vectorTypeOf(v)->getNumElements(); i < n; ++i) {
        auto* lane = llvm::dyn_cast_or_null<llvm::ConstantFP>(c->getAggregateElement(i));
        if (!lane) return true;
        const llvm::APFloat& f = lane->getValueAPF();
        if (f.isZero() || f.isExactlyValue(1.0) || f.isExactlyValue(-1.0)) return true;
    }
    return false;
}

Value* floatBinary(SimdBuilder& b, llvm::Instruction::BinaryOps opcode, Value* x, Value* y, Shape shape) {
    Value* a = asLanes(b, x, shape);
    Value* c = asLanes(b, y, shape);
    if (enablesIdentityFold(a)) a = hideFromFolds(b, a);
    if (enablesIdentityFold(c)) c = hideFromFolds(b, c);
    return asV128(b, b.CreateBinOp(opcode, a, c));
}

Value* floatUnary(SimdBuilder& b, llvm::Intrinsic::ID id, Value* x, Shape shape) {
    return asV128(b, b.CreateUnaryIntrinsic(id, asLanes(b, x, shape)));
}

// min/max: NaN if either lane is NaN, and -0 < +0. "x < y ? x : y" is exactly x86's minps x, y
// (y when unordered or equal), so both orders are computed and combined bitwise: they differ only
// where the lanes are equal, i.e. for +0 against -0, where OR gives min's -0 and AND max's +0.
// Lanes with a NaN operand become the canonical NaN. minps, minps, orps, cmpunordps, a blend.
Value* minMax(SimdBuilder& b, Value* x, Value* y, Shape shape, bool isMax) {
    Value* a = asLanes(b, x, shape);
    Value* c = asLanes(b, y, shape);
    const Pred order = isMax ? Pred::FCMP_OGT : Pred::FCMP_OLT;
    Value* first = b.CreateSelect(b.CreateFCmp(order, a, c), a, c);
    Value* second = b.CreateSelect(b.CreateFCmp(order, c, a), c, a);
    const Shape bitsShape = shape == Shape::F32x4 ? Shape::I32x4 : Shape::I64x2;
    Value* firstBits = asLanes(b, first, bitsShape);
    Value* secondBits = asLanes(b, second, bitsShape);
    Value* combined = isMax ? b.CreateAnd(firstBits, secondBits) : b.CreateOr(firstBits, secondBits);
    Value* nan = llvm::ConstantFP::getQNaN(a->getType());
    return asV128(b, b.CreateSelect(b.CreateFCmpUNO(a, c), nan, b.CreateBitCast(combined, a->getType())));
}

// pmin = y < x ? y : x, pmax = x < y ? y : x: the spec's definitions, selects (minps/maxps).
Value* pseudoMinMax(SimdBuilder& b, Value* x, Value* y, Shape shape, bool isMax) {
    Value* a = asLanes(b, x, shape);
    Value* c = asLanes(b, y, shape);
    Value* result =
        isMax ? b.CreateSelect(b.CreateFCmpOLT(a, c), c, a) : b.CreateSelect(b.CreateFCmpOLT(c, a), c, a);
    return asV128(b, result);
}

}  // namespace

llvm::Value* emitSimdArithOp(SimdBuilder& b, wasm::Opcode op, std::span<llvm::Value* const> operands,
                             const SimdTarget& target) {
    using BinOp = llvm::Instruction::BinaryOps;
    using S = Shape;
    Value* x = operands.empty() ? nullptr : operands[0];
    Value* y = operands.size() > 1 ? operands[1] : nullptr;
    switch (op) {
        // Integer comparisons.
        case O::I8x16Eq: return compare(b, Pred::ICMP_EQ, x, y, S::I8x16);
        case O::I8x16Ne: return compare(b, Pred::ICMP_NE, x, y, S::I8x16);
        case O::I8x16LtS: return compare(b, Pred::ICMP_SLT, x, y, S::I8x16);
        case O::I8x16LtU: return compare(b, Pred::ICMP_ULT, x, y, S::I8x16);
        case O::I8x16GtS: return compare(b, Pred::ICMP_SGT, x, y, S::I8x16);
        case O::I8x16GtU: return compare(b, Pred::ICMP_UGT, x, y, S::I8x16);
        case O::I8x16LeS: return compare(b, Pred::ICMP_SLE, x, y, S::I8x16);
        case O::I8x16LeU: return compare(b, Pred::ICMP_ULE, x, y, S::I8x16);
        case O::I8x16GeS: return compare(b, Pred::ICMP_SGE, x, y, S::I8x16);
        case O::I8x16GeU: return compare(b, Pred::ICMP_UGE, x, y, S::I8x16);
        case O::I16x8Eq: return compare(b, Pred::ICMP_EQ, x, y, S::I16x8);
        case O::I16x8Ne: return compare(b, Pred::ICMP_NE, x, y, S::I16x8);
        case O::I16x8LtS: return compare(b, Pred::ICMP_SLT, x, y, S::I16x8);
        case O::I16x8LtU: return compare(b, Pred::ICMP_ULT, x, y, S::I16x8);
        case O::I16x8GtS: return compare(b, Pred::ICMP_SGT, x, y, S::I16x8);
        case O::I16x8GtU: return compare(b, Pred::ICMP_UGT, x, y, S::I16x8);
        case O::I16x8LeS: return compare(b, Pred::ICMP_SLE, x, y, S::I16x8);
        case O::I16x8LeU: return compare(b, Pred::ICMP_ULE, x, y, S::I16x8);
        case O::I16x8GeS: return compare(b, Pred::ICMP_SGE, x, y, S::I16x8);
        case O::I16x8GeU: return compare(b, Pred::ICMP_UGE, x, y, S::I16x8);
        case O::I32x4Eq: return compare(b, Pred::ICMP_EQ, x, y, S::I32x4);
        case O::I32x4Ne: return compare(b, Pred::ICMP_NE, x, y, S::I32x4);
        case O::I32x4LtS: return compare(b, Pred::ICMP_SLT, x, y, S::I32x4);
        case O::I32x4LtU: return compare(b, Pred::ICMP_ULT, x, y, S::I32x4);
        case O::I32x4GtS: return compare(b, Pred::ICMP_SGT, x, y, S::I32x4);
        case O::I32x4GtU: return compare(b, Pred::ICMP_UGT, x, y, S::I32x4);
        case O::I32x4LeS: return compare(b, Pred::ICMP_SLE, x, y, S::I32x4);
        case O::I32x4LeU: return compare(b, Pred::ICMP_ULE, x, y, S::I32x4);
        case O::I32x4GeS: return compare(b, Pred::ICMP_SGE, x, y, S::I32x4);
        case O::I32x4GeU: return compare(b, Pred::ICMP_UGE, x, y, S::I32x4);
        case O::I64x2Eq: return compare(b, Pred::ICMP_EQ, x, y, S::I64x2);
        case O::I64x2Ne: return compare(b, Pred::ICMP_NE, x, y, S::I64x2);
        case O::I64x2LtS: return compare(b, Pred::ICMP_SLT, x, y, S::I64x2);
        case O::I64x2GtS: return compare(b, Pred::ICMP_SGT, x, y, S::I64x2);
        case O::I64x2LeS: return compare(b, Pred::ICMP_SLE, x, y, S::I64x2);
        case O::I64x2GeS: return compare(b, Pred::ICMP_SGE, x, y, S::I64x2);

        // Float comparisons: ne is the only one true on NaN.
        case O::F32x4Eq: return compare(b, Pred::FCMP_OEQ, x, y, S::F32x4);
        case O::F32x4Ne: return compare(b, Pred::FCMP_UNE, x, y, S::F32x4);
        case O::F32x4Lt: return compare(b, Pred::FCMP_OLT, x, y, S::F32x4);
        case O::F32x4Gt: return compare(b, Pred::FCMP_OGT, x, y, S::F32x4);
        case O::F32x4Le: return compare(b, Pred::FCMP_OLE, x, y, S::F32x4);
        case O::F32x4Ge: return compare(b, Pred::FCMP_OGE, x, y, S::F32x4);
        case O::F64x2Eq: return compare(b, Pred::FCMP_OEQ, x, y, S::F64x2);
        case O::F64x2Ne: return compare(b, Pred::FCMP_UNE, x, y, S::F64x2);
        case O::F64x2Lt: return compare(b, Pred::FCMP_OLT, x, y, S::F64x2);
        case O::F64x2Gt: return compare(b, Pred::FCMP_OGT, x, y, S::F64x2);
        case O::F64x2Le: return compare(b, Pred::FCMP_OLE, x, y, S::F64x2);
        case O::F64x2Ge: return compare(b, Pred::FCMP_OGE, x, y, S::F64x2);

        // Integer arithmetic: wrapping (no nsw/nuw).
        case O::I8x16Add: return binary(b, BinOp::Add, x, y, S::I8x16);
        case O::I16x8Add: return binary(b, BinOp::Add, x, y, S::I16x8);
        case O::I32x4Add: return binary(b, BinOp::Add, x, y, S::I32x4);
        case O::I64x2Add: return binary(b, BinOp::Add, x, y, S::I64x2);
        case O::I8x16Sub: return binary(b, BinOp::Sub, x, y, S::I8x16);
        case O::I16x8Sub: return binary(b, BinOp::Sub, x, y, S::I16x8);
        case O::I32x4Sub: return binary(b, BinOp::Sub, x, y, S::I32x4);
        case O::I64x2Sub: return binary(b, BinOp::Sub, x, y, S::I64x2);
        case O::I16x8Mul: return binary(b, BinOp::Mul, x, y, S::I16x8);
        case O::I32x4Mul: return binary(b, BinOp::Mul, x, y, S::I32x4);
        case O::I64x2Mul: return binary(b, BinOp::Mul, x, y, S::I64x2);
        case O::I8x16Neg: return neg(b, x, S::I8x16);
        case O::I16x8Neg: return neg(b, x, S::I16x8);
        case O::I32x4Neg: return neg(b, x, S::I32x4);
        case O::I64x2Neg: return neg(b, x, S::I64x2);
        case O::I8x16Abs: return abs(b, x, S::I8x16);
        case O::I16x8Abs: return abs(b, x, S::I16x8);
        case O::I32x4Abs: return abs(b, x, S::I32x4);
        case O::I64x2Abs: return abs(b, x, S::I64x2);
        case O::I8x16AddSatS: return intrinsic2(b, I::sadd_sat, x, y, S::I8x16);
        case O::I8x16AddSatU: return intrinsic2(b, I::uadd_sat, x, y, S::I8x16);
        case O::I8x16SubSatS: return intrinsic2(b, I::ssub_sat, x, y, S::I8x16);
        case O::I8x16SubSatU: return intrinsic2(b, I::usub_sat, x, y, S::I8x16);
        case O::I16x8AddSatS: return intrinsic2(b, I::sadd_sat, x, y, S::I16x8);
        case O::I16x8AddSatU: return intrinsic2(b, I::uadd_sat, x, y, S::I16x8);
        case O::I16x8SubSatS: return intrinsic2(b, I::ssub_sat, x, y, S::I16x8);
        case O::I16x8SubSatU: return intrinsic2(b, I::usub_sat, x, y, S::I16x8);
        case O::I8x16MinS: return intrinsic2(b, I::smin, x, y, S::I8x16);
        case O::I8x16MinU: return intrinsic2(b, I::umin, x, y, S::I8x16);
        case O::I8x16MaxS: return intrinsic2(b, I::smax, x, y, S::I8x16);
        case O::I8x16MaxU: return intrinsic2(b, I::umax, x, y, S::I8x16);
        case O::I16x8MinS: return intrinsic2(b, I::smin, x, y, S::I16x8);
        case O::I16x8MinU: return intrinsic2(b, I::umin, x, y, S::I16x8);
        case O::I16x8MaxS: return intrinsic2(b, I::smax, x, y, S::I16x8);
        case O::I16x8MaxU: return intrinsic2(b, I::umax, x, y, S::I16x8);
        case O::I32x4MinS: return intrinsic2(b, I::smin, x, y, S::I32x4);
        case O::I32x4MinU: return intrinsic2(b, I::umin, x, y, S::I32x4);
        case O::I32x4MaxS: return intrinsic2(b, I::smax, x, y, S::I32x4);
        case O::I32x4MaxU: return intrinsic2(b, I::umax, x, y, S::I32x4);
        case O::I8x16AvgrU: return roundingAverage(b, x, y, S::I8x16);
        case O::I16x8AvgrU: return roundingAverage(b, x, y, S::I16x8);
        case O::I8x16Popcnt: return asV128(b, b.CreateUnaryIntrinsic(I::ctpop, asLanes(b, x, S::I8x16)));
        case O::I16x8Q15mulrSatS: return q15MulRoundSat(b, x, y, target);
        case O::I32x4DotI16x8S: return dot(b, x, y);

        case O::I8x16Shl: return shift(b, BinOp::Shl, x, y, S::I8x16);
        case O::I8x16ShrS: return shift(b, BinOp::AShr, x, y, S::I8x16);
        case O::I8x16ShrU: return shift(b, BinOp::LShr, x, y, S::I8x16);
        case O::I16x8Shl: return shift(b, BinOp::Shl, x, y, S::I16x8);
        case O::I16x8ShrS: return shift(b, BinOp::AShr, x, y, S::I16x8);
        case O::I16x8ShrU: return shift(b, BinOp::LShr, x, y, S::I16x8);
        case O::I32x4Shl: return shift(b, BinOp::Shl, x, y, S::I32x4);
        case O::I32x4ShrS: return shift(b, BinOp::AShr, x, y, S::I32x4);
        case O::I32x4ShrU: return shift(b, BinOp::LShr, x, y, S::I32x4);
        case O::I64x2Shl: return shift(b, BinOp::Shl, x, y, S::I64x2);
        case O::I64x2ShrS: return shift(b, BinOp::AShr, x, y, S::I64x2);
        case O::I64x2ShrU: return shift(b, BinOp::LShr, x, y, S::I64x2);

        case O::I16x8ExtmulLowI8x16S: return extendedMultiply(b, x, y, S::I8x16, false, true);
        case O::I16x8ExtmulHighI8x16S: return extendedMultiply(b, x, y, S::I8x16, true, true);
        case O::I16x8ExtmulLowI8x16U: return extendedMultiply(b, x, y, S::I8x16, false, false);
        case O::I16x8ExtmulHighI8x16U: return extendedMultiply(b, x, y, S::I8x16, true, false);
        case O::I32x4ExtmulLowI16x8S: return extendedMultiply(b, x, y, S::I16x8, false, true);
        case O::I32x4ExtmulHighI16x8S: return extendedMultiply(b, x, y, S::I16x8, true, true);
        case O::I32x4ExtmulLowI16x8U: return extendedMultiply(b, x, y, S::I16x8, false, false);
        case O::I32x4ExtmulHighI16x8U: return extendedMultiply(b, x, y, S::I16x8, true, false);
        case O::I64x2ExtmulLowI32x4S: return extendedMultiply(b, x, y, S::I32x4, false, true);
        case O::I64x2ExtmulHighI32x4S: return extendedMultiply(b, x, y, S::I32x4, true, true);
        case O::I64x2ExtmulLowI32x4U: return extendedMultiply(b, x, y, S::I32x4, false, false);
        case O::I64x2ExtmulHighI32x4U: return extendedMultiply(b, x, y, S::I32x4, true, false);
        case O::I16x8ExtaddPairwiseI8x16S: return pairwiseAdd(b, x, S::I8x16, true, target);
        case O::I16x8ExtaddPairwiseI8x16U: return pairwiseAdd(b, x, S::I8x16, false, target);
        case O::I32x4ExtaddPairwiseI16x8S: return pairwiseAdd(b, x, S::I16x8, true, target);
        case O::I32x4ExtaddPairwiseI16x8U: return pairwiseAdd(b, x, S::I16x8, false, target);

        // Float arithmetic; fneg/fabs are sign-bit operations that keep NaN payloads (see
        // numeric_ops.cpp).
        case O::F32x4Add: return floatBinary(b, BinOp::FAdd, x, y, S::F32x4);
        case O::F32x4Sub: return floatBinary(b, BinOp::FSub, x, y, S::F32x4);
        case O::F32x4Mul: return floatBinary(b, BinOp::FMul, x, y, S::F32x4);
        case O::F32x4Div: return floatBinary(b, BinOp::FDiv, x, y, S::F32x4);
        case O::F64x2Add: return floatBinary(b, BinOp::FAdd, x, y, S::F64x2);
        case O::F64x2Sub: return floatBinary(b, BinOp::FSub, x, y, S::F64x2);
        case O::F64x2Mul: return floatBinary(b, BinOp::FMul, x, y, S::F64x2);
        case O::F64x2Div: return floatBinary(b, BinOp::FDiv, x, y, S::F64x2);
        case O::F32x4Abs: return floatUnary(b, I::fabs, x, S::F32x4);
        case O::F64x2Abs: return floatUnary(b, I::fabs, x, S::F64x2);
        case O::F32x4Neg: return asV128(b, b.CreateFNeg(asLanes(b, x, S::F32x4)));
        case O::F64x2Neg: return asV128(b, b.CreateFNeg(asLanes(b, x, S::F64x2)));
        case O::F32x4Sqrt: return floatUnary(b, I::sqrt, x, S::F32x4);
        case O::F64x2Sqrt: return floatUnary(b, I::sqrt, x, S::F64x2);
        case O::F32x4Ceil: return floatUnary(b, I::ceil, x, S::F32x4);
        case O::F32x4Floor: return floatUnary(b, I::floor, x, S::F32x4);
        case O::F32x4Trunc: return floatUnary(b, I::trunc, x, S::F32x4);
        case O::F32x4Nearest: return floatUnary(b, I::roundeven, x, S::F32x4);
        case O::F64x2Ceil: return floatUnary(b, I::ceil, x, S::F64x2);
        case O::F64x2Floor: return floatUnary(b, I::floor, x, S::F64x2);
        case O::F64x2Trunc: return floatUnary(b, I::trunc, x, S::F64x2);
        case O::F64x2Nearest: return floatUnary(b, I::roundeven, x, S::F64x2);
        case O::F32x4Min: return minMax(b, x, y, S::F32x4, false);
        case O::F32x4Max: return minMax(b, x, y, S::F32x4, true);
        case O::F64x2Min: return minMax(b, x, y, S::F64x2, false);
        case O::F64x2Max: return minMax(b, x, y, S::F64x2, true);
        case O::F32x4Pmin: return pseudoMinMax(b, x, y, S::F32x4, false);
        case O::F32x4Pmax: return pseudoMinMax(b, x, y, S::F32x4, true);
        case O::F64x2Pmin: return pseudoMinMax(b, x, y, S::F64x2, false);
        case O::F64x2Pmax: return pseudoMinMax(b, x, y, S::F64x2, true);
        default: return nullptr;
    }
}

}  // namespace faaslet::compiler
