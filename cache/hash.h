#pragma once
// SHA-256, OpenSSL's implementation: the content hash behind cache keys and entry checksums. A
// cryptographic hash rather than a fast checksum because a key collision would run one module's
// code for another; the entry checksum reuses it so there is a single hash to trust.

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace faaslet::cache {

inline constexpr size_t kDigestSize = 32;
using Digest = std::array<uint8_t, kDigestSize>;

// Incremental hashing: update() any number of times, then finish() once.
class Sha256 {
public:
    Sha256();
    ~Sha256();
    Sha256(Sha256&&) noexcept;
    Sha256& operator=(Sha256&&) noexcept;
    Sha256(const Sha256&) = delete;
    Sha256& operator=(const Sha256&) = delete;

    Sha256& update(std::span<const uint8_t> bytes);
    Sha256& update(std::string_view text);
    Digest finish();

private:
    struct Context;
    std::unique_ptr<Context> context_;
};

Digest sha256(std::span<const uint8_t> bytes);

// HMAC-SHA256 (RFC 2104) on the SHA-256 above: what seals cache entries with the user's secret key
// (sealing_key.h). Built here rather than taken from OpenSSL's HMAC, whose EVP machinery costs
// every run a provider fetch (see hash.cpp).
class HmacSha256 {
public:
    explicit HmacSha256(std::span<const uint8_t> key);
    HmacSha256& update(std::span<const uint8_t> bytes) {
        inner_.update(bytes);
        return *this;
    }
    HmacSha256& update(std::string_view text) {
        inner_.update(text);
        return *this;
    }
    Digest finish();

private:
    Sha256 inner_;
    std::array<uint8_t, 64> outerPad_{};
};

// Compares two digests in time independent of where they differ: a seal check must not tell an
// attacker how many leading bytes of a guess were right.
bool digestsEqual(const Digest& a, const Digest& b);

// Lowercase hex, two digits per byte.
std::string toHex(std::span<const uint8_t> bytes);
// Exactly kDigestSize * 2 hex digits (either case); nullopt for anything else.
std::optional<Digest> digestFromHex(std::string_view hex);

}  // namespace faaslet::cache
