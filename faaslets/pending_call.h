#pragma once
// A call waiting for a Faaslet: its input, which entry it runs, how deep in a chain it is, and
// where its result goes.

#include <chrono>
#include <cstdint>
#include <future>
#include <optional>
#include <string>

#include "faaslets/call_result.h"

namespace faaslet::faaslets {

struct PendingCall {
    uint64_t id = 0;
    std::string input;
    std::promise<CallResult> result;
    std::chrono::steady_clock::time_point queued = std::chrono::steady_clock::now();
    // A chained call to one of the caller's own functions (an export, a table slot): its index in
    // the module's function index space, checked by the caller. Unset: the function's entry.
    std::optional<uint32_t> entryFunction;
    unsigned chainDepth = 0;  // 0: a call from outside; a chained call is its caller's depth + 1
};

}  // namespace faaslet::faaslets
