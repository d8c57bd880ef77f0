#pragma once
// Dropping the calling thread's capabilities for good (libcap).

#include "sandbox/sandbox.h"

namespace faaslet::sandbox {

// Empties the bounding set when the thread holds CAP_SETPCAP (without it the bounding set cannot
// be changed, and it only matters to execve, which the filter forbids), then clears the effective,
// permitted and inheritable sets; the kernel clears the ambient set with them. Other threads keep
// theirs.
Status dropCapabilities();

}  // namespace faaslet::sandbox
