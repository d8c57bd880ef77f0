#pragma once
// The name of a compiled module in the cache: SHA-256 over everything that changes the code it
// compiles to. Two builds that could produce different code must never share a key; the inputs
// below are that list, and adding a code-changing option means adding it to `options`.

#include <compare>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "cache/hash.h"

namespace faaslet::cache {

class CacheKey {
public:
    CacheKey() = default;  // all zeros: no real input hashes to it
    explicit CacheKey(const Digest& digest) : digest_(digest) {}

    // 64 lowercase hex digits: the key's form in file names and messages.
    std::string hex() const { return toHex(digest_); }
    static std::optional<CacheKey> fromHex(std::string_view hex);

    const Digest& digest() const { return digest_; }
    auto operator<=>(const CacheKey&) const = default;

private:
    Digest digest_{};
};

struct KeyInputs {
    std::span<const uint8_t> wasm;  // the module's binary, exactly as given
    std::string compilerVersion;    // the compiler's own version (the faaslet build)
    std::string llvmVersion;        // e.g. "19.1.7"
    std::string targetTriple;       // e.g. "x86_64-pc-linux-gnu"
    std::string cpuName;            // e.g. "znver3"
    std::string cpuFeatures;        // LLVM's feature string, e.g. "+avx2,+bmi2,..."
    // Every compile option that changes code, as name=value pairs (opt level, bounds mode,
    // interruption, ...). Order is significant: callers list them in a fixed order; a different
    // order is simply a different key (a cache miss, never a wrong hit).
    std::vector<std::pair<std::string, std::string>> options;
    uint32_t abiVersion = 0;  // abi/abi.h's version: the contract the code was compiled against
};

// Every field is framed (a tag and its length before its bytes), so no two different inputs
// feed the same byte stream to the hash: moving a byte from one field into the next, or from an
// option's name into its value, changes the key.
CacheKey deriveKey(const KeyInputs& inputs);

}  // namespace faaslet::cache
