#pragma once
// The WebAssembly proposals beyond 2.0 that faaslet recognises by their encodings without running
// them, so that a module built for one is refused by name ("uses the exception-handling proposal
// (legacy try/catch), not supported") rather than as a malformed byte. Only encodings that 2.0
// leaves undefined are listed: a 2.0 module can never be refused here.

#include <cstdint>
#include <string>

namespace faaslet::wasm {

// A proposal as a message names it and as the `target_features` section and `inspect` name it.
struct Proposal {
    const char* description;  // "the exception-handling proposal (legacy try/catch)"
    const char* feature;      // "exception-handling"
};

// The proposal an instruction encoding belongs to ("the tail-call proposal"), for `prefix` 0 (a
// single-byte opcode, or a prefix 2.0 does not define, known by itself) or 0xFC/0xFD and the
// LEB128 code after it; null when unknown.
const Proposal* proposalOfOpcode(uint8_t prefix, uint32_t code);
// The same for a section id, a value type byte and an import or export kind.
const Proposal* proposalOfSection(uint8_t id);
const Proposal* proposalOfValType(uint8_t code);
const Proposal* proposalOfExternKind(uint8_t kind);

// The message of the Unsupported error for `proposal`: "uses PROPOSAL, not supported".
std::string unsupportedProposal(const Proposal& proposal);

}  // namespace faaslet::wasm
