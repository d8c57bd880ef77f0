#pragma once
// Lowers one partition of a module (partition_plan.h; a module compiled whole is one partition):
// declares the functions it owns and lowers their bodies, copies in the small functions of other
// partitions they call, and, in the partition that holds them, adds what the runtime looks up
// (abi.h): the entry thunks, the function and thunk tables, the ABI version.

#include "compiler/emit_context.h"
#include "compiler/partition_plan.h"

namespace faaslet::compiler {

// Fills ec.ir with `partition`: the bodies of the functions it owns, then available_externally
// copies of the small functions of other partitions they call, then (if it holds them) the
// thunks, tables and ABI version. Throws CompileError.
void emitPartition(EmitContext& ec, const Partition& partition);

}  // namespace faaslet::compiler
