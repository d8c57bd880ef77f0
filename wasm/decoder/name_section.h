#pragma once
// The `name` custom section (WebAssembly 2.0, appendix "Custom Sections"): module name, function
// names and local names. Custom sections are informative, so a malformed name section never makes
// a module malformed: it is dropped instead.

#include <cstdint>
#include <span>

#include "wasm/module/module.h"

namespace faaslet::wasm {

// Decodes the contents of a name section: `contents` is the range after the section's own name
// ("name"), in `bytes`, the whole module. Subsections 0 (module), 1 (functions) and 2 (locals) are
// read; later subsection ids (from the extended-name-section proposal) are skipped. Never throws:
// when any part is malformed (subsections out of order or not exactly consumed, indices not
// increasing, bad UTF-8, counts past the end), the result is an empty Names with valid == false.
Names decodeNameSection(std::span<const uint8_t> bytes, ByteRange contents);

}  // namespace faaslet::wasm
