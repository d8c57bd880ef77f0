#pragma once
// The global tier of state: where a value lives beyond one host's memory, so Faaslets of other
// processes (and hosts) see it. Two implementations stand behind this one interface: an
// in-process store (the default: nothing to start) and Redis (several hosts). The local tier
// (values mapped into Faaslets' memories) pushes to and pulls from it.
//
// Keys arrive already scoped by user ("user/key"): the tier does not scope them again. Every call
// may block on the network (Redis); none is made from a guest's sandboxed thread directly unless
// the sandbox allows the connection it uses (the Redis tier keeps its connections on its own).
//
// Thread-safe: any thread may call any member at any time.

#include <chrono>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "common/expected.h"

namespace faaslet::state {

struct TierError {
    enum class Kind : uint8_t {
        Unavailable,  // the store cannot be reached (Redis down): retry later; nothing half-written
        NotFound,     // no value under the key
        OutOfRange,   // a range past the value's end, or a size the store refuses
        TimedOut,     // a lock was not granted in time
        NotOwner,     // a lock released with a token that does not hold it
    };
    Kind kind;
    std::string message;  // what, where, why
};
const char* toString(TierError::Kind kind);

template <class T>
using TierResult = Expected<T, TierError>;
using TierStatus = StatusOf<TierError>;

// A byte range of a value: what a partial push or pull moves.
struct ByteRange {
    uint64_t offset = 0;
    uint64_t length = 0;
};

// Proof of holding a global lock; releasing checks it, so an expired holder cannot release the
// lock of the one that took it after the expiry.
struct LockToken {
    std::string key;
    std::string token;
};

class GlobalTier {
public:
    virtual ~GlobalTier() = default;

    // Where the tier lives, for logs and errors ("in-process", "redis://127.0.0.1:6379").
    virtual std::string describe() const = 0;

    // The value's size; NotFound when there is none.
    virtual TierResult<uint64_t> size(const std::string& key) = 0;
    // The whole value; NotFound when there is none.
    virtual TierResult<std::vector<uint8_t>> get(const std::string& key) = 0;
    // Replaces the whole value.
    virtual TierStatus set(const std::string& key, std::span<const uint8_t> value) = 0;
    // Writes each range of `value` (a buffer holding the whole value) at its offset, in one round
    // trip; the stored value grows to `value.size()` if it is shorter. Either every range is
    // written or (Unavailable) none is.
    virtual TierStatus setRanges(const std::string& key, std::span<const uint8_t> value,
                                 std::span<const ByteRange> ranges) = 0;
    // Reads each range into the same offsets of `value`, in one round trip. OutOfRange when a
    // range passes the stored value's end; NotFound when there is none.
    virtual TierStatus getRanges(const std::string& key, std::span<uint8_t> value,
                                 std::span<const ByteRange> ranges) = 0;
    virtual TierStatus remove(const std::string& key) = 0;

    // Appended entries: a list kept beside the value of the same key.
    virtual TierStatus append(const std::string& key, std::span<const uint8_t> entry) = 0;
    // The first `count` entries (all of them when there are fewer), oldest first.
    virtual TierResult<std::vector<std::vector<uint8_t>>> readAppended(const std::string& key, uint64_t count) = 0;
    virtual TierStatus clearAppended(const std::string& key) = 0;

    // Takes the global lock of `key`, waiting up to `wait` without busy polling; the lock expires
    // after `expiry` if never released. TimedOut when it was not granted in time.
    virtual TierResult<LockToken> lock(const std::string& key, std::chrono::milliseconds expiry,
                                       std::chrono::milliseconds wait) = 0;
    virtual TierStatus unlock(const LockToken& token) = 0;
};

}  // namespace faaslet::state
