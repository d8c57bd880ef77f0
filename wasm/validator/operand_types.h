#pragma once
// The validator's view of operand types: the Unknown type of the polymorphic stack, and each
// opcode's fixed signature from opcodes.def in a form the hot loop reads with one array access.

#include <bit>
#include <cstdint>

#include "wasm/module/opcode.h"
#include "wasm/module/types.h"

namespace faaslet::wasm {

// The type of an operand popped from the polymorphic stack of unreachable code; matches any type.
// 0x00 is no value type's encoding.
inline constexpr ValType kUnknown = ValType(0x00);

inline const char* typeName(ValType t) {
    return t == kUnknown ? "unknown" : toString(t);
}

// Static one-element type sequences, for block types that are a single value type.
inline constexpr ValType kValTypes[] = {ValType::I32,  ValType::I64,     ValType::F32,      ValType::F64,
                                        ValType::V128, ValType::FuncRef, ValType::ExternRef};
inline const ValType* singleType(ValType t) {
    for (const ValType& v : kValTypes) {
        if (v == t) return &v;
    }
    return &kValTypes[0];  // unreachable: the reader only produces value types
}

inline constexpr ValType kThreeI32[] = {ValType::I32, ValType::I32, ValType::I32};

struct OperandSignature {
    ValType params[3];
    uint8_t paramCount;
    ValType result;       // kUnknown: no result
    bool special;         // typed by hand
    bool checkImmediate;  // has immediates the validator checks (memory, lanes)
    Immediate immediate;
    uint8_t width;
};

namespace detail {

constexpr ValType operandValType(OperandType t) {
    switch (t) {
        case OperandType::I32: return ValType::I32;
        case OperandType::I64: return ValType::I64;
        case OperandType::F32: return ValType::F32;
        case OperandType::F64: return ValType::F64;
        case OperandType::V128: return ValType::V128;
        default: return kUnknown;
    }
}

constexpr bool checksImmediate(Immediate imm) {
    switch (imm) {
        case Immediate::MemArg:
        case Immediate::MemArgLane:
        case Immediate::MemoryIndex:
        case Immediate::MemoryInit:
        case Immediate::MemoryCopy:
        case Immediate::Lane:
        case Immediate::Shuffle: return true;
        default: return false;
    }
}

constexpr OperandSignature makeSignature(Immediate imm, uint8_t width, OperandType p1, OperandType p2,
                                         OperandType p3, OperandType result) {
    OperandSignature s{};
    const OperandType ps[3] = {p1, p2, p3};
    s.paramCount = 0;
    for (OperandType p : ps) {
        if (p != OperandType::None) s.params[s.paramCount++] = operandValType(p);
    }
    s.result = operandValType(result);
    s.special = result == OperandType::Special;
    s.checkImmediate = checksImmediate(imm);
    s.immediate = imm;
    s.width = width;
    return s;
}

inline constexpr OperandSignature kSignatures[] = {
#define WASM_OP(name, prefix, code, text, imm, n, p1, p2, p3, result) \
    makeSignature(Immediate::imm, n, OperandType::p1, OperandType::p2, OperandType::p3, OperandType::result),
#include "wasm/module/opcodes.def"
#undef WASM_OP
};

}  // namespace detail

inline const OperandSignature& operandSignature(Opcode op) {
    return detail::kSignatures[size_t(op)];
}

}  // namespace faaslet::wasm
