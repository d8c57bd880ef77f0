#include "wasm/decoder/instruction_reader.h"

#include <algorithm>

#include "fmt/format.h"
#include "wasm/module/proposals.h"

namespace faaslet::wasm {

InstructionReader::InstructionReader(std::span<const uint8_t> module, size_t begin, size_t end,
                                     std::string section, std::optional<uint32_t> function)
    : bytes_(module, begin, end, std::move(section)) {
    bytes_.setFunction(function);
}

// An encoding 2.0 does not define: Unsupported when a later proposal does, else malformed.
void InstructionReader::failUnknownOpcode(size_t at, uint8_t prefix, uint32_t code,
                                          const std::string& encoding) const {
    if (auto proposal = proposalOfOpcode(prefix, code)) {
        bytes_.failAt(at, unsupportedProposal(*proposal), Error::Kind::Unsupported);
    }
    bytes_.failAt(at, "illegal opcode " + encoding);
}

void InstructionReader::failUnknownType(size_t at, uint8_t code, const char* what) const {
    if (auto proposal = proposalOfValType(code)) {
        bytes_.failAt(at, unsupportedProposal(*proposal), Error::Kind::Unsupported);
    }
    bytes_.failAt(at, fmt::format("malformed {} 0x{:02x}", what, code));
}

ValType InstructionReader::valType() {
    const size_t at = bytes_.position();
    const uint8_t byte = bytes_.u8();
    if (!isValTypeCode(byte)) failUnknownType(at, byte, "value type");
    return ValType(byte);
}

BlockType InstructionReader::blockType() {
    BlockType block;
    const uint8_t first = bytes_.peek();
    if (first == 0x40) {
        bytes_.u8();
        return block;
    }
    if (isValTypeCode(first)) {
        bytes_.u8();
        block.kind = BlockType::Kind::Value;
        block.value = ValType(first);
        return block;
    }
    // A type index is a non-negative s33, so it never collides with the value type bytes above
    // (their s33 readings are negative).
    const size_t at = bytes_.position();
    const int64_t index = bytes_.s33();
    if (index < 0) failUnknownType(at, first, "block type");
    if (index > int64_t(UINT32_MAX)) bytes_.failAt(at, "malformed block type: type index too large");
    block.kind = BlockType::Kind::TypeIndex;
    block.typeIndex = uint32_t(index);
    return block;
}

Instruction InstructionReader::next() {
    Instruction ins;
    ins.offset = bytes_.position();
    const uint8_t byte = bytes_.u8();
    std::optional<Opcode> op;
    if (byte == 0xfc || byte == 0xfd) {
        const uint32_t code = bytes_.u32();
        op = opcodeFor(byte, code);
        if (!op) failUnknownOpcode(ins.offset, byte, code, fmt::format("0x{:02x} 0x{:x}", byte, code));
    } else {
        op = opcodeFor(0, byte);
        if (!op) failUnknownOpcode(ins.offset, 0, byte, fmt::format("0x{:02x}", byte));
    }
    ins.op = *op;

    auto zeroByte = [&] {
        const size_t at = bytes_.position();
        if (bytes_.u8() != 0) bytes_.failAt(at, "zero byte expected (memory index 0)");
    };
    auto laneIndex = [&] { ins.lane = bytes_.u8(); };

    switch (info(ins.op).immediate) {
        case Immediate::None:
            break;
        case Immediate::Block:
            ins.block = blockType();
            break;
        case Immediate::Label:
        case Immediate::Func:
        case Immediate::Local:
        case Immediate::Global:
        case Immediate::Table:
        case Immediate::Data:
        case Immediate::Elem:
            ins.a = bytes_.u32();
            break;
        case Immediate::BrTable: {
            const uint32_t n = bytes_.count(UINT32_MAX, 1, "branch targets");
            brTargets_.resize(n);
            for (auto& target : brTargets_) target = bytes_.u32();
            ins.a = bytes_.u32();
            break;
        }
        case Immediate::CallIndirect:
        case Immediate::TableInit:
        case Immediate::TableCopy:
            ins.a = bytes_.u32();
            ins.b = bytes_.u32();
            break;
        case Immediate::MemoryIndex:
            zeroByte();
            break;
        case Immediate::MemArg:
        case Immediate::MemArgLane:
            ins.mem.alignLog2 = bytes_.u32();
            ins.mem.offset = bytes_.u32();
            if (info(ins.op).immediate == Immediate::MemArgLane) laneIndex();
            break;
        case Immediate::I32:
            ins.bits = uint64_t(int64_t(bytes_.s32()));
            break;
        case Immediate::I64:
            ins.bits = uint64_t(bytes_.s64());
            break;
        case Immediate::F32:
            ins.bits = bytes_.f32bits();
            break;
        case Immediate::F64:
            ins.bits = bytes_.f64bits();
            break;
        case Immediate::V128:
        case Immediate::Shuffle: {
            auto raw = bytes_.bytes(16);
            std::copy(raw.begin(), raw.end(), ins.bytes.begin());
            break;
        }
        case Immediate::Lane:
            laneIndex();
            break;
        case Immediate::RefType: {
            const size_t at = bytes_.position();
            const uint8_t t = bytes_.u8();
            if (t != uint8_t(ValType::FuncRef) && t != uint8_t(ValType::ExternRef)) {
                failUnknownType(at, t, "reference type");
            }
            ins.type = ValType(t);
            break;
        }
        case Immediate::SelectTypes: {
            const uint32_t n = bytes_.count(UINT32_MAX, 1, "select types");
            selectTypes_.resize(n);
            for (auto& t : selectTypes_) t = valType();
            ins.a = n;
            if (n) ins.type = selectTypes_[0];
            break;
        }
        case Immediate::MemoryInit:
            ins.a = bytes_.u32();
            zeroByte();
            break;
        case Immediate::MemoryCopy:
            zeroByte();
            zeroByte();
            break;
    }
    return ins;
}

}  // namespace faaslet::wasm
