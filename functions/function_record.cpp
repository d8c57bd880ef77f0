#include "functions/function_record.h"

#include "fmt/chrono.h"
#include "fmt/format.h"
#include "functions/settings_json.h"

namespace faaslet::functions {

using nlohmann::json;
using std::chrono::milliseconds;
using std::chrono::system_clock;

namespace {

// The layout of function.json; a reader refuses any other.
constexpr int kRecordFormat = 1;

Error damaged(const std::string& what) {
    return Error::make(Error::Kind::Damaged, "function.json: " + what);
}

}  // namespace

nlohmann::json toJson(const FunctionRecord& r) {
    const int64_t addedMs = std::chrono::duration_cast<milliseconds>(r.added.time_since_epoch()).count();
    return {{"format", kRecordFormat},
            {"name", r.name.toString()},
            {"version", r.version},
            {"added_unix_ms", addedMs},
            {"added", fmt::format("{:%Y-%m-%dT%H:%M:%S}Z", fmt::gmtime(system_clock::to_time_t(r.added)))},
            {"wasm_bytes", r.wasmBytes},
            {"sha256", r.sha256},
            {"cache_key", r.cacheKey},
            {"settings", toJson(r.settings)}};
}

Result<FunctionRecord> recordFromJson(const nlohmann::json& j) {
    FunctionRecord r;
    const char* field = "format";
    try {
        if (!j.is_object()) return damaged("not a JSON object");
        auto get = [&](const char* name) -> const json& {
            field = name;
            return j.at(name);
        };
        if (get("format") != kRecordFormat) return damaged(fmt::format("format {} is not {}", j["format"].dump(), kRecordFormat));
        auto name = parseFunctionName(get("name").get<std::string>());
        if (!name) return damaged(name.error().message);
        r.name = std::move(*name);
        r.version = get("version").get<std::string>();
        r.added = system_clock::time_point(milliseconds(get("added_unix_ms").get<int64_t>()));
        r.wasmBytes = get("wasm_bytes").get<uint64_t>();
        r.sha256 = get("sha256").get<std::string>();
        r.cacheKey = get("cache_key").get<std::string>();
        auto settings = settingsFromJson(get("settings"));
        if (!settings) return damaged(settings.error().message);
        r.settings = std::move(*settings);
    } catch (const std::exception& e) {
        return damaged(fmt::format("\"{}\": {}", field, e.what()));
    }
    return r;
}

}  // namespace faaslet::functions
