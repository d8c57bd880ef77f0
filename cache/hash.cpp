#include "cache/hash.h"

// The one-call SHA-256 functions that OpenSSL 3 keeps for compatibility: EVP's first digest
// fetches a provider and reads OpenSSL's configuration, about a millisecond of every run's start.
// Both use the same assembly (SHA extensions where the CPU has them).
#define OPENSSL_API_COMPAT 0x10100000L
#include <openssl/crypto.h>
#include <openssl/sha.h>

#include <algorithm>

namespace faaslet::cache {

struct Sha256::Context {
    SHA256_CTX state;
};

Sha256::Sha256() : context_(std::make_unique<Context>()) { SHA256_Init(&context_->state); }

Sha256::~Sha256() = default;
Sha256::Sha256(Sha256&&) noexcept = default;
Sha256& Sha256::operator=(Sha256&&) noexcept = default;

Sha256& Sha256::update(std::span<const uint8_t> bytes) {
    SHA256_Update(&context_->state, bytes.data(), bytes.size());
    return *this;
}

Sha256& Sha256::update(std::string_view text) {
    return update(std::span(reinterpret_cast<const uint8_t*>(text.data()), text.size()));
}

Digest Sha256::finish() {
    Digest digest{};
    SHA256_Final(digest.data(), &context_->state);
    return digest;
}

Digest sha256(std::span<const uint8_t> bytes) {
    return Sha256().update(bytes).finish();
}

namespace {

constexpr size_t kSha256BlockSize = 64;

}  // namespace

HmacSha256::HmacSha256(std::span<const uint8_t> key) {
    std::array<uint8_t, kSha256BlockSize> block{};
    if (key.size() > block.size()) {
        const Digest hashed = sha256(key);
        std::copy(hashed.begin(), hashed.end(), block.begin());
    } else {
        std::copy(key.begin(), key.end(), block.begin());
    }
    std::array<uint8_t, kSha256BlockSize> innerPad{};
    for (size_t i = 0; i < block.size(); ++i) {
        innerPad[i] = uint8_t(block[i] ^ 0x36);
        outerPad_[i] = uint8_t(block[i] ^ 0x5c);
    }
    inner_.update(innerPad);
}

Digest HmacSha256::finish() {
    const Digest innerDigest = inner_.finish();
    return Sha256().update(outerPad_).update(innerDigest).finish();
}

bool digestsEqual(const Digest& a, const Digest& b) {
    return CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

std::string toHex(std::span<const uint8_t> bytes) {
    static constexpr char kDigits[] = "0123456789abcdef";
    std::string hex;
    hex.reserve(bytes.size() * 2);
    for (uint8_t b : bytes) {
        hex.push_back(kDigits[b >> 4]);
        hex.push_back(kDigits[b & 0xf]);
    }
    return hex;
}

namespace {

int hexValue(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

}  // namespace

std::optional<Digest> digestFromHex(std::string_view hex) {
    if (hex.size() != kDigestSize * 2) return std::nullopt;
    Digest digest{};
    for (size_t i = 0; i < kDigestSize; ++i) {
        int high = hexValue(hex[2 * i]), low = hexValue(hex[2 * i + 1]);
        if (high < 0 || low < 0) return std::nullopt;
        digest[i] = uint8_t(high << 4 | low);
    }
    return digest;
}

}  // namespace faaslet::cache
