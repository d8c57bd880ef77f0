#pragma once
// What the registry knows of one version of a function: its name, settings and where its code
// came from. A FunctionVersion adds the module's bytes; both are immutable once published, so a
// call holding one runs on that version however often the name is replaced meanwhile.

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "functions/function_name.h"
#include "functions/settings.h"
#include "nlohmann/json.hpp"

namespace faaslet::functions {

struct FunctionRecord {
    FunctionName name;
    std::string version;  // unique per add: the time of the add and a random suffix
    Settings settings;
    uint64_t wasmBytes = 0;
    std::string sha256;    // of the module's bytes, lowercase hex
    std::string cacheKey;  // the object cache's key for the compiled module
    std::chrono::system_clock::time_point added;
};

struct FunctionVersion {
    FunctionRecord record;
    std::vector<uint8_t> wasm;
};

// The stored form (function.json): the record's fields, with "settings" as settings_json.h writes
// them and "added" in milliseconds since the epoch ("added_unix_ms") and as UTC text ("added").
nlohmann::json toJson(const FunctionRecord& record);
// Damaged, saying which field is wrong, for anything toJson() would not write.
Result<FunctionRecord> recordFromJson(const nlohmann::json& json);

}  // namespace faaslet::functions
