// Linear memory: loads and stores without bounds checks (the reservation and its guard make an
// out-of-bounds access fault, and the runtime turns the fault into a trap), each followed by the
// trap probe that keeps it faulting whatever the optimiser does with it (trap_probes.h),
// memory.size, and the operations left to the runtime (grow, init, copy, fill, data.drop).

#include "compiler/function_emitter.h"
#include "compiler/runtime_calls.h"
#include "compiler/trap_probes.h"

namespace faaslet::compiler {

using wasm::Opcode;

namespace {

enum class Extend : uint8_t { None, Signed, Unsigned };

struct Access {
    llvm::Type* memoryType;  // what is read or written
    Extend extend;           // loads narrower than their result

    uint64_t bytes(const EmitContext& ec) const { return ec.ir.getDataLayout().getTypeStoreSize(memoryType); }
};

Access accessOf(const EmitContext& ec, Opcode op) {
    switch (op) {
        case Opcode::I32Load:
        case Opcode::I32Store: return {ec.i32, Extend::None};
        case Opcode::I64Load:
        case Opcode::I64Store: return {ec.i64, Extend::None};
        case Opcode::F32Load:
        case Opcode::F32Store: return {ec.f32, Extend::None};
        case Opcode::F64Load:
        case Opcode::F64Store: return {ec.f64, Extend::None};
        case Opcode::I32Load8S:
        case Opcode::I64Load8S: return {ec.i8, Extend::Signed};
        case Opcode::I32Load8U:
        case Opcode::I64Load8U:
        case Opcode::I32Store8:
        case Opcode::I64Store8: return {ec.i8, Extend::Unsigned};
        case Opcode::I32Load16S:
        case Opcode::I64Load16S: return {llvm::Type::getInt16Ty(ec.llvm), Extend::Signed};
        case Opcode::I32Load16U:
        case Opcode::I64Load16U:
        case Opcode::I32Store16:
        case Opcode::I64Store16: return {llvm::Type::getInt16Ty(ec.llvm), Extend::Unsigned};
        case Opcode::I64Load32S: return {ec.i32, Extend::Signed};
        case Opcode::I64Load32U:
        case Opcode::I64Store32: return {ec.i32, Extend::Unsigned};
        default: throw CompileError{std::string("no lowering for ") + wasm::info(op).text};
    }
}

}  // namespace

// base + zext(index) + offset: both terms are below 4 GiB, so the sum stays inside the 8 GiB
// reservation and never wraps.
llvm::Value* FunctionEmitter::effectiveAddress(llvm::Value* index, uint32_t offset) {
    llvm::Value* address = b_.CreateZExt(index, ec_.i64);
    if (offset) address = b_.CreateAdd(address, b_.getInt64(offset), "", /*HasNUW=*/true);
    return b_.CreateGEP(ec_.i8, memoryBase_, address);
}

void FunctionEmitter::memory(const wasm::Instruction& ins) {
    const auto& info = wasm::info(ins.op);
    if (info.immediate == wasm::Immediate::MemArg) {
        const Access access = accessOf(ec_, ins.op);
        if (info.result != wasm::OperandType::None) {
            llvm::Value* address = effectiveAddress(pop(), ins.mem.offset);
            llvm::LoadInst* load = b_.CreateAlignedLoad(access.memoryType, address, llvm::Align(1));
            load->setMetadata(llvm::LLVMContext::MD_tbaa, ec_.linearMemoryTag);
            emitTrapProbe(b_, ec_.trapProbe, address, access.bytes(ec_));
            llvm::Value* value = load;
            llvm::Type* result = ins.op == Opcode::F32Load || ins.op == Opcode::F64Load ? value->getType()
                                 : info.result == wasm::OperandType::I64                 ? ec_.i64
                                                                                         : ec_.i32;
            if (access.extend == Extend::Signed) value = b_.CreateSExt(value, result);
            if (access.extend == Extend::Unsigned) value = b_.CreateZExt(value, result);
            push(value);
        } else {
            llvm::Value* value = pop();
            llvm::Value* address = effectiveAddress(pop(), ins.mem.offset);
            if (value->getType() != access.memoryType) value = b_.CreateTrunc(value, access.memoryType);
            b_.CreateAlignedStore(value, address, llvm::Align(1))
                ->setMetadata(llvm::LLVMContext::MD_tbaa, ec_.linearMemoryTag);
            emitTrapProbe(b_, ec_.trapProbe, address, access.bytes(ec_));
        }
        return;
    }
    switch (ins.op) {
        case Opcode::MemorySize: {
            llvm::Value* memory = ctx_.loadField(offsetof(abi::InstanceContext, memory), true);
            llvm::Value* bytes = ctx_.loadI64(memory, offsetof(abi::Memory, size), false);
            push(b_.CreateTrunc(b_.CreateLShr(bytes, 16), ec_.i32));
            return;
        }
        case Opcode::MemoryGrow:
            push(runtimeCall(FAASLET_RUNTIME_FUNCTION(ec_, memoryGrow), {i32(0), pop()}));
            return;
        case Opcode::MemoryInit: {
            auto args = popN(3);  // destination, source, length
            runtimeCall(FAASLET_RUNTIME_FUNCTION(ec_, memoryInit), {i32(0), i32(ins.a), args[0], args[1], args[2]});
            return;
        }
        case Opcode::DataDrop: runtimeCall(FAASLET_RUNTIME_FUNCTION(ec_, dataDrop), {i32(ins.a)}); return;
        case Opcode::MemoryCopy: {
            auto args = popN(3);
            runtimeCall(FAASLET_RUNTIME_FUNCTION(ec_, memoryCopy), {i32(0), i32(0), args[0], args[1], args[2]});
            return;
        }
        case Opcode::MemoryFill: {
            auto args = popN(3);  // destination, value, length
            runtimeCall(FAASLET_RUNTIME_FUNCTION(ec_, memoryFill), {i32(0), args[0], args[1], args[2]});
            return;
        }
        default: throw CompileError{std::string("no lowering for ") + info.text};
    }
}

}  // namespace faaslet::compiler
