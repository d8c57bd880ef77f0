#pragma once
// Settings as JSON (nlohmann-json), the form they are stored in and shown by `info --json`:
//   {"init": "", "timeout_ms": 60000, "max_memory_bytes": 268435456, "max_faaslets": 8,
//    "environment": [["NAME", "VALUE"], ...], "preopens": [{"host": "/abs", "guest": "data",
//    "writable": false}, ...], "cpu_weight": 100, "max_output_bytes": 16777216}
// Every field is required when reading back, and the result passes validate().

#include "functions/settings.h"
#include "nlohmann/json.hpp"

namespace faaslet::functions {

nlohmann::json toJson(const Settings& settings);
// InvalidSettings saying which field is missing or has the wrong type or value.
Result<Settings> settingsFromJson(const nlohmann::json& json);

}  // namespace faaslet::functions
