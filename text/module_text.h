#pragma once
// Modules in the text format, at the level of tokens: what the .wat reader and the .wast script
// reader share.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "text/token_cursor.h"

namespace faaslet::text {

// Encodes the module whose fields start at the cursor, up to the `)` that closes it or the end
// of the input (neither consumed), to the binary format. Throws SyntaxError.
std::vector<uint8_t> encodeModuleFields(TokenCursor& cursor);

// A `(module ...)` as a script writes it.
struct ModuleDefinition {
    enum class Form : uint8_t {
        Text,    // fields: `binary` holds their encoding
        Binary,  // (module binary "..."*): `binary` holds the bytes
        Quote,   // (module quote "..."*): `quote` holds the source, parsed only when used
    } form = Form::Text;
    std::optional<std::string> name;  // `$id`
    std::vector<uint8_t> binary;
    std::string quote;
    Position pos;  // of the `(`
};

// Reads `(module $id? ...)` at the cursor, through its `)`. Throws SyntaxError.
ModuleDefinition readModuleDefinition(TokenCursor& cursor);

}  // namespace faaslet::text
