#include "cache/cache_warning.h"

#include "cache/entry_removal.h"

namespace faaslet::cache {

std::string CacheWarning::toString() const {
    switch (kind) {
        case Kind::DamagedEntry:
            return "cache entry " + path.string() + (problem && problem->isForgery() ? " is forged (" : " is damaged (") +
                   (problem ? problem->toString() : "?") + "); " +
                   (removed ? "removed, it will be rebuilt" : "could not be removed: " + detail);
        case Kind::UnreadableEntry:
            return "cache entry " + path.string() + " cannot be read (" + (problem ? problem->message : "?") +
                   "); left in place and compiled again";
        case Kind::UntrustedDirectory:
            return "cache directory not used: " + detail + " (compiled code from it could have been planted)";
    }
    return "cache warning";
}

CacheWarning reportBadEntry(const Layout& layout, const CacheKey& key, int entriesFd, int directoryFd,
                            const EntryError& problem) {
    CacheWarning warning;
    warning.path = layout.entryDirectory(key);
    warning.key = key;
    warning.problem = problem;
    if (!problem.isDamage()) {
        warning.kind = CacheWarning::Kind::UnreadableEntry;
        return warning;
    }
    warning.kind = CacheWarning::Kind::DamagedEntry;
    std::optional<DirectoryIdentity> checked;
    if (directoryFd >= 0) checked = identityOf(directoryFd);
    auto removal = removeEntryDirectory(entriesFd, key.hex(), warning.path, checked);
    if (removal) {
        // KeptNewer: the damaged directory had already been replaced by a sound one; the damaged
        // one is gone either way.
        warning.removed = true;
    } else {
        warning.detail = removal.error().message;
    }
    return warning;
}

}  // namespace faaslet::cache
