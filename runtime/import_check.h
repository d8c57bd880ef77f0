#pragma once
// Import matching (spec "Import matching"): whether the values an instantiation receives fit the
// module's import declarations. Failures are link errors whose message starts with the spec
// suite's phrase "incompatible import type".
//
// - functions: equal canonical type ids;
// - tables: equal element type, limits match;
// - memories: limits match;
// - globals: equal value type and mutability.
// Limits {min, max} of the provided object (its current size and declared maximum) match the
// declared {min', max'} when min >= min' and, if max' is given, max is given and max <= max'.

#include <span>

#include "wasm/module/types.h"
#include "runtime/error.h"
#include "runtime/extern_value.h"

namespace faaslet::runtime {

class LoadedModule;

bool limitsMatch(const wasm::Limits& provided, const wasm::Limits& declared);

// Checks the count, then each import in order; the first mismatch is the error.
Status checkImports(const LoadedModule& module, std::span<const ExternValue> imports);

}  // namespace faaslet::runtime
