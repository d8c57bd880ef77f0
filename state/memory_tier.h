#pragma once
// The in-process global tier: an embedded store, nothing to start. State lives while the process
// does; with a file, it is also written there (tier_file.h) by a writer thread of the tier's own,
// and read back when the tier opens, so a restart loses nothing. A change returns once the file
// holds it (the writer batches the changes that arrive while it writes): the guest threads that
// push are sandboxed and cannot open files, the writer is not.

#include <condition_variable>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>

#include "state/global_tier.h"
#include "state/tier_file.h"

namespace faaslet::state {

class MemoryTier final : public GlobalTier {
public:
    // Without a file, in memory only. The error names the file and what is wrong with it.
    static Expected<std::unique_ptr<MemoryTier>, std::string> open(std::optional<std::filesystem::path> file = {});
    ~MemoryTier() override;

    std::string describe() const override;
    TierResult<uint64_t> size(const std::string& key) override;
    TierResult<std::vector<uint8_t>> get(const std::string& key) override;
    TierStatus set(const std::string& key, std::span<const uint8_t> value) override;
    TierStatus setRanges(const std::string& key, std::span<const uint8_t> value,
                         std::span<const ByteRange> ranges) override;
    TierStatus getRanges(const std::string& key, std::span<uint8_t> value, std::span<const ByteRange> ranges) override;
    TierStatus remove(const std::string& key) override;
    TierStatus append(const std::string& key, std::span<const uint8_t> entry) override;
    TierResult<std::vector<std::vector<uint8_t>>> readAppended(const std::string& key, uint64_t count) override;
    TierStatus clearAppended(const std::string& key) override;
    TierResult<LockToken> lock(const std::string& key, std::chrono::milliseconds expiry,
                               std::chrono::milliseconds wait) override;
    TierStatus unlock(const LockToken& token) override;

private:
    using Clock = std::chrono::steady_clock;
    struct Held {
        std::string token;
        Clock::time_point expires;
    };

    explicit MemoryTier(std::optional<std::filesystem::path> file) : file_(std::move(file)) {}
    // After a change made under `guard`: waits until the file holds it (at once without a file).
    TierStatus persisted(std::unique_lock<std::mutex>& guard);
    void writeLoop(std::stop_token stop);

    std::optional<std::filesystem::path> file_;
    mutable std::mutex mutex_;
    StoredEntries entries_;

    // Persistence: changes counted, the count the file holds, the writer's last failure.
    std::condition_variable_any changed_;
    std::condition_variable written_;
    uint64_t changes_ = 0;
    uint64_t writtenChanges_ = 0;
    std::optional<std::string> writeError_;
    std::jthread writer_;

    std::map<std::string, Held> locks_;
    std::condition_variable released_;
    uint64_t nextToken_ = 1;
    uint64_t tokenSalt_ = 0;
};

}  // namespace faaslet::state
