#pragma once
// Lowers a whole module: declares the defined functions, lowers each body, and adds what the
// runtime looks up (abi.h): the entry thunks, the function and thunk tables, the ABI version.

#include "compiler/emit_context.h"

namespace faaslet::compiler {

// Fills ec.ir; throws CompileError.
void emitModule(EmitContext& ec);

}  // namespace faaslet::compiler
