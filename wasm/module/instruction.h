#pragma once
// One decoded instruction: its opcode and immediates.

#include <array>
#include <cstddef>
#include <cstdint>

#include "wasm/module/opcode.h"
#include "wasm/module/types.h"

namespace faaslet::wasm {

struct BlockType {
    enum class Kind : uint8_t { Empty, Value, TypeIndex } kind = Kind::Empty;
    ValType value = ValType::I32;  // Kind::Value
    uint32_t typeIndex = 0;        // Kind::TypeIndex
};

struct MemArg {
    uint32_t alignLog2 = 0;
    uint32_t offset = 0;
};

struct Instruction {
    Opcode op = Opcode::Nop;
    size_t offset = 0;  // byte offset of the opcode in the module

    // Index immediates. `a` holds the single index of Label/Func/Local/Global/Table/Data/Elem
    // instructions; CallIndirect: a = type, b = table; TableInit: a = elem, b = table;
    // TableCopy: a = destination, b = source; MemoryInit: a = data; SelectTypes: a = type count.
    uint32_t a = 0;
    uint32_t b = 0;
    BlockType block;
    MemArg mem;
    uint8_t lane = 0;               // Lane, MemArgLane
    ValType type = ValType::I32;    // RefType; SelectTypes: the first type (when a >= 1)
    uint64_t bits = 0;              // I32/I64 constants (sign-extended), F32/F64 bit patterns
    std::array<uint8_t, 16> bytes{};  // V128 constant, Shuffle lane indices
};

}  // namespace faaslet::wasm
