#pragma once
// Calls as JSON Lines for `faaslet invoke --json`: one object per call, and a summary of many.
// Bytes that are not UTF-8 travel as base64 under a `_base64` name instead.

#include <string>
#include <vector>

#include "faaslets/call_result.h"
#include "nlohmann/json.hpp"

namespace faaslet::cli {

nlohmann::json callJson(const faaslets::CallResult& result);
// calls, failures, calls_per_second and latency percentiles in microseconds.
nlohmann::json summaryJson(std::vector<double> latenciesMicros, size_t failures, double seconds);

}  // namespace faaslet::cli
