#pragma once
// The user's secret key that seals cache entries (entry_format.h): an HMAC-SHA256 over each entry's
// header, whose payload digest covers the metadata, the name and the object. Whoever can write the
// cache but cannot read this key cannot make an entry faaslet will load: a plain checksum they
// could recompute, the seal they cannot.
//
// It lives in $XDG_DATA_HOME/faaslet/cache-key (when absolute), else ~/.local/share/faaslet/
// cache-key: outside the cache on purpose. A cache is disposable and is often pointed elsewhere
// ($FAASLET_CACHE_DIR on a shared disk, a CI cache restored from another machine), and a key kept
// beside the entries would be as writable as they are. Not the configuration directory either:
// dotfiles are commonly published or synced, and a secret must not travel with them. The key is
// 32 random bytes made on first use (mode 0600, published with link(2) so concurrent first runs
// agree on one), reached like the cache by a checked descriptor walk (trusted_directory.h), and
// refused unless it is a regular file of this user that no one else can read or write. Losing it
// costs only rebuilds: entries sealed with another key are reported as forged and compiled again.

#include <array>
#include <cstdint>
#include <filesystem>
#include <span>

#include "cache/cache_directory.h"
#include "cache/error.h"
#include "cache/hash.h"

namespace faaslet::cache {

inline constexpr size_t kSealingKeySize = 32;
inline constexpr size_t kKeyIdSize = 16;
using KeyId = std::array<uint8_t, kKeyIdSize>;
inline constexpr char kSealingKeyFileName[] = "cache-key";

class SealingKey {
public:
    explicit SealingKey(const std::array<uint8_t, kSealingKeySize>& bytes);

    // A public name for the key, recorded in each entry's header so that an entry sealed with
    // another key (another user's, or this user's before the key was replaced) can be told from
    // one whose seal was forged. One-way: it says nothing about the key.
    const KeyId& id() const { return id_; }
    // A fresh HMAC-SHA256 keyed with it.
    HmacSha256 mac() const { return HmacSha256(bytes_); }

private:
    std::array<uint8_t, kSealingKeySize> bytes_;
    KeyId id_{};
};

// Where the key lives, as described above. NotFound without a home directory.
Result<std::filesystem::path> resolveSealingKeyFile(const EnvironmentLookup& getenv);
Result<std::filesystem::path> resolveSealingKeyFile();

// The key in `file`, made first if there is none. Untrusted if the file or a directory on the way
// could have been chosen by someone else, or others can read the key; the message says what to do.
Result<SealingKey> loadOrCreateSealingKey(const std::filesystem::path& file);

}  // namespace faaslet::cache
