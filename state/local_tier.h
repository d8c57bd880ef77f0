#pragma once
// The local tier: this host's state values (local_value.h), one per scoped key, shared by every
// Faaslet of the process, and synchronised with the global tier on demand: a value missing here
// is pulled on first use; push, partial push and pull move it explicitly. It also holds each
// key's local read/write lock, and counts the bytes that cross it (the benchmarks report them).
//
// Thread-safe. Keys arrive scoped ("user/key", state_key.h).

#include <atomic>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "state/global_tier.h"
#include "state/local_value.h"
#include "state/rw_lock.h"
#include "state/state_error.h"

namespace faaslet::state {

struct StateCounters {
    std::atomic<uint64_t> copiedIn{0};   // guest memory to a value (write_state*, pull into a copy)
    std::atomic<uint64_t> copiedOut{0};  // a value to guest memory (read_state*)
    std::atomic<uint64_t> pushed{0};     // to the global tier
    std::atomic<uint64_t> pulled{0};     // from the global tier
    std::atomic<uint64_t> mappedBytes{0};  // mapped into linear memories (no copy)
};

class LocalTier {
public:
    explicit LocalTier(std::shared_ptr<GlobalTier> global) : global_(std::move(global)) {}

    GlobalTier& global() const { return *global_; }
    StateCounters& counters() { return counters_; }

    // The value under `key`: this host's, else pulled from the global tier; ENOENT when neither
    // holds one.
    StateResult<std::shared_ptr<LocalValue>> find(const std::string& key);
    // The value under `key` of `size` bytes: this host's, else (with `pull`) the global tier's,
    // else a new zero-filled one. EINVAL when the value there has another size.
    StateResult<std::shared_ptr<LocalValue>> findOrCreate(const std::string& key, uint64_t size, bool pull = true);

    // The whole value to the global tier.
    StateStatus push(const std::string& key, LocalValue& value);
    // Only the chunks written since the last push, in one call of the tier; how many bytes moved.
    StateResult<uint64_t> pushDirty(const std::string& key, LocalValue& value);
    // The whole value from the global tier, over this host's copy (mapped ones see it at once).
    StateStatus pull(const std::string& key, LocalValue& value);

    // The local read/write lock of `key`, whether or not it has a value.
    std::shared_ptr<RwLock> lockOf(const std::string& key);

private:
    StateResult<std::shared_ptr<LocalValue>> make(const std::string& key, uint64_t size);

    std::shared_ptr<GlobalTier> global_;
    StateCounters counters_;
    std::mutex mutex_;
    std::map<std::string, std::shared_ptr<LocalValue>> values_;
    std::map<std::string, std::shared_ptr<RwLock>> locks_;
};

}  // namespace faaslet::state
