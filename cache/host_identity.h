#pragma once
// What identifies this machine's code generation target without asking LLVM (the faaslet command
// must compute cache keys without loading it): the architecture, the CPU model and its feature
// flags as the kernel reports them.

#include <string>

namespace faaslet::cache {

// e.g. "x86_64; AMD EPYC 7B13; fpu vme ... avx2 ...". Stable for a machine, different for another
// CPU or another set of features.
std::string hostIdentity();

}  // namespace faaslet::cache
