#include "functions/settings_json.h"

#include <cstdint>
#include <stdexcept>

#include "fmt/format.h"

namespace faaslet::functions {

using nlohmann::json;

nlohmann::json toJson(const Settings& s) {
    json environment = json::array();
    for (const auto& [name, value] : s.environment) environment.push_back(json::array({name, value}));
    json preopens = json::array();
    for (const Preopen& p : s.preopens)
        preopens.push_back({{"host", p.hostPath}, {"guest", p.guestPath}, {"writable", p.writable}});
    return {{"init", s.initExport},
            {"timeout_ms", uint64_t(s.timeout.count())},
            {"max_memory_bytes", s.maxMemoryBytes},
            {"max_faaslets", s.maxFaaslets},
            {"environment", std::move(environment)},
            {"preopens", std::move(preopens)},
            {"cpu_weight", s.cpuWeight},
            {"max_output_bytes", s.maxOutputBytes}};
}

Result<Settings> settingsFromJson(const nlohmann::json& j) {
    Settings s;
    // nlohmann's own exceptions name the type it found; the field named here says where.
    const char* field = "settings";
    try {
        if (!j.is_object()) throw std::invalid_argument("not an object");
        auto get = [&](const char* name) -> const json& {
            field = name;
            return j.at(name);
        };
        auto array = [&](const char* name) -> const json& {
            const json& value = get(name);
            if (!value.is_array()) throw std::invalid_argument("expected an array");
            return value;
        };
        // Whole numbers only: nlohmann would wrap a negative one round, or truncate a fraction.
        auto whole = [&](const char* name) -> uint64_t {
            const json& value = get(name);
            const bool whole = value.is_number_unsigned() || (value.is_number_integer() && value.get<int64_t>() >= 0);
            if (!whole) throw std::invalid_argument("expected a whole number");
            return value.get<uint64_t>();
        };
        auto narrow = [&](uint64_t value) -> uint32_t {
            if (value > UINT32_MAX) throw std::invalid_argument("out of range");
            return uint32_t(value);
        };
        s.initExport = get("init").get<std::string>();
        const uint64_t timeout = whole("timeout_ms");
        if (timeout > uint64_t(kMaxTimeout.count())) throw std::invalid_argument("out of range");
        s.timeout = std::chrono::milliseconds(timeout);
        s.maxMemoryBytes = whole("max_memory_bytes");
        s.maxFaaslets = narrow(whole("max_faaslets"));
        for (const json& entry : array("environment")) {
            if (!entry.is_array() || entry.size() != 2) throw std::invalid_argument("expected [name, value]");
            s.environment.emplace_back(entry[0].get<std::string>(), entry[1].get<std::string>());
        }
        for (const json& entry : array("preopens"))
            s.preopens.push_back({entry.at("host").get<std::string>(), entry.at("guest").get<std::string>(),
                                  entry.at("writable").get<bool>()});
        s.cpuWeight = narrow(whole("cpu_weight"));
        s.maxOutputBytes = whole("max_output_bytes");
    } catch (const std::exception& e) {
        return Error::make(Error::Kind::InvalidSettings, fmt::format("settings: \"{}\": {}", field, e.what()));
    }
    if (auto valid = validate(s); !valid) return valid.error();
    return s;
}

}  // namespace faaslet::functions
