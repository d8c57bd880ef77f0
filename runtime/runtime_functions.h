#pragma once
// The abi::RuntimeFunctions every InstanceContext points to: what compiled code leaves to the
// runtime (traps, memory.grow, bulk memory and table operations).

#include "abi/abi.h"

namespace faaslet::runtime {

const abi::RuntimeFunctions& runtimeFunctions();

}  // namespace faaslet::runtime
