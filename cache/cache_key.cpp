#include "cache/cache_key.h"

namespace faaslet::cache {

namespace {

// Bumped if the framing below changes, so old and new derivations can never agree.
constexpr std::string_view kDomain = "faaslet cache key v1";

enum class Tag : uint8_t {
    Wasm = 1,
    CompilerVersion,
    LlvmVersion,
    TargetTriple,
    CpuName,
    CpuFeatures,
    Options,
    OptionName,
    OptionValue,
    AbiVersion,
};

void putU64(Sha256& hash, uint64_t value) {
    uint8_t bytes[8];
    for (int i = 0; i < 8; ++i) bytes[i] = uint8_t(value >> (8 * i));
    hash.update(std::span<const uint8_t>(bytes));
}

void putField(Sha256& hash, Tag tag, std::span<const uint8_t> bytes) {
    const uint8_t t = uint8_t(tag);
    hash.update(std::span(&t, 1));
    putU64(hash, bytes.size());
    hash.update(bytes);
}

void putField(Sha256& hash, Tag tag, std::string_view text) {
    putField(hash, tag, std::span(reinterpret_cast<const uint8_t*>(text.data()), text.size()));
}

}  // namespace

std::optional<CacheKey> CacheKey::fromHex(std::string_view hex) {
    auto digest = digestFromHex(hex);
    if (!digest) return std::nullopt;
    return CacheKey(*digest);
}

CacheKey deriveKey(const KeyInputs& inputs) {
    Sha256 hash;
    hash.update(kDomain);
    putField(hash, Tag::Wasm, inputs.wasm);
    putField(hash, Tag::CompilerVersion, inputs.compilerVersion);
    putField(hash, Tag::LlvmVersion, inputs.llvmVersion);
    putField(hash, Tag::TargetTriple, inputs.targetTriple);
    putField(hash, Tag::CpuName, inputs.cpuName);
    putField(hash, Tag::CpuFeatures, inputs.cpuFeatures);
    const uint8_t optionsTag = uint8_t(Tag::Options);
    hash.update(std::span(&optionsTag, 1));
    putU64(hash, inputs.options.size());
    for (const auto& [name, value] : inputs.options) {
        putField(hash, Tag::OptionName, name);
        putField(hash, Tag::OptionValue, value);
    }
    const uint8_t abiTag = uint8_t(Tag::AbiVersion);
    hash.update(std::span(&abiTag, 1));
    putU64(hash, inputs.abiVersion);
    return CacheKey(hash.finish());
}

}  // namespace faaslet::cache
