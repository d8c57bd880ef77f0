#pragma once
// The key of a compiled module: a hash of everything that changes the code — the wasm bytes, the
// compiler's own version (and ABI), the target (LLVM version, triple, CPU and its features) and
// every code-changing option.

#include <cstdint>
#include <span>
#include <string>
#include <utility>
#include <vector>

namespace faaslet::cache {

struct CacheKeyInputs {
    std::span<const uint8_t> wasm;
    std::string compilerVersion;
    std::string target;
    std::vector<std::pair<std::string, std::string>> options;  // name, value
};

// 64 lowercase hex digits. Every part is length-prefixed, so no two different inputs hash the same
// bytes.
std::string cacheKey(const CacheKeyInputs& inputs);

}  // namespace faaslet::cache
