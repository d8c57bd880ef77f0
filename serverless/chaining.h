#pragma once
// What the chain functions (chain_functions.h) ask of the host: an interface the runtime
// implements (faaslets/chained_calls.*), so this room knows nothing of pools or Faaslets. One
// Chainer serves one call at a time and remembers the calls it chained until that call ends.

#include <chrono>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace faaslet::serverless {

// The codes a chain function returns instead of a call id or a callee's return code. Where errno
// has the meaning they are negated WASI errno values, like the rest of this interface; a callee
// that did not run to its end gets a code of its own (its message: __faaslet_call_error).
enum class ChainCode : int32_t {
    UnknownFunction = -44,   // ENOENT: no such function, export or table slot
    BadEntry = -28,          // EINVAL: a name that is not a NUL-terminated string of at most 255
                             // bytes, or an entry that is not a function of the caller's own
                             // taking nothing and returning nothing or an i32
    Fault = -21,             // EFAULT: a buffer outside linear memory
    NotYours = -12,          // ECHILD: this call chained no call with that id
    AlreadyAwaited = -7,     // EALREADY: the id was awaited before
    NotAwaited = -10,        // EBUSY: output or error asked of a call not awaited yet
    TooDeep = -32,           // ELOOP: the chain would pass the runtime's depth limit
    TooMany = -33,           // EMFILE: this call has chained as many calls as it may
    TimedOut = -73,          // ETIMEDOUT: the await's own timeout passed; the id may be awaited again
    NotOffered = -58,        // ENOTSUP: no chaining here (a function's initialisation)
    CalleeTrapped = -1001,
    CalleeTimedOut = -1002,
    CalleeOverloaded = -1003,  // the callee's queue was full: it never ran
    CalleeRefused = -1004,     // the callee was removed before it ran
    CalleeFailed = -1005,      // the runtime could not run it
};

constexpr int32_t code(ChainCode c) { return int32_t(c); }

// Whom a chained call runs: a function by name ("user/function", or "function" for one of the
// caller's own user), or the caller's own function with another entry: an export by name, or the
// function in slot `tableIndex` of its table 0 (Faasm's function pointers).
struct ChainTarget {
    enum class Kind : uint8_t { Function, Export, TableSlot };
    Kind kind = Kind::Function;
    std::string name;
    uint32_t tableIndex = 0;
};

struct ChainRequest {
    ChainTarget target;
    std::string input;  // copied once out of the caller's memory; moved from here on
};

struct AwaitOutcome {
    int32_t code = 0;          // the callee's return code, or a ChainCode
    bool interrupted = false;  // the caller's own deadline passed while it waited: it must stop
};

class Chainer {
public:
    virtual ~Chainer() = default;

    // A call id (1 to 2^31 - 1) or a ChainCode. The input is the callee's from here on.
    virtual int32_t chain(ChainRequest request) = 0;
    // Every request chained, or none (the ChainCode of the first that could not be, and its index).
    struct BatchOutcome {
        std::vector<int32_t> ids;
        int32_t code = 0;
        size_t failedIndex = 0;
    };
    virtual BatchOutcome chainBatch(std::vector<ChainRequest> requests) = 0;
    // Waits for the call (at most `timeout` when given).
    virtual AwaitOutcome await(int32_t id, std::optional<std::chrono::milliseconds> timeout) = 0;
    // An awaited call's output or error message (empty when it ran to its end), or a ChainCode.
    struct Finished {
        int32_t code = 0;  // 0, or NotYours / NotAwaited
        std::string_view bytes;
    };
    virtual Finished output(int32_t id) const = 0;
    virtual Finished error(int32_t id) const = 0;
    // Forgets the call now rather than when the caller's call ends (its output freed; a call not
    // awaited yet finishes unawaited): 0, or NotYours.
    virtual int32_t release(int32_t id) = 0;
};

}  // namespace faaslet::serverless
