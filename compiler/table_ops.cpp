// Tables and references: table.get/set/size checked inline, grow/fill/copy/init and elem.drop
// left to the runtime; ref.null, ref.is_null, ref.func.

#include "compiler/function_emitter.h"
#include "compiler/runtime_calls.h"

namespace faaslet::compiler {

using wasm::Opcode;

llvm::Value* FunctionEmitter::tableStruct(uint32_t index) {
    llvm::Value* tables = ctx_.loadField(offsetof(abi::InstanceContext, tables), true);
    return ctx_.loadPtr(tables, size_t(index) * sizeof(void*), true);
}

void FunctionEmitter::table(const wasm::Instruction& ins) {
    switch (ins.op) {
        case Opcode::TableGet:
        case Opcode::TableSet: {
            llvm::Value* value = ins.op == Opcode::TableSet ? pop() : nullptr;
            llvm::Value* index = pop();
            llvm::Value* table = tableStruct(ins.a);
            llvm::Value* size = ctx_.loadI32(table, offsetof(abi::Table, size), false);
            trapIf(b_.CreateICmpUGE(index, size), abi::TrapCode::OutOfBoundsTableAccess);
            llvm::Value* elements = ctx_.loadPtr(table, offsetof(abi::Table, elements), false);
            llvm::Value* slot = b_.CreateGEP(ec_.ptr, elements, b_.CreateZExt(index, ec_.i64));
            if (value) {
                b_.CreateAlignedStore(value, slot, llvm::Align(8))->setMetadata(llvm::LLVMContext::MD_tbaa, ec_.tableTag);
            } else {
                auto* load = b_.CreateAlignedLoad(ec_.ptr, slot, llvm::Align(8));
                load->setMetadata(llvm::LLVMContext::MD_tbaa, ec_.tableTag);
                push(load);
            }
            return;
        }
        case Opcode::TableSize: push(ctx_.loadI32(tableStruct(ins.a), offsetof(abi::Table, size), false)); return;
        case Opcode::TableGrow: {
            llvm::Value* delta = pop();
            llvm::Value* init = pop();
            push(runtimeCall(FAASLET_RUNTIME_FUNCTION(ec_, tableGrow), {i32(ins.a), init, delta}));
            return;
        }
        case Opcode::TableFill: {
            auto args = popN(3);  // index, value, length
            runtimeCall(FAASLET_RUNTIME_FUNCTION(ec_, tableFill), {i32(ins.a), args[0], args[1], args[2]});
            return;
        }
        case Opcode::TableCopy: {
            auto args = popN(3);
            runtimeCall(FAASLET_RUNTIME_FUNCTION(ec_, tableCopy), {i32(ins.a), i32(ins.b), args[0], args[1], args[2]});
            return;
        }
        case Opcode::TableInit: {
            auto args = popN(3);
            runtimeCall(FAASLET_RUNTIME_FUNCTION(ec_, tableInit), {i32(ins.b), i32(ins.a), args[0], args[1], args[2]});
            return;
        }
        case Opcode::ElemDrop: runtimeCall(FAASLET_RUNTIME_FUNCTION(ec_, elemDrop), {i32(ins.a)}); return;
        case Opcode::RefNull: push(llvm::ConstantPointerNull::get(ec_.ptr)); return;
        case Opcode::RefIsNull: push(b_.CreateZExt(b_.CreateIsNull(pop()), ec_.i32)); return;
        case Opcode::RefFunc: {
            llvm::Value* functions = ctx_.loadField(offsetof(abi::InstanceContext, functions), true);
            push(ctx_.byteOffset(functions, uint64_t(ins.a) * sizeof(abi::FuncRef)));
            return;
        }
        default: throw CompileError{std::string("no lowering for ") + wasm::info(ins.op).text};
    }
}

}  // namespace faaslet::compiler
