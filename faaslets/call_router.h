#pragma once
// What a Faaslet's chained calls need of the runtime: the pool of a function by name, call ids
// from the runtime's one counter, and the limits of chaining. The Runtime makes one and hands it
// to every pool, so faaslets/ has no pointer back to the Runtime.

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

namespace faaslet::faaslets {

class FunctionPool;

struct ChainLimits {
    unsigned maxDepth = 64;         // a call from outside is depth 0; its callees 1, and so on
    size_t maxCallsPerCall = 16'384;  // calls one call may chain (each remembered until it ends)
};

class CallRouter {
public:
    using Find = std::function<std::shared_ptr<FunctionPool>(const std::string& name)>;
    CallRouter(Find find, std::atomic<uint64_t>& ids, ChainLimits limits)
        : find_(std::move(find)), ids_(ids), limits_(limits) {}

    // Null when no function has that name (or the runtime is shutting down).
    std::shared_ptr<FunctionPool> find(const std::string& name) const { return find_(name); }
    uint64_t newCallId() { return ids_++; }
    const ChainLimits& limits() const { return limits_; }

private:
    Find find_;
    std::atomic<uint64_t>& ids_;
    ChainLimits limits_;
};

}  // namespace faaslet::faaslets
