#pragma once
// Reading a module from any kind of file: regular files, pipes, FIFOs, /proc files and character
// devices alike, read until end of file and never past a size limit (a module given as /dev/zero
// is an error, not an exhausted memory). A `.wat` file is read the same way, then parsed and
// encoded: what it returns is always the binary format, so the cache key of a .wat is the key of
// the binary it encodes to.

#include <cstdint>
#include <string>
#include <vector>

#include "common/expected.h"

namespace faaslet::loader {

// Larger than any published WASI program (LLVM's is 75 MB) by a wide margin.
constexpr uint64_t kMaxModuleBytes = uint64_t(1) << 30;

Expected<std::vector<uint8_t>, std::string> readModuleFile(const std::string& file,
                                                           uint64_t maxBytes = kMaxModuleBytes);

}  // namespace faaslet::loader
