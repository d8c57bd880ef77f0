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
// segments, constant expressions and code (codeFeatures). The module must have decoded.
std::set<std::string> usedFeatures(const Module& module);

// The features that the code section of the binary `module` uses, found by walking it from the raw
// bytes, so that a module refused for a proposal still shows what its code needs: the proposals'
// own ("exception-handling", "tail-call", ...) with the 2.0 ones. The scan of a body ends at
// malformed code, or at an instruction of a proposal whose encoding it cannot step over (it
// steps over those of exception handling and tail calls). Never throws.
std::set<std::string> codeFeatures(std::span<const uint8_t> module);

}  // namespace faaslet::wasm
