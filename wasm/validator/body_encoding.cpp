#include "wasm/validator/body_encoding.h"

#include "wasm/decoder/instruction_reader.h"
#include "wasm/validator/context.h"
#include "fmt/format.h"

namespace faaslet::wasm {

void checkBodyEncoding(const Module& module, uint32_t definedIndex) {
    const uint32_t funcIndex = module.importedFunctions + definedIndex;
    const FunctionBody& body = module.code[definedIndex];
    InstructionReader reader(module.bytes, body.code.begin, body.code.end, "code", funcIndex);
    auto fail = [&](size_t offset, const std::string& message) {
        failValidation("code", funcIndex, offset, message, Error::Kind::Malformed);
    };

    size_t depth = 1;  // the function's own block
    while (depth > 0) {
        if (reader.atEnd())
            fail(reader.position(), "unexpected end of section or function: END opcode expected");
        const Instruction ins = reader.next();
        switch (ins.op) {
            case Opcode::Block:
            case Opcode::Loop:
            case Opcode::If: ++depth; break;
            case Opcode::End: --depth; break;
            case Opcode::MemoryInit:
            case Opcode::DataDrop:
                if (dataCountSectionMissing(module)) {
                    fail(ins.offset, fmt::format("{}: data count section required for data segment indices",
                                                 toString(ins.op)));
                }
                break;
            default: {
                const Immediate imm = info(ins.op).immediate;
                if ((imm == Immediate::MemArg || imm == Immediate::MemArgLane) && ins.mem.alignLog2 >= 32) {
                    fail(ins.offset, fmt::format("{}: malformed memop flags: alignment exponent {}",
                                                 toString(ins.op), ins.mem.alignLog2));
                }
                break;
            }
        }
    }
    if (!reader.atEnd()) {
        fail(reader.position(), "operators remaining after end of function (section size mismatch)");
    }
}

}  // namespace faaslet::wasm
