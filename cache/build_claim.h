#pragma once
// A claim that this process compiles the entry for a key, so that processes wanting the same
// entry at once (a background build started by `faaslet run`, a `faaslet precompile`, a second
// run) compile it once: an exclusive flock(2) on ROOT/v2/.build-KEY, an empty file made by
// descriptor in the entries folder. The lock goes with the process, so a claimant that dies
// leaves no claim behind, only the empty file, which the next claim or prune() takes away.
//
// The claim is advice, never trust: an entry is sound because of its seal, not because of who
// held the claim while it was written. Whoever gets a claim looks the entry up again first.

#include <optional>

#include "cache/cache_key.h"
#include "cache/error.h"
#include "cache/layout.h"
#include "common/unique_fd.h"

namespace faaslet::cache {

enum class IfClaimed : uint8_t {
    Wait,    // until the other claimant is done (then look the entry up: it is probably there)
    GiveUp,  // return no claim at once
};

class BuildClaim;
// The claim for `key` in the cache at `layout` (made with the cache directory if need be);
// nullopt when another process holds it and `ifClaimed` is GiveUp.
Result<std::optional<BuildClaim>> claimBuild(const Layout& layout, const CacheKey& key, IfClaimed ifClaimed);

class BuildClaim {
public:
    BuildClaim(BuildClaim&&) noexcept = default;
    BuildClaim& operator=(BuildClaim&&) noexcept = default;
    // Removes the claim's file, then releases the lock.
    ~BuildClaim();

private:
    friend Result<std::optional<BuildClaim>> claimBuild(const Layout&, const CacheKey&, IfClaimed);
    BuildClaim(UniqueFd entries, UniqueFd file, std::string name)
        : entries_(std::move(entries)), file_(std::move(file)), name_(std::move(name)) {}
    UniqueFd entries_;
    UniqueFd file_;
    std::string name_;
};

// Removes `name` in the entries folder `entriesFd` if it is a claim file nobody holds (its
// claimant died); true if it did.
bool removeAbandonedClaim(int entriesFd, const std::string& name);

}  // namespace faaslet::cache
