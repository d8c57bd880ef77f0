// SIMD instructions that move lanes or bits rather than compute: v128.const, shuffle and swizzle,
// splat, extract_lane and replace_lane, the bitwise operations, any_true, all_true and bitmask.

#include <cstring>

#include "compiler/simd_ops.h"
#include "llvm/IR/Constants.h"
#include "llvm/IR/IntrinsicsX86.h"

namespace faaslet::compiler {

namespace {

using llvm::Value;
using O = wasm::Opcode;

Value* constant(SimdBuilder& b, const std::array<uint8_t, 16>& bytes) {
    uint64_t halves[2];
    std::memcpy(halves, bytes.data(), 16);  // little-endian lane order, as the host's
    return llvm::ConstantDataVector::get(b.getContext(), llvm::ArrayRef<uint64_t>(halves, 2));
}

Value* shuffle(SimdBuilder& b, Value* x, Value* y, const std::array<uint8_t, 16>& lanes) {
    int mask[16];
    for (int i = 0; i < 16; ++i) mask[i] = lanes[i];  // < 32: the validator checked
    return asV128(b, b.CreateShuffleVector(asLanes(b, x, Shape::I8x16), asLanes(b, y, Shape::I8x16), mask));
}

// x[s[i]] for s[i] < 16, else 0. pshufb zeroes a lane whose index has its top bit set and
// otherwise uses the low four bits; adding 0x70 with unsigned saturation keeps indices below 16
// in 0x70..0x7f and pushes every other one to 0x80 or above.
Value* swizzle(SimdBuilder& b, Value* x, Value* s, const SimdTarget& target) {
    Value* bytes = asLanes(b, x, Shape::I8x16);
    Value* indices = asLanes(b, s, Shape::I8x16);
    llvm::Type* i8x16 = bytes->getType();
    if (target.ssse3) {
        Value* biased =
            b.CreateBinaryIntrinsic(llvm::Intrinsic::uadd_sat, indices, llvm::ConstantInt::get(i8x16, 0x70));
        return asV128(b, b.CreateIntrinsic(llvm::Intrinsic::x86_ssse3_pshuf_b_128, {}, {bytes, biased}));
    }
    // SSE2 only: lane by lane, each index taken modulo 16 (extractelement is poison past the end)
    // and its lane zeroed when the index was 16 or more.
    Value* masked = b.CreateAnd(indices, llvm::ConstantInt::get(i8x16, 15));
    Value* picked = llvm::PoisonValue::get(i8x16);
    for (unsigned i = 0; i < 16; ++i) {
        Value* index = b.CreateExtractElement(masked, b.getInt32(i));
        picked = b.CreateInsertElement(picked, b.CreateExtractElement(bytes, index), b.getInt32(i));
    }
    Value* inRange = b.CreateICmpULT(indices, llvm::ConstantInt::get(i8x16, 16));
    return asV128(b, b.CreateSelect(inRange, picked, llvm::Constant::getNullValue(i8x16)));
}

// The splat operand is an i32 for i8x16 and i16x8: their lanes take its low bits.
Value* splat(SimdBuilder& b, Value* scalar, Shape shape) {
    llvm::FixedVectorType* type = shapeType(b.getContext(), shape);
    if (scalar->getType() != type->getElementType()) scalar = b.CreateTrunc(scalar, type->getElementType());
    return asV128(b, b.CreateVectorSplat(type->getNumElements(), scalar));
}

enum class Ext : uint8_t { None, Signed, Unsigned };

Value* extractLane(SimdBuilder& b, Value* v, Shape shape, uint8_t lane, Ext ext) {
    Value* element = b.CreateExtractElement(asLanes(b, v, shape), b.getInt32(lane));
    if (ext == Ext::Signed) return b.CreateSExt(element, b.getInt32Ty());
    if (ext == Ext::Unsigned) return b.CreateZExt(element, b.getInt32Ty());
    return element;
}

Value* replaceLane(SimdBuilder& b, Value* v, Value* scalar, Shape shape, uint8_t lane) {
    Value* lanes = asLanes(b, v, shape);
    llvm::Type* element = llvm::cast<llvm::FixedVectorType>(lanes->getType())->getElementType();
    if (scalar->getType() != element) scalar = b.CreateTrunc(scalar, element);
    return asV128(b, b.CreateInsertElement(lanes, scalar, b.getInt32(lane)));
}

// One bit per lane, as an integer of the lane count's width.
Value* laneBits(SimdBuilder& b, Value* condition) {
    unsigned lanes = llvm::cast<llvm::FixedVectorType>(condition->getType())->getNumElements();
    return b.CreateBitCast(condition, b.getIntNTy(lanes));
}

// 1 iff every lane is nonzero.
Value* allTrue(SimdBuilder& b, Value* v, Shape shape) {
    Value* lanes = asLanes(b, v, shape);
    Value* bits = laneBits(b, b.CreateICmpNE(lanes, llvm::Constant::getNullValue(lanes->getType())));
    return b.CreateZExt(b.CreateICmpEQ(bits, llvm::Constant::getAllOnesValue(bits->getType())),
                        b.getInt32Ty());
}

// The sign bit of each lane, lane 0 in bit 0.
Value* bitmask(SimdBuilder& b, Value* v, Shape shape) {
    Value* lanes = asLanes(b, v, shape);
    Value* negative = b.CreateICmpSLT(lanes, llvm::Constant::getNullValue(lanes->getType()));
    return b.CreateZExt(laneBits(b, negative), b.getInt32Ty());
}

}  // namespace

llvm::Value* emitSimdLaneOp(SimdBuilder& b, const wasm::Instruction& ins,
                            std::span<llvm::Value* const> operands, const SimdTarget& target) {
    Value* x = operands.empty() ? nullptr : operands[0];
    Value* y = operands.size() > 1 ? operands[1] : nullptr;
    const uint8_t lane = ins.lane;
    switch (ins.op) {
        case O::V128Const: return constant(b, ins.bytes);
        case O::I8x16Shuffle: return shuffle(b, x, y, ins.bytes);
        case O::I8x16Swizzle: return swizzle(b, x, y, target);

        case O::I8x16Splat: return splat(b, x, Shape::I8x16);
        case O::I16x8Splat: return splat(b, x, Shape::I16x8);
        case O::I32x4Splat: return splat(b, x, Shape::I32x4);
        case O::I64x2Splat: return splat(b, x, Shape::I64x2);
        case O::F32x4Splat: return splat(b, x, Shape::F32x4);
        case O::F64x2Splat: return splat(b, x, Shape::F64x2);

        case O::I8x16ExtractLaneS: return extractLane(b, x, Shape::I8x16, lane, Ext::Signed);
        case O::I8x16ExtractLaneU: return extractLane(b, x, Shape::I8x16, lane, Ext::Unsigned);
        case O::I16x8ExtractLaneS: return extractLane(b, x, Shape::I16x8, lane, Ext::Signed);
        case O::I16x8ExtractLaneU: return extractLane(b, x, Shape::I16x8, lane, Ext::Unsigned);
        case O::I32x4ExtractLane: return extractLane(b, x, Shape::I32x4, lane, Ext::None);
        case O::I64x2ExtractLane: return extractLane(b, x, Shape::I64x2, lane, Ext::None);
        case O::F32x4ExtractLane: return extractLane(b, x, Shape::F32x4, lane, Ext::None);
        case O::F64x2ExtractLane: return extractLane(b, x, Shape::F64x2, lane, Ext::None);
        case O::I8x16ReplaceLane: return replaceLane(b, x, y, Shape::I8x16, lane);
        case O::I16x8ReplaceLane: return replaceLane(b, x, y, Shape::I16x8, lane);
        case O::I32x4ReplaceLane: return replaceLane(b, x, y, Shape::I32x4, lane);
        case O::I64x2ReplaceLane: return replaceLane(b, x, y, Shape::I64x2, lane);
        case O::F32x4ReplaceLane: return replaceLane(b, x, y, Shape::F32x4, lane);
        case O::F64x2ReplaceLane: return replaceLane(b, x, y, Shape::F64x2, lane);

        case O::V128Not: return b.CreateNot(x);
        case O::V128And: return b.CreateAnd(x, y);
        case O::V128Andnot: return b.CreateAnd(x, b.CreateNot(y));
        case O::V128Or: return b.CreateOr(x, y);
        case O::V128Xor: return b.CreateXor(x, y);
        case O::V128Bitselect: {
            Value* mask = operands[2];
            return b.CreateOr(b.CreateAnd(x, mask), b.CreateAnd(y, b.CreateNot(mask)));
        }

        case O::V128AnyTrue: {
            Value* whole = b.CreateBitCast(x, b.getIntNTy(128));
            return b.CreateZExt(b.CreateICmpNE(whole, b.getIntN(128, 0)), b.getInt32Ty());
        }
        case O::I8x16AllTrue: return allTrue(b, x, Shape::I8x16);
        case O::I16x8AllTrue: return allTrue(b, x, Shape::I16x8);
        case O::I32x4AllTrue: return allTrue(b, x, Shape::I32x4);
        case O::I64x2AllTrue: return allTrue(b, x, Shape::I64x2);
        case O::I8x16Bitmask: return bitmask(b, x, Shape::I8x16);
        case O::I16x8Bitmask: return bitmask(b, x, Shape::I16x8);
        case O::I32x4Bitmask: return bitmask(b, x, Shape::I32x4);
        case O::I64x2Bitmask: return bitmask(b, x, Shape::I64x2);
        default: return nullptr;
    }
}

}  // namespace faaslet::compiler
