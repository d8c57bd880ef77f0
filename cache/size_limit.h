#pragma once
// How large the cache may grow. After each store the least recently used entries are evicted down
// to the limit: $FAASLET_CACHE_MAX_SIZE, else kDefaultMaxCacheBytes. Sizes are written as a
// number of bytes with an optional binary suffix: 4096, 512K, 300M, 1G, 2T (K = 1024 bytes; a
// trailing "B" or "iB" is accepted, as in "1GiB").

#include <cstdint>
#include <string>
#include <string_view>

#include "cache/cache_directory.h"
#include "cache/error.h"

namespace faaslet::cache {

inline constexpr uint64_t kDefaultMaxCacheBytes = uint64_t(1) << 30;
inline constexpr char kMaxSizeVariable[] = "FAASLET_CACHE_MAX_SIZE";

// InvalidArgument, saying what was expected, for anything that is not such a size or overflows.
Result<uint64_t> parseSize(std::string_view text);

// "1.0 GiB", "300.0 MiB", "512 bytes": for people, not for parsing back.
std::string formatSize(uint64_t bytes);

struct SizeLimit {
    uint64_t bytes = kDefaultMaxCacheBytes;
    std::string source;  // where it came from, for messages: "FAASLET_CACHE_MAX_SIZE" or "default"
    // Non-empty when the variable is set but is not a size: what is wrong with it. The default
    // applies then; callers warn, or refuse where the limit was asked for explicitly.
    std::string problem;
};

SizeLimit configuredSizeLimit(const EnvironmentLookup& getenv);
// With the process's environment.
SizeLimit configuredSizeLimit();

}  // namespace faaslet::cache
