#pragma once
// Whoever can write the cache chooses the code that runs, and checksums do not help against a
// writer who computes them too. So the cache is used only when its directories belong to this
// user (or root) and nobody else can write them; a shared world-writable root is accepted only
// with the sticky bit (others cannot rename what is ours), the entries folder never.

#include <filesystem>
#include <optional>
#include <string>

namespace faaslet::cache {

enum class TrustRule : uint8_t {
    Root,     // the cache directory: others may write it only if it is sticky (like /tmp)
    Private,  // the entries folder: no one else may write it
};

// Nullopt when `directory` (which must exist) passes `rule`, else why not, for a message.
std::optional<std::string> untrustedReason(const std::filesystem::path& directory, TrustRule rule);

}  // namespace faaslet::cache
