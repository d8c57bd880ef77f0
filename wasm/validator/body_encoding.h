#pragma once
// The binary-format rules of a function body, without its typing: every instruction decodes, the
// nesting closes with a final `end` and nothing follows it, data indices come with a data count
// section, memarg flags fit. The validator runs this only after it found a validation error, so
// that a module that is also malformed is reported as malformed (the spec decodes the whole
// module before it validates anything).

#include <cstdint>

#include "wasm/module/module.h"

namespace faaslet::wasm {

// Whether data indices in code are malformed for want of a data count section. The binary format
// requires the section whenever code uses a data index; a module with no data segments at all is
// treated as declaring zero of them, so such an index is reported as an unknown (invalid) data
// segment. That matches the spec tests, whose text modules are validated without a binary
// encoding (and wabt emits no data count section when a module has no data).
inline bool dataCountSectionMissing(const Module& module) {
    return !module.dataCount && !module.data.empty();
}

// Throws a Malformed ModuleError if the body of defined function `definedIndex` is malformed.
void checkBodyEncoding(const Module& module, uint32_t definedIndex);

}  // namespace faaslet::wasm
