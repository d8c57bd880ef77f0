#include "wasm/module/opcode.h"

#include <array>

namespace faaslet::wasm {

namespace {

constexpr OpcodeInfo kInfos[] = {
#define WASM_OP(name, prefix, code, text, imm, n, p1, p2, p3, result)                             \
    {text, prefix, code, Immediate::imm, n, {OperandType::p1, OperandType::p2, OperandType::p3}, \
     OperandType::result},
#include "wasm/module/opcodes.def"
#undef WASM_OP
};

constexpr size_t kOpcodeCount = sizeof(kInfos) / sizeof(kInfos[0]);

// Encoding -> opcode tables, one per prefix; -1 marks encodings 2.0 leaves undefined.
struct DecodeTables {
    std::array<int16_t, 256> single;
    std::array<int16_t, 32> misc;  // 0xFC prefix
    std::array<int16_t, 256> simd; // 0xFD prefix
};

constexpr DecodeTables makeDecodeTables() {
    DecodeTables t{};
    t.single.fill(-1);
    t.misc.fill(-1);
    t.simd.fill(-1);
    for (size_t i = 0; i < kOpcodeCount; ++i) {
        const auto& op = kInfos[i];
        if (op.prefix == 0) {
            t.single[op.code] = int16_t(i);
        } else if (op.prefix == 0xfc) {
            t.misc[op.code] = int16_t(i);
        } else {
            t.simd[op.code] = int16_t(i);
        }
    }
    return t;
}

constexpr DecodeTables kDecode = makeDecodeTables();

}  // namespace

const OpcodeInfo& info(Opcode op) { return kInfos[size_t(op)]; }

std::optional<Opcode> opcodeFor(uint8_t prefix, uint32_t code) {
    int16_t index = -1;
    if (prefix == 0 && code < kDecode.single.size()) index = kDecode.single[code];
    if (prefix == 0xfc && code < kDecode.misc.size()) index = kDecode.misc[code];
    if (prefix == 0xfd && code < kDecode.simd.size()) index = kDecode.simd[code];
    if (index < 0) return std::nullopt;
    return Opcode(index);
}

}  // namespace faaslet::wasm
