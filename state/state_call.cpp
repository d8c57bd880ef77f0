#include "state/state_call.h"

namespace faaslet::state {

std::optional<uint64_t> StateCall::mappedAddress(const LocalValue& value, uint64_t offset, uint64_t length) const {
    for (const Mapping& m : mappings_)
        if (m.value.get() == &value && offset >= m.offset && offset - m.offset + length <= m.length)
            return m.address + (offset - m.offset);
    return std::nullopt;
}

void StateCall::addMapping(std::shared_ptr<LocalValue> value, uint64_t offset, uint64_t length, uint64_t address) {
    tier_.counters().mappedBytes += length;
    mappings_.push_back({std::move(value), offset, length, address});
}

std::chrono::steady_clock::time_point StateCall::lockDeadline() const {
    const auto limit = std::chrono::steady_clock::now() + kLockWait;
    return deadline_ ? std::min(limit, *deadline_) : limit;
}

StateStatus StateCall::lockLocal(const std::string& key, bool exclusive) {
    if (localLocks_.count(key))
        return StateError{wasi::WasiErrno::DeadLk, "the local lock of \"" + key + "\" is held by this call already"};
    std::shared_ptr<RwLock> lock = tier_.lockOf(key);
    const auto deadline = lockDeadline();
    if (!(exclusive ? lock->lock(deadline) : lock->lockShared(deadline)))
        return StateError{wasi::WasiErrno::TimedOut, std::string("the local ") + (exclusive ? "write" : "read") +
                                                         " lock of \"" + key + "\" was not granted within " +
                                                         std::to_string(kLockWait.count()) +
                                                         " ms or the call's own deadline"};
    localLocks_[key] = HeldLocal{std::move(lock), exclusive};
    return {};
}

StateStatus StateCall::unlockLocal(const std::string& key, bool exclusive) {
    auto it = localLocks_.find(key);
    if (it == localLocks_.end() || it->second.exclusive != exclusive)
        return StateError{wasi::WasiErrno::Perm, std::string("the local ") + (exclusive ? "write" : "read") +
                                                     " lock of \"" + key + "\" is not held by this call"};
    if (exclusive)
        it->second.lock->unlock();
    else
        it->second.lock->unlockShared();
    localLocks_.erase(it);
    return {};
}

StateStatus StateCall::lockGlobal(const std::string& key) {
    if (globalLocks_.count(key))
        return StateError{wasi::WasiErrno::DeadLk, "the global lock of \"" + key + "\" is held by this call already"};
    const auto wait = std::chrono::duration_cast<std::chrono::milliseconds>(lockDeadline() -
                                                                            std::chrono::steady_clock::now());
    auto token = tier_.global().lock(key, kGlobalLockExpiry, std::max(wait, std::chrono::milliseconds(0)));
    if (!token) return fromTier(token.error());
    globalLocks_.emplace(key, std::move(*token));
    return {};
}

StateStatus StateCall::unlockGlobal(const std::string& key) {
    auto it = globalLocks_.find(key);
    if (it == globalLocks_.end())
        return StateError{wasi::WasiErrno::Perm, "the global lock of \"" + key + "\" is not held by this call"};
    auto released = tier_.global().unlock(it->second);
    globalLocks_.erase(it);
    if (!released) return fromTier(released.error());
    return {};
}

void StateCall::endCall() {
    for (auto& [key, held] : localLocks_) {
        if (held.exclusive)
            held.lock->unlock();
        else
            held.lock->unlockShared();
    }
    localLocks_.clear();
    // An unreachable tier lets the lock expire instead; nothing else can be done from here.
    for (auto& [key, token] : globalLocks_) (void)tier_.global().unlock(token);
    globalLocks_.clear();
    mappings_.clear();
    deadline_.reset();
}

}  // namespace faaslet::state
