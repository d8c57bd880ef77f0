#pragma once
// SHA-256 (OpenSSL's), as lowercase hex: the content hash of cache keys and entry checksums.

#include <cstdint>
#include <span>
#include <string>

namespace faaslet::cache {

// Incremental: feed parts with add(), then hex().
class Sha256 {
public:
    Sha256();
    ~Sha256();
    Sha256(const Sha256&) = delete;
    Sha256& operator=(const Sha256&) = delete;

    Sha256& add(std::span<const uint8_t> bytes);
    Sha256& add(const std::string& text);
    std::string hex();

private:
    void* context_;  // EVP_MD_CTX
};

std::string sha256Hex(std::span<const uint8_t> bytes);

}  // namespace faaslet::cache
