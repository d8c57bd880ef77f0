#include "compiler/simd_ops.h"

#include "llvm/IR/DerivedTypes.h"
#include "llvm/Support/ErrorHandling.h"

namespace faaslet::compiler {

llvm::FixedVectorType* v128Type(llvm::LLVMContext& llvm) {
    return llvm::FixedVectorType::get(llvm::Type::getInt64Ty(llvm), 2);
}

llvm::FixedVectorType* shapeType(llvm::LLVMContext& llvm, Shape shape) {
    switch (shape) {
        case Shape::I8x16: return llvm::FixedVectorType::get(llvm::Type::getInt8Ty(llvm), 16);
        case Shape::I16x8: return llvm::FixedVectorType::get(llvm::Type::getInt16Ty(llvm), 8);
        case Shape::I32x4: return llvm::FixedVectorType::get(llvm::Type::getInt32Ty(llvm), 4);
        case Shape::I64x2: return v128Type(llvm);
        case Shape::F32x4: return llvm::FixedVectorType::get(llvm::Type::getFloatTy(llvm), 4);
        case Shape::F64x2: return llvm::FixedVectorType::get(llvm::Type::getDoubleTy(llvm), 2);
    }
    llvm_unreachable("unknown SIMD shape");
}

llvm::Value* asLanes(SimdBuilder& b, llvm::Value* v, Shape shape) {
    return b.CreateBitCast(v, shapeType(b.getContext(), shape));
}

llvm::Value* asV128(SimdBuilder& b, llvm::Value* v) {
    return b.CreateBitCast(v, v128Type(b.getContext()));
}

llvm::Value* emitSimdOp(SimdBuilder& b, const wasm::Instruction& ins, std::span<llvm::Value* const> operands,
                        const SimdTarget& target) {
    // Strict IEEE, whatever flags the caller's builder carries (as for the scalar operators).
    llvm::IRBuilderBase::FastMathFlagGuard fmfGuard(b);
    b.clearFastMathFlags();
    if (llvm::Value* v = emitSimdLaneOp(b, ins, operands, target)) return v;
    if (llvm::Value* v = emitSimdArithOp(b, ins.op, operands, target)) return v;
    if (llvm::Value* v = emitSimdConvertOp(b, ins.op, operands, target)) return v;
    // opcodes.def gained a SIMD row no family lowers.
    llvm::report_fatal_error(llvm::Twine("emitSimdOp: SIMD opcode not lowered: ") + wasm::toString(ins.op));
}

}  // namespace faaslet::compiler
