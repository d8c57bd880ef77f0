#pragma once
// The WebAssembly proposals beyond 2.0 that faaslet recognises by their encodings without running
// them, so that a module built for one is refused by name ("uses the exception-handling proposal
// (legacy try/catch), not supported") rather than as a malformed byte. Only encodings that 2.0
// leaves undefined are listed: a 2.0 module can never be refused here.

#include <cstdint>
#include <optional>
#include <string>

namespace faaslet::wasm {

// The proposal an instruction encoding belongs to ("the tail-call proposal"), for `prefix` 0 (a
// single-byte opcode, or a prefix 2.0 does not define, known by itself) or 0xFC/0xFD and the
// LEB128 code after it; nullopt when unknown.
std::optional<const char*> proposalOfOpcode(uint8_t prefix, uint32_t code);
// The same for a section id, a value type byte and an import or export kind.
std::optional<const char*> proposalOfSection(uint8_t id);
std::optional<const char*> proposalOfValType(uint8_t code);
std::optional<const char*> proposalOfExternKind(uint8_t kind);

// The message of the Unsupported error for `proposal`: "uses PROPOSAL, not supported".
std::string unsupportedProposal(const char* proposal);

}  // namespace faaslet::wasm
