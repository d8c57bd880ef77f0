#pragma once
// One Faaslet's side of the state API: the local tier it reaches, the user its keys are scoped
// by, and what the current call holds (local and global locks, the values it mapped). A Faaslet
// keeps one and ends each call with endCall() in its reset, so nothing a call took outlives it.

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "state/local_tier.h"

namespace faaslet::state {

// Maps a page range of a value's region into the calling guest's linear memory (the binding
// implements it over the runtime's LinearMemory, which this room does not know).
class MemoryMapper {
public:
    virtual ~MemoryMapper() = default;
    // `length` bytes (whole 64 KiB pages) of `fd` from `offset` (a multiple of 64 KiB): the guest
    // address they now start at, or why not (the memory limit leaves no room).
    virtual Expected<uint64_t, std::string> mapShared(int fd, uint64_t offset, uint64_t length) = 0;
};

class StateCall {
public:
    // How long a lock waits before the guest gets ETIMEDOUT, and when an unreleased global lock
    // expires (a crashed host's lock must not stop every other host for good).
    static constexpr std::chrono::milliseconds kLockWait{10'000};
    static constexpr std::chrono::milliseconds kGlobalLockExpiry{30'000};

    // Without `mayMap`, read_state_ptr is refused (a Proto-Faaslet's initialisation: its memory
    // becomes an image every Faaslet copies, and a mapping would not be shared through it).
    StateCall(LocalTier& tier, std::string user, bool mayMap)
        : tier_(tier), user_(std::move(user)), mayMap_(mayMap) {}
    ~StateCall() { endCall(); }
    StateCall(const StateCall&) = delete;
    StateCall& operator=(const StateCall&) = delete;

    // The call's own deadline (its timeout), if it has one: no lock waits past it, so a call
    // blocked on a lock ends when its time is up rather than after kLockWait.
    void beginCall(std::optional<std::chrono::steady_clock::time_point> deadline) { deadline_ = deadline; }

    LocalTier& tier() const { return tier_; }
    const std::string& user() const { return user_; }
    bool mayMap() const { return mayMap_; }

    // The guest address of [offset, offset + length) of `value` if this call mapped it already.
    std::optional<uint64_t> mappedAddress(const LocalValue& value, uint64_t offset, uint64_t length) const;
    void addMapping(std::shared_ptr<LocalValue> value, uint64_t offset, uint64_t length, uint64_t address);

    // EDEADLK when this call holds the lock already, EPERM to release one it does not hold,
    // ETIMEDOUT when not granted within kLockWait; the global ones as the tier says.
    StateStatus lockLocal(const std::string& key, bool exclusive);
    StateStatus unlockLocal(const std::string& key, bool exclusive);
    StateStatus lockGlobal(const std::string& key);
    StateStatus unlockGlobal(const std::string& key);

    // Releases every lock the call still holds and forgets its mappings (the linear memory's
    // reset unmaps them).
    void endCall();

private:
    // When a lock asked for now stops waiting.
    std::chrono::steady_clock::time_point lockDeadline() const;

    struct Mapping {
        std::shared_ptr<LocalValue> value;
        uint64_t offset;
        uint64_t length;
        uint64_t address;
    };
    struct HeldLocal {
        std::shared_ptr<RwLock> lock;
        bool exclusive;
    };

    LocalTier& tier_;
    std::string user_;
    bool mayMap_;
    std::optional<std::chrono::steady_clock::time_point> deadline_;
    std::vector<Mapping> mappings_;
    std::map<std::string, HeldLocal> localLocks_;
    std::map<std::string, LockToken> globalLocks_;
};

}  // namespace faaslet::state
