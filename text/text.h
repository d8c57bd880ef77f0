#pragma once
// The WebAssembly text format as a whole: a .wat source to the binary the decoder reads.

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "common/expected.h"
#include "text/syntax_error.h"

namespace faaslet::text {

// `(module $id? field*)`, or the fields alone as the spec allows for a file holding one module;
// also `(module binary ...)`. Errors carry the line and column.
Expected<std::vector<uint8_t>, SyntaxError> parseModuleText(std::string_view source);

// Whether a file names a module in the text format: its name ends in `.wat`.
bool isTextModuleFile(const std::filesystem::path& path);

// The module a user names on the command line, as bytes of the binary format: a `.wat` file is
// parsed and encoded, any other file is returned as it is. Errors are ready to print:
// "fn.wat:3:14: expected a value type, found `i33`", "cannot read fn.wasm: No such file".
Expected<std::vector<uint8_t>, std::string> readModuleFile(const std::filesystem::path& path);

}  // namespace faaslet::text
