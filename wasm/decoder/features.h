#pragma once
// The features a module uses beyond the WebAssembly 1.0 MVP, under the names toolchains give them
// (LLVM's `target_features` custom section: "sign-ext", "bulk-memory", "simd128", ...), in two
// views: what the module claims in that section, and what its code and structure actually use.
// `faaslet inspect` prints both, so a module built for a feature faaslet lacks can be told apart
// from one that merely declares it.

#include <cstdint>
#include <set>
#include <span>
#include <string>
#include <vector>

#include "wasm/module/module.h"

namespace faaslet::wasm {

struct FeatureClaim {
    char prefix = '+';  // '+' used, '-' must not be used, '=' required of every linked module
    std::string name;
};

struct TargetFeatures {
    bool present = false;  // the module has a target_features section
    bool valid = true;     // it parsed; custom sections are informative, so a bad one is only noted
    std::vector<FeatureClaim> claims;
};

// The first target_features section of the binary `module`, found by walking the section headers
// of the raw bytes, so it is read even when the module does not decode (a tag section, say).
// Never throws.
TargetFeatures readTargetFeatures(std::span<const uint8_t> module);

// The features beyond the MVP that `module` uses, found in its types, imports, exports,
// segments, constant expressions and code. The module must have validated (its code decodes).
std::set<std::string> usedFeatures(const Module& module);

}  // namespace faaslet::wasm
