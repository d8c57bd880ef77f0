#pragma once
// How a module is cut into partitions that are lowered, optimised and code-generated each on its
// own thread, in an LLVM context of its own, and joined by the link. The plan follows from the
// module alone, never from the number of threads, so the code produced is the same whatever that
// number (it is not part of the cache key).
//
// A partition is a run of consecutive functions of about equal code size: neighbours in a binary
// come from the same source files and call each other most. What optimisation across partitions
// loses is won back for the calls that matter most, those to small functions: a partition also
// lowers the small functions it calls from other partitions, as available_externally copies that
// the inliner may use and that are dropped before code generation (module_emitter.h). A module
// of less code than two partitions' worth is compiled whole, as before there were partitions.

#include <cstdint>
#include <vector>

#include "wasm/module/module.h"

namespace faaslet::compiler {

// Wasm code bytes per partition: enough that a partition's pipeline takes long against its
// overhead (its own declarations, copies of small callees, an object to link); few enough that a
// module of a megabyte keeps every core of a typical machine busy to the end.
inline constexpr uint64_t kCodeBytesPerPartition = uint64_t(64) << 10;
inline constexpr unsigned kMaxPartitions = 64;
// A function called from another partition is copied into it when its body is at most this many
// bytes: about what LLVM's inliner takes at -O2 once locals are in registers.
inline constexpr uint64_t kMaxCopiedBodyBytes = 160;

struct Partition {
    uint32_t firstDefined = 0;  // the defined functions [firstDefined, endDefined) it owns
    uint32_t endDefined = 0;
    bool whole = false;  // the only partition: owns every function, makes no copies
    bool holdsTables = false;  // emits the thunks, the function and thunk tables and the ABI version
};

std::vector<Partition> planPartitions(const wasm::Module& wasm);

}  // namespace faaslet::compiler
