// SIMD instructions at the function level: v128 loads and stores of every shape (whole, widening,
// splat, zero-extending, single lanes), which use the function's memory base like the scalar
// accesses of memory_ops.cpp (no checks: the reservation and its guard turn an out-of-bounds
// access into a fault, and faulting_loads.cpp keeps unused loads), and the dispatch of every other
// SIMD instruction to emitSimdOp(). The alignment immediate is a hint only: every access is
// emitted with align 1.

#include "compiler/function_emitter.h"
#include "compiler/simd_ops.h"
#include "compiler/trap_probes.h"
#include "compiler/target.h"

namespace faaslet::compiler {

using wasm::Opcode;

namespace {

enum class LoadShape : uint8_t { Whole, Widen, Splat, Zero };

struct VectorAccess {
    LoadShape shape;
    llvm::Type* memoryType;      // what is read
    Shape lanes = Shape::I64x2;  // Widen: the result's lanes; Splat/Zero: the lanes filled
    bool isSigned = false;       // Widen
};

VectorAccess loadOf(llvm::LLVMContext& llvm, Opcode op) {
    auto bytes = [&](unsigned count, unsigned bits) {
        return llvm::FixedVectorType::get(llvm::IntegerType::get(llvm, bits), count);
    };
    auto scalar = [&](unsigned bits) { return llvm::IntegerType::get(llvm, bits); };
    switch (op) {
        case Opcode::V128Load: return {LoadShape::Whole, v128Type(llvm)};
        case Opcode::V128Load8x8S: return {LoadShape::Widen, bytes(8, 8), Shape::I16x8, true};
        case Opcode::V128Load8x8U: return {LoadShape::Widen, bytes(8, 8), Shape::I16x8, false};
        case Opcode::V128Load16x4S: return {LoadShape::Widen, bytes(4, 16), Shape::I32x4, true};
        case Opcode::V128Load16x4U: return {LoadShape::Widen, bytes(4, 16), Shape::I32x4, false};
        case Opcode::V128Load32x2S: return {LoadShape::Widen, bytes(2, 32), Shape::I64x2, true};
        case Opcode::V128Load32x2U: return {LoadShape::Widen, bytes(2, 32), Shape::I64x2, false};
        case Opcode::V128Load8Splat: return {LoadShape::Splat, scalar(8), Shape::I8x16};
        case Opcode::V128Load16Splat: return {LoadShape::Splat, scalar(16), Shape::I16x8};
        case Opcode::V128Load32Splat: return {LoadShape::Splat, scalar(32), Shape::I32x4};
        case Opcode::V128Load64Splat: return {LoadShape::Splat, scalar(64), Shape::I64x2};
        case Opcode::V128Load32Zero: return {LoadShape::Zero, scalar(32), Shape::I32x4};
        case Opcode::V128Load64Zero: return {LoadShape::Zero, scalar(64), Shape::I64x2};
        default: throw CompileError{std::string("no lowering for ") + wasm::info(op).text};
    }
}

// The lanes a load_lane/store_lane of `width` bytes addresses.
Shape laneShapeOf(unsigned width) {
    switch (width) {
        case 1: return Shape::I8x16;
        case 2: return Shape::I16x8;
        case 4: return Shape::I32x4;
        default: return Shape::I64x2;
    }
}

SimdTarget hostSimdTarget() {
    static const SimdTarget target{hostHasFeature("ssse3"), hostHasFeature("sse4.1")};
    return target;
}

}  // namespace

void FunctionEmitter::simd(const wasm::Instruction& ins) {
    const auto& info = wasm::info(ins.op);
    if (info.immediate == wasm::Immediate::MemArg || info.immediate == wasm::Immediate::MemArgLane) {
        simdMemory(ins);
        return;
    }
    size_t arity = 0;
    while (arity < 3 && info.params[arity] != wasm::OperandType::None) ++arity;
    std::vector<llvm::Value*> operands = popN(arity);
    push(emitSimdOp(b_, ins, operands, hostSimdTarget()));
}

void FunctionEmitter::simdMemory(const wasm::Instruction& ins) {
    const auto& info = wasm::info(ins.op);
    // Every access is linear memory's, and keeps its trap whatever the optimiser does with it.
    auto tag = [&](llvm::Instruction* access, llvm::Value* address, llvm::Type* type) {
        access->setMetadata(llvm::LLVMContext::MD_tbaa, ec_.linearMemoryTag);
        emitTrapProbe(b_, ec_.trapProbe, address, type->getPrimitiveSizeInBits() / 8);
    };
    if (info.immediate == wasm::Immediate::MemArgLane) {
        const Shape shape = laneShapeOf(info.width);
        llvm::Value* lanes = asLanes(b_, pop(), shape);
        llvm::Value* address = effectiveAddress(pop(), ins.mem.offset);
        llvm::Type* element = llvm::cast<llvm::FixedVectorType>(lanes->getType())->getElementType();
        if (info.result == wasm::OperandType::None) {
            llvm::Value* value = b_.CreateExtractElement(lanes, b_.getInt32(ins.lane));
            tag(b_.CreateAlignedStore(value, address, llvm::Align(1)), address, element);
            return;
        }
        llvm::LoadInst* load = b_.CreateAlignedLoad(element, address, llvm::Align(1));
        tag(load, address, element);
        push(asV128(b_, b_.CreateInsertElement(lanes, load, b_.getInt32(ins.lane))));
        return;
    }
    if (ins.op == Opcode::V128Store) {
        llvm::Value* value = pop();
        llvm::Value* address = effectiveAddress(pop(), ins.mem.offset);
        tag(b_.CreateAlignedStore(value, address, llvm::Align(1)), address, value->getType());
        return;
    }
    const VectorAccess access = loadOf(ec_.llvm, ins.op);
    llvm::Value* address = effectiveAddress(pop(), ins.mem.offset);
    llvm::LoadInst* load = b_.CreateAlignedLoad(access.memoryType, address, llvm::Align(1));
    tag(load, address, access.memoryType);
    llvm::FixedVectorType* lanes = shapeType(ec_.llvm, access.lanes);
    llvm::Value* value = load;
    switch (access.shape) {
        case LoadShape::Whole: break;
        case LoadShape::Widen:
            value = access.isSigned ? b_.CreateSExt(load, lanes) : b_.CreateZExt(load, lanes);
            break;
        case LoadShape::Splat: value = b_.CreateVectorSplat(lanes->getNumElements(), load); break;
        case LoadShape::Zero:
            value = b_.CreateInsertElement(llvm::Constant::getNullValue(lanes), load, b_.getInt32(0));
            break;
    }
    push(asV128(b_, value));
}

}  // namespace faaslet::compiler
