#pragma once
// What identifies this machine's code generation target without asking LLVM (the faaslet command
// must compute cache keys without loading it): the architecture, the CPU model and its feature
// flags: CPUID and XCR0 on x86-64, what the kernel reports elsewhere.

#include <string>

namespace faaslet::cache {

// e.g. "x86_64;0.0:0000000d68747541...;xcr0:00000000000002e7". Stable for a machine, different
// for another CPU or another set of features.
std::string hostIdentity();

}  // namespace faaslet::cache
