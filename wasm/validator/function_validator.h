#pragma once
// Validation of function bodies by the algorithm of the spec's appendix: an operand stack whose
// entries may be Unknown (the polymorphic stack after unreachable, br, br_table and return) and a
// stack of control frames. One FunctionValidator checks every body of a module, reusing its
// stacks, so validating an instruction never allocates.

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "wasm/decoder/instruction_reader.h"
#include "wasm/module/instruction.h"
#include "wasm/module/module.h"
#include "wasm/validator/context.h"

namespace faaslet::wasm {

class FunctionValidator {
public:
    explicit FunctionValidator(const ValidationContext& context);

    // Validates the body of defined function `definedIndex` (0 = the first non-imported
    // function). Throws ModuleError: Invalid for broken typing rules, Malformed for encodings
    // the binary format rejects (from the InstructionReader, a missing final `end`, bytes after
    // it, a data index without a data count section).
    void validate(uint32_t definedIndex);

private:
    // A sequence of value types that lives in the module (a function type) or in static storage.
    struct Types {
        const ValType* data = nullptr;
        uint32_t size = 0;
        ValType operator[](uint32_t i) const { return data[i]; }
        bool operator==(const Types& other) const;
    };

    struct Frame {
        Opcode kind;  // Block (also the function's frame), Loop, If or Else
        bool unreachable;
        size_t height;  // operand stack height at entry, after the parameters were popped
        Types params;
        Types results;
        size_t offset;  // of the instruction that opened the frame
        Types labelTypes() const { return kind == Opcode::Loop ? params : results; }
    };

    void instruction(const Instruction& ins, InstructionReader& reader);
    void generic(const Instruction& ins);
    void memoryImmediates(const Instruction& ins);
    void variable(const Instruction& ins);
    void tableInstruction(const Instruction& ins);
    void branchTable(const Instruction& ins, InstructionReader& reader);
    void block(const Instruction& ins);
    void endOrElse(const Instruction& ins, InstructionReader& reader);

    // The appendix's operations.
    void push(ValType type) { values_.push_back(type); }
    void pushTypes(Types types);
    ValType pop(const Instruction& ins);
    ValType pop(ValType expected, const Instruction& ins);
    void popTypes(Types types, const Instruction& ins);
    // Checks that the top of the stack matches `types` without popping (br_table targets).
    void checkTop(Types types, const Instruction& ins);
    void pushFrame(Opcode kind, Types params, Types results, size_t offset);
    Frame popFrame(const Instruction& ins);
    void setUnreachable();
    const Frame& label(uint32_t depth, const Instruction& ins) const;
    void blockTypes(const BlockType& type, const Instruction& ins, Types& params, Types& results) const;

    uint32_t checkTable(uint32_t index, const Instruction& ins) const;
    uint32_t checkElem(uint32_t index, const Instruction& ins) const;
    void checkMemory(const Instruction& ins) const;
    void checkDataCountSection(const Instruction& ins) const;
    void checkData(uint32_t index, const Instruction& ins) const;

    [[noreturn]] void fail(const Instruction& ins, const std::string& message,
                           Error::Kind kind = Error::Kind::Invalid) const;
    [[noreturn]] void failType(const Instruction& ins, ValType expected, ValType found) const;
    [[noreturn]] void failEmpty(const Instruction& ins, ValType expected) const;

    const ValidationContext& context_;
    const Module& module_;
    uint32_t funcIndex_ = 0;
    Types results_;  // of the function
    std::vector<ValType> locals_;
    std::vector<ValType> values_;
    std::vector<Frame> frames_;
};

}  // namespace faaslet::wasm
