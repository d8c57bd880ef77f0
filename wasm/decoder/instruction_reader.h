#pragma once
// Decodes instructions one at a time from a function body or constant expression. The validator
// and the compiler both walk code through this reader, so the binary encoding of instructions is
// known in exactly one place.

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "wasm/decoder/byte_reader.h"
#include "wasm/module/instruction.h"

namespace faaslet::wasm {

class InstructionReader {
public:
    // Reads the instructions in bytes [begin, end) of `module` (the whole binary, so offsets in
    // errors are module offsets).
    InstructionReader(std::span<const uint8_t> module, size_t begin, size_t end, std::string section,
                      std::optional<uint32_t> function = std::nullopt);

    bool atEnd() const { return bytes_.atEnd(); }
    size_t position() const { return bytes_.position(); }

    // Decodes the next instruction; throws ModuleError (Malformed) on malformed input, including
    // reading past `end`, and (Unsupported) on an encoding of a proposal faaslet does not run. For
    // BrTable the targets (the default is in `a`) stay valid in brTableTargets() until the next
    // call; for SelectTypes every type is in selectTypes().
    Instruction next();
    const std::vector<uint32_t>& brTableTargets() const { return brTargets_; }
    const std::vector<ValType>& selectTypes() const { return selectTypes_; }

    // The underlying reader, for errors at the current position.
    const ByteReader& bytes() const { return bytes_; }

private:
    BlockType blockType();
    ValType valType();
    [[noreturn]] void failUnknownOpcode(size_t at, uint8_t prefix, uint32_t code,
                                        const std::string& encoding) const;
    [[noreturn]] void failUnknownType(size_t at, uint8_t code, const char* what) const;

    ByteReader bytes_;
    std::vector<uint32_t> brTargets_;
    std::vector<ValType> selectTypes_;
};

}  // namespace faaslet::wasm
