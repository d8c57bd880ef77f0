#include "cache/cache_key.h"

#include "cache/sha256.h"

namespace faaslet::cache {

namespace {

void addPart(Sha256& hash, std::span<const uint8_t> bytes) {
    hash.add(std::to_string(bytes.size()) + ":");
    hash.add(bytes);
}

void addPart(Sha256& hash, const std::string& text) {
    addPart(hash, std::span<const uint8_t>(reinterpret_cast<const uint8_t*>(text.data()), text.size()));
}

}  // namespace

std::string cacheKey(const CacheKeyInputs& inputs) {
    Sha256 hash;
    addPart(hash, inputs.wasm);
    addPart(hash, inputs.compilerVersion);
    addPart(hash, inputs.target);
    for (const auto& [name, value] : inputs.options) {
        addPart(hash, name);
        addPart(hash, value);
    }
    return hash.hex();
}

}  // namespace faaslet::cache
