#include "state/open_tier.h"

#include "state/memory_tier.h"
#include "state/redis_tier.h"

namespace faaslet::state {

Expected<std::shared_ptr<GlobalTier>, std::string> openGlobalTier(const std::string& uri) {
    std::optional<std::filesystem::path> file;
    if (uri.rfind("file:", 0) == 0) {
        file = uri.substr(5);
        if (file->empty()) return std::string("the state tier \"file:\" names no file (file:PATH)");
    } else if (uri.rfind("redis://", 0) == 0) {
        auto redis = connectRedisTier(uri);
        if (!redis) return redis.error();
        return std::shared_ptr<GlobalTier>(std::move(*redis));
    } else if (!uri.empty() && uri != "memory") {
        return "unknown state tier \"" + uri + "\": expected memory, file:PATH or redis://HOST:PORT";
    }
    auto tier = MemoryTier::open(std::move(file));
    if (!tier) return tier.error();
    return std::shared_ptr<GlobalTier>(std::move(*tier));
}

}  // namespace faaslet::state
