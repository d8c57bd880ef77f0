#pragma once
// A load from linear memory is also WebAssembly's bounds check: out of bounds it must trap even when
// the program never uses the value. LLVM treats loads as free of side effects and deletes those whose
// values do not matter, which would lose the trap. So, before optimisation, the loads whose values no
// effect depends on are made volatile; every other load stays free to be merged, forwarded and
// hoisted, because its value keeps it alive.

#include "llvm/IR/Function.h"
#include "llvm/IR/Metadata.h"

namespace faaslet::compiler {

// Promotes the function's locals to registers and marks its unused linear-memory loads (those tagged
// `linearMemoryTag`) volatile.
void keepFaultingLoads(llvm::Function& function, const llvm::MDNode* linearMemoryTag);

}  // namespace faaslet::compiler
