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

// The binary that the contents of a `.wat` file encode to, for whoever reads module files (the
// loader). Errors are ready to print: "fn.wat:3:14: expected a value type, found `i33`".
Expected<std::vector<uint8_t>, std::string> encodeTextModuleFile(const std::string& file,
                                                                 const std::vector<uint8_t>& contents);

}  // namespace faaslet::text
