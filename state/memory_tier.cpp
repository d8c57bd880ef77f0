#include "state/memory_tier.h"

#include <algorithm>
#include <random>

namespace faaslet::state {

namespace {

TierError notFound(const std::string& key) {
    return {TierError::Kind::NotFound, "no state value under \"" + key + "\""};
}

TierError outOfRange(const std::string& key, const ByteRange& range, uint64_t size) {
    return {TierError::Kind::OutOfRange, "bytes " + std::to_string(range.offset) + " to " +
                                             std::to_string(range.offset + range.length) + " of \"" + key +
                                             "\" pass its end at " + std::to_string(size)};
}

bool inside(const ByteRange& range, uint64_t size) {
    return range.offset <= size && range.length <= size - range.offset;
}

}  // namespace

Expected<std::unique_ptr<MemoryTier>, std::string> MemoryTier::open(std::optional<std::filesystem::path> file) {
    std::unique_ptr<MemoryTier> tier(new MemoryTier(file));
    if (file) {
        auto entries = readTierFile(*file);
        if (!entries) return entries.error();
        tier->entries_ = std::move(*entries);
        // Written once now: a file the tier cannot write is an error at open, not at the first push.
        if (auto written = writeTierFile(*file, tier->entries_); !written) return written.error();
        tier->writer_ = std::jthread([raw = tier.get()](std::stop_token stop) { raw->writeLoop(stop); });
    }
    tier->tokenSalt_ = std::random_device{}();
    return tier;
}

MemoryTier::~MemoryTier() {
    if (writer_.joinable()) {
        writer_.request_stop();
        writer_.join();  // the loop writes what changed before it ends
    }
}

std::string MemoryTier::describe() const {
    return file_ ? "in-process, kept in " + file_->string() : "in-process";
}

void MemoryTier::writeLoop(std::stop_token stop) {
    std::unique_lock guard(mutex_);
    for (;;) {
        changed_.wait(guard, stop, [&] { return changes_ != writtenChanges_; });
        if (changes_ == writtenChanges_) return;  // stopped with nothing left to write
        const uint64_t upTo = changes_;
        const StoredEntries copy = entries_;
        guard.unlock();
        auto written = writeTierFile(*file_, copy);
        guard.lock();
        writeError_ = written ? std::nullopt : std::optional<std::string>(written.error());
        writtenChanges_ = upTo;
        written_.notify_all();
    }
}

TierStatus MemoryTier::persisted(std::unique_lock<std::mutex>& guard) {
    if (!file_) return {};
    const uint64_t change = ++changes_;
    changed_.notify_one();
    written_.wait(guard, [&] { return writtenChanges_ >= change; });
    // The change stays in memory either way; the caller learns the file does not hold it.
    if (writeError_) return TierError{TierError::Kind::Unavailable, *writeError_};
    return {};
}

TierResult<uint64_t> MemoryTier::size(const std::string& key) {
    std::lock_guard guard(mutex_);
    auto it = entries_.find(key);
    if (it == entries_.end() || !it->second.hasValue) return notFound(key);
    return uint64_t(it->second.value.size());
}

TierResult<std::vector<uint8_t>> MemoryTier::get(const std::string& key) {
    std::lock_guard guard(mutex_);
    auto it = entries_.find(key);
    if (it == entries_.end() || !it->second.hasValue) return notFound(key);
    return it->second.value;
}

TierStatus MemoryTier::set(const std::string& key, std::span<const uint8_t> value) {
    std::unique_lock guard(mutex_);
    StoredEntry& entry = entries_[key];
    entry.hasValue = true;
    entry.value.assign(value.begin(), value.end());
    return persisted(guard);
}

TierStatus MemoryTier::setRanges(const std::string& key, std::span<const uint8_t> value,
                                 std::span<const ByteRange> ranges) {
    for (const ByteRange& range : ranges)
        if (!inside(range, value.size())) return outOfRange(key, range, value.size());
    std::unique_lock guard(mutex_);
    StoredEntry& entry = entries_[key];
    entry.hasValue = true;
    if (entry.value.size() < value.size()) entry.value.resize(value.size());
    for (const ByteRange& range : ranges)
        std::copy_n(value.begin() + range.offset, range.length, entry.value.begin() + range.offset);
    return persisted(guard);
}

TierStatus MemoryTier::getRanges(const std::string& key, std::span<uint8_t> value, std::span<const ByteRange> ranges) {
    std::lock_guard guard(mutex_);
    auto it = entries_.find(key);
    if (it == entries_.end() || !it->second.hasValue) return notFound(key);
    const std::vector<uint8_t>& stored = it->second.value;
    for (const ByteRange& range : ranges) {
        if (!inside(range, stored.size())) return outOfRange(key, range, stored.size());
        if (!inside(range, value.size())) return outOfRange(key, range, value.size());
    }
    for (const ByteRange& range : ranges)
        std::copy_n(stored.begin() + range.offset, range.length, value.begin() + range.offset);
    return {};
}

TierStatus MemoryTier::remove(const std::string& key) {
    std::unique_lock guard(mutex_);
    auto it = entries_.find(key);
    if (it == entries_.end() || !it->second.hasValue) return {};
    it->second.hasValue = false;
    it->second.value.clear();
    if (it->second.appended.empty()) entries_.erase(it);
    return persisted(guard);
}

TierStatus MemoryTier::append(const std::string& key, std::span<const uint8_t> entry) {
    std::unique_lock guard(mutex_);
    entries_[key].appended.emplace_back(entry.begin(), entry.end());
    return persisted(guard);
}

TierResult<std::vector<std::vector<uint8_t>>> MemoryTier::readAppended(const std::string& key, uint64_t count) {
    std::lock_guard guard(mutex_);
    auto it = entries_.find(key);
    if (it == entries_.end()) return std::vector<std::vector<uint8_t>>{};
    const auto& appended = it->second.appended;
    const size_t n = size_t(std::min<uint64_t>(count, appended.size()));
    return std::vector<std::vector<uint8_t>>(appended.begin(), appended.begin() + n);
}

TierStatus MemoryTier::clearAppended(const std::string& key) {
    std::unique_lock guard(mutex_);
    auto it = entries_.find(key);
    if (it == entries_.end() || it->second.appended.empty()) return {};
    it->second.appended.clear();
    if (!it->second.hasValue) entries_.erase(it);
    return persisted(guard);
}

TierResult<LockToken> MemoryTier::lock(const std::string& key, std::chrono::milliseconds expiry,
                                       std::chrono::milliseconds wait) {
    std::unique_lock guard(mutex_);
    const auto deadline = Clock::now() + wait;
    for (;;) {
        const auto now = Clock::now();
        auto it = locks_.find(key);
        if (it == locks_.end() || it->second.expires <= now) {
            LockToken token{key, std::to_string(tokenSalt_) + "-" + std::to_string(nextToken_++)};
            locks_[key] = Held{token.token, now + expiry};
            return token;
        }
        if (now >= deadline)
            return TierError{TierError::Kind::TimedOut, "the global lock of \"" + key + "\" was not granted within " +
                                                            std::to_string(wait.count()) + " ms"};
        // Woken by a release, or at the holder's expiry, whichever comes first: no polling.
        released_.wait_until(guard, std::min(deadline, it->second.expires));
    }
}

TierStatus MemoryTier::unlock(const LockToken& token) {
    std::lock_guard guard(mutex_);
    auto it = locks_.find(token.key);
    if (it == locks_.end() || it->second.token != token.token || it->second.expires <= Clock::now())
        return TierError{TierError::Kind::NotOwner,
                         "the global lock of \"" + token.key + "\" is not held with this token (expired?)"};
    locks_.erase(it);
    released_.notify_all();
    return {};
}

}  // namespace faaslet::state
