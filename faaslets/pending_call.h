#pragma once
// A call waiting for a Faaslet: its input, and where its result goes.

#include <chrono>
#include <cstdint>
#include <future>
#include <string>

#include "faaslets/call_result.h"

namespace faaslet::faaslets {

struct PendingCall {
    uint64_t id = 0;
    std::string input;
    std::promise<CallResult> result;
    std::chrono::steady_clock::time_point queued = std::chrono::steady_clock::now();
};

}  // namespace faaslet::faaslets
