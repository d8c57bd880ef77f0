#include "state/local_tier.h"

#include <algorithm>

namespace faaslet::state {

namespace {

StateError sizeMismatch(const std::string& key, uint64_t size, uint64_t asked, const char* where) {
    return {wasi::WasiErrno::Inval, "the state value \"" + key + "\" " + where + " has " + std::to_string(size) +
                                        " bytes, not the " + std::to_string(asked) + " asked for"};
}

}  // namespace

StateResult<std::shared_ptr<LocalValue>> LocalTier::make(const std::string& key, uint64_t size) {
    auto made = LocalValue::create(size);
    if (!made) return StateError{wasi::WasiErrno::NoMem, "\"" + key + "\": " + made.error()};
    std::shared_ptr<LocalValue> value(std::move(*made));
    values_[key] = value;
    return value;
}

StateResult<std::shared_ptr<LocalValue>> LocalTier::find(const std::string& key) {
    std::lock_guard guard(mutex_);
    if (auto it = values_.find(key); it != values_.end()) return it->second;
    auto stored = global_->get(key);
    if (!stored) return fromTier(stored.error());
    if (stored->empty()) return StateError{wasi::WasiErrno::NoEnt, "the state value \"" + key + "\" is empty"};
    auto value = make(key, stored->size());
    if (!value) return value;
    std::copy(stored->begin(), stored->end(), (*value)->bytes().begin());
    counters_.pulled += stored->size();
    return value;
}

StateResult<std::shared_ptr<LocalValue>> LocalTier::findOrCreate(const std::string& key, uint64_t size, bool pull) {
    if (size == 0 || size > LocalValue::kMaxSize)
        return StateError{wasi::WasiErrno::Inval, "a state value of " + std::to_string(size) + " bytes for \"" + key +
                                                      "\": sizes run from 1 to " + std::to_string(LocalValue::kMaxSize)};
    std::lock_guard guard(mutex_);
    if (auto it = values_.find(key); it != values_.end()) {
        if (it->second->size() != size) return sizeMismatch(key, it->second->size(), size, "on this host");
        return it->second;
    }
    if (pull) {
        auto stored = global_->get(key);
        if (stored) {
            if (stored->size() != size) return sizeMismatch(key, stored->size(), size, "in the global tier");
            auto value = make(key, size);
            if (!value) return value;
            std::copy(stored->begin(), stored->end(), (*value)->bytes().begin());
            counters_.pulled += size;
            return value;
        }
        // Not stored yet is the normal start of a value; an unreachable tier is an error, not an
        // empty value that a push would then write over the real one.
        if (stored.error().kind != TierError::Kind::NotFound) return fromTier(stored.error());
    }
    return make(key, size);
}

StateStatus LocalTier::push(const std::string& key, LocalValue& value) {
    std::lock_guard guard(value.syncMutex());
    value.clearDirty();
    if (auto pushed = global_->set(key, value.bytes()); !pushed) {
        value.markAllDirty();  // not in the global tier: still to push
        return fromTier(pushed.error());
    }
    counters_.pushed += value.size();
    return {};
}

StateResult<uint64_t> LocalTier::pushDirty(const std::string& key, LocalValue& value) {
    std::lock_guard guard(value.syncMutex());
    const std::vector<ByteRange> dirty = value.takeDirty();
    if (dirty.empty()) return uint64_t(0);
    if (auto pushed = global_->setRanges(key, value.bytes(), dirty); !pushed) {
        for (const ByteRange& range : dirty) value.markDirty(range.offset, range.length);
        return fromTier(pushed.error());
    }
    uint64_t bytes = 0;
    for (const ByteRange& range : dirty) bytes += range.length;
    counters_.pushed += bytes;
    return bytes;
}

StateStatus LocalTier::pull(const std::string& key, LocalValue& value) {
    std::lock_guard guard(value.syncMutex());
    auto size = global_->size(key);
    if (!size) return fromTier(size.error());
    if (*size != value.size()) return sizeMismatch(key, *size, value.size(), "in the global tier");
    const ByteRange whole{0, value.size()};
    if (auto pulled = global_->getRanges(key, value.bytes(), std::span(&whole, 1)); !pulled)
        return fromTier(pulled.error());
    value.clearDirty();
    counters_.pulled += value.size();
    return {};
}

std::shared_ptr<RwLock> LocalTier::lockOf(const std::string& key) {
    std::lock_guard guard(mutex_);
    auto& lock = locks_[key];
    if (!lock) lock = std::make_shared<RwLock>();
    return lock;
}

}  // namespace faaslet::state
