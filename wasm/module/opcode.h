#pragma once
// Opcodes of WebAssembly 2.0 and the static facts about each, generated from opcodes.def.

#include <cstdint>
#include <optional>

namespace faaslet::wasm {

enum class Opcode : uint16_t {
#define WASM_OP(name, prefix, code, text, imm, n, p1, p2, p3, result) name,
#include "wasm/module/opcodes.def"
#undef WASM_OP
};

// The shape of an instruction's immediates in the binary format.
enum class Immediate : uint8_t {
    None,
    Block,         // block type
    Label,         // label index
    BrTable,       // vec(label index) + default label
    Func,          // function index
    CallIndirect,  // type index, table index
    Local,
    Global,
    Table,         // table index
    MemoryIndex,   // a memory index that must be the byte 0x00 in WebAssembly 2.0
    MemArg,        // alignment exponent, offset
    MemArgLane,    // memarg, then a lane index byte
    I32,
    I64,
    F32,
    F64,
    V128,
    Shuffle,       // 16 lane index bytes
    Lane,          // one lane index byte
    RefType,
    SelectTypes,   // vec(valtype)
    MemoryInit,    // data index, then a 0x00 memory index
    MemoryCopy,    // two 0x00 memory indices
    Data,          // data index
    Elem,          // element segment index
    TableInit,     // element segment index, table index
    TableCopy,     // destination table index, source table index
};

// Operand types of instructions whose signature is fixed; Special marks the ones typed by hand.
enum class OperandType : uint8_t { None, I32, I64, F32, F64, V128, Special };

struct OpcodeInfo {
    const char* text;  // the text-format mnemonic
    uint8_t prefix;    // 0 for single-byte opcodes, else 0xFC or 0xFD
    uint32_t code;
    Immediate immediate;
    uint8_t width;     // access bytes (memory), lane count (lanes), else 0
    OperandType params[3];
    OperandType result;
};

const OpcodeInfo& info(Opcode op);
inline const char* toString(Opcode op) { return info(op).text; }

// Looks up an opcode by its binary encoding; nullopt for encodings WebAssembly 2.0 does not define.
std::optional<Opcode> opcodeFor(uint8_t prefix, uint32_t code);

}  // namespace faaslet::wasm
