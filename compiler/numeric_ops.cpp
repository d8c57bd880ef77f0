#include "compiler/numeric_ops.h"

#include <cmath>

#include "llvm/IR/Constants.h"
#include "llvm/IR/InlineAsm.h"
#include "llvm/IR/Intrinsics.h"
#include "llvm/Support/ErrorHandling.h"

namespace faaslet::compiler {

namespace {

// LLVM treats a signaling NaN's quiet bit as unobservable, so it folds x - 0.0, x * 1.0, x / 1.0,
// -0.0 - x, x * -1.0 to x or -x and demote(promote(x)) to x; WebAssembly requires those to return
// a quiet (arithmetic) NaN for a signaling input. An empty inline asm hides the value that enables
// such a fold, at the cost of one register move where it applies.
llvm::Value* opaque(llvm::IRBuilder<>& b, llvm::Value* v) {
    auto* type = llvm::FunctionType::get(v->getType(), {v->getType()}, false);
    return b.CreateCall(llvm::InlineAsm::get(type, "", "=x,0", /*hasSideEffects=*/false), {v});
}

// Whether `v` is a constant that lets LLVM drop the arithmetic (+-0, +-1).
bool enablesIdentityFold(llvm::Value* v) {
    auto* c = llvm::dyn_cast<llvm::ConstantFP>(v);
    if (!c) return false;
    const llvm::APFloat& f = c->getValueAPF();
    return f.isZero() || f.isExactlyValue(1.0) || f.isExactlyValue(-1.0);
}

llvm::Value* guarded(llvm::IRBuilder<>& b, llvm::Value* v) { return enablesIdentityFold(v) ? opaque(b, v) : v; }

using llvm::Value;
using Builder = llvm::IRBuilder<>;
using O = wasm::Opcode;
using Pred = llvm::CmpInst::Predicate;
using Trap = abi::TrapCode;

bool isNumericOp(wasm::Opcode op) {
    const wasm::OpcodeInfo& i = wasm::info(op);
    return (i.prefix == 0x00 || i.prefix == 0xfc) && i.immediate == wasm::Immediate::None &&
           i.result != wasm::OperandType::Special;
}

unsigned arity(wasm::Opcode op) {
    unsigned n = 0;
    for (wasm::OperandType p : wasm::info(op).params) n += p != wasm::OperandType::None;
    return n;
}

Value* toI32(Builder& b, Value* condition) {
    return b.CreateZExt(condition, b.getInt32Ty());
}

// ---- integers ---------------------------------------------------------------------------------

Value* intConstant(Value* like, uint64_t value) {
    return llvm::ConstantInt::get(like->getType(), value);
}

// div_s, div_u, rem_s, rem_u. LLVM's sdiv/udiv/srem/urem are UB on a zero divisor and sdiv/srem
// on INT_MIN / -1, so those cases are excluded before the instruction is reached.
Value* divide(Builder& b, TrapEmitter& traps, Value* x, Value* y, bool isSigned, bool isRem) {
    traps.trapIf(b.CreateICmpEQ(y, intConstant(y, 0)), Trap::IntegerDivideByZero);
    if (!isSigned) return isRem ? b.CreateURem(x, y) : b.CreateUDiv(x, y);
    Value* divisorIsMinusOne = b.CreateICmpEQ(y, llvm::Constant::getAllOnesValue(y->getType()));
    if (isRem) {
        // x rem_s -1 is 0 for every x, and so is x srem 1: dividing by 1 instead of -1 gives the
        // spec's 0 for INT_MIN rem_s -1 without the overflow, branch-free.
        return b.CreateSRem(x, b.CreateSelect(divisorIsMinusOne, intConstant(y, 1), y));
    }
    const unsigned bits = x->getType()->getIntegerBitWidth();
    Value* dividendIsMin =
        b.CreateICmpEQ(x, llvm::ConstantInt::get(x->getType(), llvm::APInt::getSignedMinValue(bits)));
    traps.trapIf(b.CreateAnd(dividendIsMin, divisorIsMinusOne), Trap::IntegerOverflow);
    return b.CreateSDiv(x, y);
}

// shl, shr_s, shr_u: the count is taken modulo the width (LLVM's shifts are poison at >= width).
Value* shift(Builder& b, llvm::Instruction::BinaryOps opcode, Value* x, Value* count) {
    const unsigned bits = x->getType()->getIntegerBitWidth();
    return b.CreateBinOp(opcode, x, b.CreateAnd(count, intConstant(count, bits - 1)));
}

// rotl, rotr: a funnel shift of a value with itself is a rotate; its count is already modulo the
// width.
Value* rotate(Builder& b, llvm::Intrinsic::ID id, Value* x, Value* count) {
    return b.CreateIntrinsic(id, {x->getType()}, {x, x, count});
}

Value* bitCount(Builder& b, llvm::Intrinsic::ID id, Value* x) {
    if (id == llvm::Intrinsic::ctpop) return b.CreateUnaryIntrinsic(id, x);
    return b.CreateIntrinsic(id, {x->getType()}, {x, b.getFalse()});  // is_zero_poison = false
}

// ---- floats -----------------------------------------------------------------------------------

// min and max: NaN if either operand is NaN, and -0 < +0. Built from compares rather than with
// llvm.minimum/llvm.maximum: those get NaNs and zeros right on x86-64 in LLVM 19, but return a
// signaling NaN operand unquieted (both the backend's lowering and the constant folder), where
// the spec wants an arithmetic (quiet) NaN; the fix-up would cost more than this whole sequence,
// which selects to minss/maxss, cmpeqss, orps/andps, addss, cmpunordss and blends, no branches.
Value* minMax(Builder& b, bool isMax, Value* x, Value* y) {
    // Unordered: x + y is a quiet NaN made from an operand NaN (canonical if that one is).
    Value* eitherNan = b.CreateFCmpUNO(x, y);
    Value* nan = b.CreateFAdd(x, y);
    // Equal: the same value, except +0 against -0, where the bits differ only in the sign: OR
    // them for min (-0), AND them for max (+0).
    llvm::Type* intType = b.getIntNTy(x->getType()->getPrimitiveSizeInBits());
    Value* xBits = b.CreateBitCast(x, intType);
    Value* yBits = b.CreateBitCast(y, intType);
    Value* equal =
        b.CreateBitCast(isMax ? b.CreateAnd(xBits, yBits) : b.CreateOr(xBits, yBits), x->getType());
    // Otherwise the ordered comparison decides.
    Value* ordered = b.CreateSelect(isMax ? b.CreateFCmpOGT(x, y) : b.CreateFCmpOLT(x, y), x, y);
    return b.CreateSelect(eitherNan, nan, b.CreateSelect(b.CreateFCmpOEQ(x, y), equal, ordered));
}

// ---- conversions ------------------------------------------------------------------------------

// The trapping truncations: NaN -> invalid conversion; a value whose truncation does not fit the
// target -> integer overflow. Both checks precede fptosi/fptoui, which are poison out of range.
Value* truncTrapping(Builder& b, TrapEmitter& traps, Value* x, llvm::Type* intType, bool isSigned) {
    traps.trapIf(b.CreateFCmpUNO(x, x), Trap::InvalidConversionToInteger);

    // trunc(x) fits in N bits iff lower < x < upper, with the bounds exact in the float type:
    // unsigned: -1 < x < 2^N; signed: -2^(N-1) - 1 < x < 2^(N-1). -2^(N-1) - 1 is a float only
    // for f64 -> i32 (it needs N significant bits); otherwise the next float above it is
    // -2^(N-1) itself, so the test becomes -2^(N-1) <= x.
    const unsigned bits = intType->getIntegerBitWidth();
    llvm::Type* fpType = x->getType();
    const unsigned mantissaBits = fpType->isDoubleTy() ? 53 : 24;
    double lower;
    bool lowerInclusive = false;
    if (!isSigned) {
        lower = -1.0;
    } else if (bits <= mantissaBits) {
        lower = -std::ldexp(1.0, int(bits) - 1) - 1.0;
    } else {
        lower = -std::ldexp(1.0, int(bits) - 1);
        lowerInclusive = true;
    }
    const double upper = std::ldexp(1.0, int(isSigned ? bits - 1 : bits));
    // Both bounds are exact in f32 as well (-1, -2^31, -2^63, 2^31, 2^32, 2^63, 2^64).
    Value* belowRange = lowerInclusive ? b.CreateFCmpOLT(x, llvm::ConstantFP::get(fpType, lower))
                                       : b.CreateFCmpOLE(x, llvm::ConstantFP::get(fpType, lower));
    Value* aboveRange = b.CreateFCmpOGE(x, llvm::ConstantFP::get(fpType, upper));
    traps.trapIf(b.CreateOr(belowRange, aboveRange), Trap::IntegerOverflow);
    return isSigned ? b.CreateFPToSI(x, intType) : b.CreateFPToUI(x, intType);
}

// trunc_sat: llvm.fpto[su]i.sat saturate and map NaN to 0, which is the spec's definition.
Value* truncSaturating(Builder& b, Value* x, llvm::Type* intType, bool isSigned) {
    return b.CreateIntrinsic(isSigned ? llvm::Intrinsic::fptosi_sat : llvm::Intrinsic::fptoui_sat,
                             {intType, x->getType()}, {x});
}

// extend8_s, extend16_s, extend32_s: sign-extend the low `from` bits in place.
Value* extendLow(Builder& b, Value* x, unsigned from) {
    return b.CreateSExt(b.CreateTrunc(x, b.getIntNTy(from)), x->getType());
}

}  // namespace

llvm::Value* emitNumericOp(llvm::IRBuilder<>& builder, wasm::Opcode op,
                           std::span<llvm::Value* const> operands, TrapEmitter& traps) {
    if (!isNumericOp(op)) return nullptr;
    if (operands.size() != arity(op)) {
        llvm::report_fatal_error(llvm::Twine("emitNumericOp: wrong operand count for ") + wasm::toString(op));
    }
    Builder& b = builder;
    // Strict IEEE: whatever default flags the caller's builder carries, none apply here. (Calls,
    // including intrinsics, would otherwise pick them up.)
    llvm::IRBuilderBase::FastMathFlagGuard fmfGuard(b);
    b.clearFastMathFlags();

    Value* x = operands[0];
    Value* y = operands.size() > 1 ? operands[1] : nullptr;
    llvm::Type* i32 = b.getInt32Ty();
    llvm::Type* i64 = b.getInt64Ty();
    llvm::Type* f32 = b.getFloatTy();
    llvm::Type* f64 = b.getDoubleTy();
    namespace I = llvm::Intrinsic;
    using BinOp = llvm::Instruction::BinaryOps;

    switch (op) {
        // Integer comparisons.
        case O::I32Eqz:
        case O::I64Eqz: return toI32(b, b.CreateICmpEQ(x, intConstant(x, 0)));
        case O::I32Eq:
        case O::I64Eq: return toI32(b, b.CreateICmp(Pred::ICMP_EQ, x, y));
        case O::I32Ne:
        case O::I64Ne: return toI32(b, b.CreateICmp(Pred::ICMP_NE, x, y));
        case O::I32LtS:
        case O::I64LtS: return toI32(b, b.CreateICmp(Pred::ICMP_SLT, x, y));
        case O::I32LtU:
        case O::I64LtU: return toI32(b, b.CreateICmp(Pred::ICMP_ULT, x, y));
        case O::I32GtS:
        case O::I64GtS: return toI32(b, b.CreateICmp(Pred::ICMP_SGT, x, y));
        case O::I32GtU:
        case O::I64GtU: return toI32(b, b.CreateICmp(Pred::ICMP_UGT, x, y));
        case O::I32LeS:
        case O::I64LeS: return toI32(b, b.CreateICmp(Pred::ICMP_SLE, x, y));
        case O::I32LeU:
        case O::I64LeU: return toI32(b, b.CreateICmp(Pred::ICMP_ULE, x, y));
        case O::I32GeS:
        case O::I64GeS: return toI32(b, b.CreateICmp(Pred::ICMP_SGE, x, y));
        case O::I32GeU:
        case O::I64GeU: return toI32(b, b.CreateICmp(Pred::ICMP_UGE, x, y));

        // Float comparisons: ne is the only one true on NaN.
        case O::F32Eq:
        case O::F64Eq: return toI32(b, b.CreateFCmp(Pred::FCMP_OEQ, x, y));
        case O::F32Ne:
        case O::F64Ne: return toI32(b, b.CreateFCmp(Pred::FCMP_UNE, x, y));
        case O::F32Lt:
        case O::F64Lt: return toI32(b, b.CreateFCmp(Pred::FCMP_OLT, x, y));
        case O::F32Gt:
        case O::F64Gt: return toI32(b, b.CreateFCmp(Pred::FCMP_OGT, x, y));
        case O::F32Le:
        case O::F64Le: return toI32(b, b.CreateFCmp(Pred::FCMP_OLE, x, y));
        case O::F32Ge:
        case O::F64Ge: return toI32(b, b.CreateFCmp(Pred::FCMP_OGE, x, y));

        // Integer arithmetic (wrapping: no nsw/nuw).
        case O::I32Clz:
        case O::I64Clz: return bitCount(b, I::ctlz, x);
        case O::I32Ctz:
        case O::I64Ctz: return bitCount(b, I::cttz, x);
        case O::I32Popcnt:
        case O::I64Popcnt: return bitCount(b, I::ctpop, x);
        case O::I32Add:
        case O::I64Add: return b.CreateAdd(x, y);
        case O::I32Sub:
        case O::I64Sub: return b.CreateSub(x, y);
        case O::I32Mul:
        case O::I64Mul: return b.CreateMul(x, y);
        case O::I32DivS:
        case O::I64DivS: return divide(b, traps, x, y, true, false);
        case O::I32DivU:
        case O::I64DivU: return divide(b, traps, x, y, false, false);
        case O::I32RemS:
        case O::I64RemS: return divide(b, traps, x, y, true, true);
        case O::I32RemU:
        case O::I64RemU: return divide(b, traps, x, y, false, true);
        case O::I32And:
        case O::I64And: return b.CreateAnd(x, y);
        case O::I32Or:
        case O::I64Or: return b.CreateOr(x, y);
        case O::I32Xor:
        case O::I64Xor: return b.CreateXor(x, y);
        case O::I32Shl:
        case O::I64Shl: return shift(b, BinOp::Shl, x, y);
        case O::I32ShrS:
        case O::I64ShrS: return shift(b, BinOp::AShr, x, y);
        case O::I32ShrU:
        case O::I64ShrU: return shift(b, BinOp::LShr, x, y);
        case O::I32Rotl:
        case O::I64Rotl: return rotate(b, I::fshl, x, y);
        case O::I32Rotr:
        case O::I64Rotr: return rotate(b, I::fshr, x, y);

        // Float arithmetic. fneg, llvm.fabs and llvm.copysign are defined by LLVM as sign-bit
        // operations that keep the rest of the bits, NaN payload and signaling bit included
        // (IEEE 754 negate/abs/copySign), exactly as WebAssembly requires.
        case O::F32Abs:
        case O::F64Abs: return b.CreateUnaryIntrinsic(I::fabs, x);
        case O::F32Neg:
        case O::F64Neg: return b.CreateFNeg(x);
        case O::F32Copysign:
        case O::F64Copysign: return b.CreateBinaryIntrinsic(I::copysign, x, y);
        case O::F32Ceil:
        case O::F64Ceil: return b.CreateUnaryIntrinsic(I::ceil, x);
        case O::F32Floor:
        case O::F64Floor: return b.CreateUnaryIntrinsic(I::floor, x);
        case O::F32Trunc:
        case O::F64Trunc: return b.CreateUnaryIntrinsic(I::trunc, x);
        case O::F32Nearest:
        case O::F64Nearest: return b.CreateUnaryIntrinsic(I::roundeven, x);
        case O::F32Sqrt:
        case O::F64Sqrt: return b.CreateUnaryIntrinsic(I::sqrt, x);
        case O::F32Add:
        case O::F64Add: return b.CreateFAdd(guarded(b, x), guarded(b, y));
        case O::F32Sub:
        case O::F64Sub: return b.CreateFSub(guarded(b, x), guarded(b, y));
        case O::F32Mul:
        case O::F64Mul: return b.CreateFMul(guarded(b, x), guarded(b, y));
        case O::F32Div:
        case O::F64Div: return b.CreateFDiv(guarded(b, x), guarded(b, y));
        case O::F32Min:
        case O::F64Min: return minMax(b, false, x, y);
        case O::F32Max:
        case O::F64Max: return minMax(b, true, x, y);

        // Integer width changes.
        case O::I32WrapI64: return b.CreateTrunc(x, i32);
        case O::I64ExtendI32S: return b.CreateSExt(x, i64);
        case O::I64ExtendI32U: return b.CreateZExt(x, i64);
        case O::I32Extend8S:
        case O::I64Extend8S: return extendLow(b, x, 8);
        case O::I32Extend16S:
        case O::I64Extend16S: return extendLow(b, x, 16);
        case O::I64Extend32S: return extendLow(b, x, 32);

        // Float to integer.
        case O::I32TruncF32S:
        case O::I32TruncF64S: return truncTrapping(b, traps, x, i32, true);
        case O::I32TruncF32U:
        case O::I32TruncF64U: return truncTrapping(b, traps, x, i32, false);
        case O::I64TruncF32S:
        case O::I64TruncF64S: return truncTrapping(b, traps, x, i64, true);
        case O::I64TruncF32U:
        case O::I64TruncF64U: return truncTrapping(b, traps, x, i64, false);
        case O::I32TruncSatF32S:
        case O::I32TruncSatF64S: return truncSaturating(b, x, i32, true);
        case O::I32TruncSatF32U:
        case O::I32TruncSatF64U: return truncSaturating(b, x, i32, false);
        case O::I64TruncSatF32S:
        case O::I64TruncSatF64S: return truncSaturating(b, x, i64, true);
        case O::I64TruncSatF32U:
        case O::I64TruncSatF64U: return truncSaturating(b, x, i64, false);

        // Integer to float: rounds to nearest, ties to even. (No nneg flag on uitofp.)
        case O::F32ConvertI32S:
        case O::F32ConvertI64S: return b.CreateSIToFP(x, f32);
        case O::F32ConvertI32U:
        case O::F32ConvertI64U: return b.CreateUIToFP(x, f32);
        case O::F64ConvertI32S:
        case O::F64ConvertI64S: return b.CreateSIToFP(x, f64);
        case O::F64ConvertI32U:
        case O::F64ConvertI64U: return b.CreateUIToFP(x, f64);

        // Float to float. A NaN comes out quiet, keeping what fits of its payload: canonical in,
        // canonical out, as the spec requires.
        case O::F32DemoteF64: return b.CreateFPTrunc(llvm::isa<llvm::FPExtInst>(x) ? opaque(b, x) : x, f32);
        case O::F64PromoteF32: return b.CreateFPExt(x, f64);

        // Reinterpretations.
        case O::I32ReinterpretF32: return b.CreateBitCast(x, i32);
        case O::I64ReinterpretF64: return b.CreateBitCast(x, i64);
        case O::F32ReinterpretI32: return b.CreateBitCast(x, f32);
        case O::F64ReinterpretI64: return b.CreateBitCast(x, f64);

        default: break;
    }
    // isNumericOp() and the switch disagree: opcodes.def gained a numeric row nobody lowers.
    llvm::report_fatal_error(llvm::Twine("emitNumericOp: numeric opcode not lowered: ") + wasm::toString(op));
}

}  // namespace faaslet::compiler
