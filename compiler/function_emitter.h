#pragma once
// Lowers one function body to LLVM IR. The operand stack holds llvm::Values; each control frame
// knows where its branches go and the phi nodes that merge the values they carry. Code after an
// unconditional branch is unreachable: it is skipped (only nested frames are counted) until the
// `else` or `end` that makes code reachable again. Operators are lowered by family, one file each
// (control_ops.cpp, variable_ops.cpp, memory_ops.cpp, table_ops.cpp, call_ops.cpp); numeric
// operators by numeric_ops.cpp, SIMD ones by the simd_*_ops.cpp files (see simd_ops.h).

#include <array>
#include <optional>
#include <vector>

#include "wasm/decoder/instruction_reader.h"
#include "compiler/emit_context.h"
#include "compiler/numeric_ops.h"

namespace faaslet::compiler {

class FunctionEmitter : public TrapEmitter {
public:
    FunctionEmitter(EmitContext& ec, uint32_t definedIndex);

    void emit();

    // TrapEmitter: branch to a cold block that calls the runtime's trap routine.
    void trapIf(llvm::Value* condition, abi::TrapCode code) override;

private:
    struct Frame {
        wasm::Opcode kind;              // Block (also the function body), Loop, If
        std::vector<wasm::ValType> params;
        std::vector<wasm::ValType> results;
        size_t height = 0;              // operand stack height below the parameters
        llvm::BasicBlock* end = nullptr;        // the continuation after `end`
        llvm::BasicBlock* header = nullptr;     // Loop: the branch target
        llvm::BasicBlock* elseBlock = nullptr;  // If: the false edge, until `else`
        std::vector<llvm::PHINode*> endPhis;    // one per result, in `end`
        std::vector<llvm::PHINode*> loopPhis;   // Loop: one per parameter, in `header`
        std::vector<llvm::Value*> ifParams;     // If: the parameters, for the else arm
        bool reachable = true;          // the code being emitted in this frame can run
    };

    // Instructions, by family.
    void instruction(const wasm::Instruction& ins, wasm::InstructionReader& reader);
    void control(const wasm::Instruction& ins, wasm::InstructionReader& reader);
    void variable(const wasm::Instruction& ins);
    void memory(const wasm::Instruction& ins);
    void table(const wasm::Instruction& ins);
    void call(const wasm::Instruction& ins);
    void constant(const wasm::Instruction& ins);
    // simd_memory_ops.cpp: every 0xFD instruction; loads and stores in simdMemory.
    void simd(const wasm::Instruction& ins);
    void simdMemory(const wasm::Instruction& ins);

    // Control helpers.
    void blockTypes(const wasm::BlockType& type, std::vector<wasm::ValType>& params,
                    std::vector<wasm::ValType>& results) const;
    Frame& pushFrame(wasm::Opcode kind, std::vector<wasm::ValType> params, std::vector<wasm::ValType> results);
    // Adds the values a branch to `frame` carries (the top of the stack) as incoming values.
    void addBranchValues(Frame& frame);
    // Adds the top phis.size() values of the stack as incoming values from the current block.
    void addIncoming(const std::vector<llvm::PHINode*>& phis);
    llvm::BasicBlock* branchTarget(Frame& frame) const { return frame.kind == wasm::Opcode::Loop ? frame.header : frame.end; }
    void branch(uint32_t depth);
    void endFrame();
    void elseArm();
    void setUnreachable();
    void emitReturn();
    void interruptPoll();

    // Operand stack.
    void push(llvm::Value* v) { stack_.push_back(v); }
    llvm::Value* pop();
    std::vector<llvm::Value*> popN(size_t n);

    // Memory.
    llvm::Value* effectiveAddress(llvm::Value* index, uint32_t offset);

    // Calls.
    // Pops the arguments, calls, and pushes the results.
    void callWithResults(llvm::FunctionType* type, llvm::Value* callee, llvm::Value* calleeCtx,
                         const wasm::FuncType& wasmType);
    llvm::Value* tableStruct(uint32_t index);
    // Calls the runtime function at `offset` of type `type` (FAASLET_RUNTIME_FUNCTION in
    // runtime_calls.h gives both), the context first.
    llvm::Value* runtimeCall(size_t offset, llvm::FunctionType* type, std::vector<llvm::Value*> args);
    llvm::Value* i32(uint32_t v) { return b_.getInt32(v); }

    EmitContext& ec_;
    uint32_t definedIndex_;
    const wasm::FuncType& type_;
    const wasm::FunctionBody& body_;
    llvm::Function* function_;
    llvm::IRBuilder<> b_;
    ContextAccess ctx_;

    llvm::Value* memoryBase_ = nullptr;
    std::vector<llvm::AllocaInst*> locals_;
    std::vector<wasm::ValType> localTypes_;
    std::vector<llvm::Value*> stack_;
    std::vector<Frame> frames_;
    size_t deadDepth_ = 0;  // frames opened inside unreachable code, skipped entirely
    std::array<llvm::BasicBlock*, 16> trapBlocks_{};
};

}  // namespace faaslet::compiler
