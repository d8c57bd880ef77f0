#pragma once
// Reading of the type encodings that several sections share (binary format, "Types"): value and
// reference types, limits, table, memory and global types, and the external kind byte of imports
// and exports. Each throws ModuleError (Malformed) through the ByteReader, with the phrases the
// spec tests use ("malformed value type", "malformed reference type", "malformed mutability",
// "malformed limits flags", "malformed import kind", ...).

#include <cstdint>

#include "wasm/decoder/byte_reader.h"
#include "wasm/module/types.h"

namespace faaslet::wasm {

// A one-byte type code (function type form, value type, reference type), rejecting a byte with its
// continuation bit set as an over-long integer. `what` names the type in errors.
uint8_t readTypeCode(ByteReader& r, const char* what);

ValType readValType(ByteReader& r, const char* what);
ValType readRefType(ByteReader& r, const char* what);  // funcref or externref
Limits readLimits(ByteReader& r);                      // flags 0x00 or 0x01 only
TableType readTableType(ByteReader& r);
MemoryType readMemoryType(ByteReader& r);
GlobalType readGlobalType(ByteReader& r);                    // value type, then mutability 0x00 or 0x01
ExternKind readExternKind(ByteReader& r, const char* what);  // `what`: "import" or "export"

}  // namespace faaslet::wasm
