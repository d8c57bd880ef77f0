#pragma once
// Validation of a decoded module by the algorithm of the WebAssembly 2.0 specification
// (appendix "Validation Algorithm"), including every function body.

#include "wasm/module/error.h"
#include "wasm/module/module.h"

namespace faaslet::wasm {

// Checks every rule of the spec's validation. Errors are Invalid, except malformed instructions
// met while walking function bodies (unknown opcodes, bad immediates, missing `end`, a data index
// without a data count section), which are Malformed as in the spec's binary format.
Status validate(const Module& module);

}  // namespace faaslet::wasm
