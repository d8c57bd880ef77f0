#include "functions/settings.h"

#include <array>
#include <charconv>
#include <filesystem>
#include <limits>
#include <set>

#include "cache/size_limit.h"
#include "fmt/format.h"

namespace faaslet::functions {

namespace fs = std::filesystem;
using std::chrono::milliseconds;

namespace {

Error invalid(std::string message) {
    return Error::make(Error::Kind::InvalidSettings, std::move(message));
}

bool hasNul(std::string_view text) {
    return text.find('\0') != std::string_view::npos;
}

struct DurationUnit {
    std::string_view suffix;
    int64_t milliseconds;
};
// Longest suffix first where one ends another ("ms" and "s").
constexpr std::array<DurationUnit, 4> kDurationUnits = {
    {{"ms", 1}, {"s", 1000}, {"m", 60'000}, {"h", 3'600'000}}};

}  // namespace

Status validate(const Settings& s) {
    if (hasNul(s.initExport)) return invalid("init export: the name contains a NUL byte");
    if (s.timeout < kMinTimeout || s.timeout > kMaxTimeout)
        return invalid(fmt::format("timeout {}: must be between {} and {}", formatDuration(s.timeout),
                                   formatDuration(kMinTimeout), formatDuration(kMaxTimeout)));
    if (s.maxMemoryBytes < kWasmPageBytes || s.maxMemoryBytes > kMaxMemoryBytes ||
        s.maxMemoryBytes % kWasmPageBytes != 0)
        return invalid(fmt::format("memory limit {} bytes: must be a multiple of 64K (one WebAssembly "
                                   "page) between 64K and 4G",
                                   s.maxMemoryBytes));
    if (s.maxFaaslets < 1 || s.maxFaaslets > kMaxFaasletsLimit)
        return invalid(fmt::format("maximum Faaslets {}: must be between 1 and {}", s.maxFaaslets,
                                   kMaxFaasletsLimit));
    std::set<std::string_view> names;
    for (const auto& [name, value] : s.environment) {
        if (name.empty() || name.find('=') != std::string::npos || hasNul(name) || hasNul(value))
            return invalid(fmt::format("environment \"{}\": a name must be non-empty, without '=' or NUL, "
                                       "and the value without NUL",
                                       name));
        if (!names.insert(name).second)
            return invalid(fmt::format("environment: \"{}\" is set more than once", name));
    }
    std::set<std::string_view> guests;
    for (const Preopen& preopen : s.preopens) {
        if (!fs::path(preopen.hostPath).is_absolute() || hasNul(preopen.hostPath))
            return invalid(fmt::format("directory \"{}\": the host path must be absolute", preopen.hostPath));
        if (preopen.guestPath.empty() || hasNul(preopen.guestPath))
            return invalid(fmt::format("directory \"{}\": the guest path must be non-empty, without NUL",
                                       preopen.hostPath));
        if (!guests.insert(preopen.guestPath).second)
            return invalid(fmt::format("directory: the guest path \"{}\" is given more than once",
                                       preopen.guestPath));
    }
    if (s.cpuWeight < kMinCpuWeight || s.cpuWeight > kMaxCpuWeight)
        return invalid(fmt::format("CPU weight {}: must be between {} and {} (cgroup v2 cpu.weight)",
                                   s.cpuWeight, kMinCpuWeight, kMaxCpuWeight));
    if (s.maxOutputBytes > kMaxOutputLimit)
        return invalid(fmt::format("output bound {} bytes: must be at most 1G", s.maxOutputBytes));
    return {};
}

Result<milliseconds> parseDuration(std::string_view text, std::string_view setting) {
    auto bad = [text, setting] {
        return invalid(fmt::format("{}: \"{}\" is not a duration: expected a whole number with a unit, "
                                   "ms, s, m or h (e.g. 500ms, 2s, 1m)",
                                   setting, text));
    };
    int64_t number = 0;
    const char* end = text.data() + text.size();
    auto [rest, error] = std::from_chars(text.data(), end, number);
    if (error == std::errc::result_out_of_range)
        return invalid(fmt::format("{}: \"{}\" is too long a duration", setting, text));
    if (error != std::errc() || rest == text.data() || number < 0) return bad();
    const std::string_view suffix(rest, size_t(end - rest));
    for (const DurationUnit& unit : kDurationUnits) {
        if (suffix != unit.suffix) continue;
        if (number > std::numeric_limits<int64_t>::max() / unit.milliseconds)
            return invalid(fmt::format("{}: \"{}\" is too long a duration", setting, text));
        return milliseconds(number * unit.milliseconds);
    }
    return bad();
}

std::string formatDuration(milliseconds duration) {
    const int64_t ms = duration.count();
    for (auto unit = kDurationUnits.rbegin(); unit != kDurationUnits.rend(); ++unit)
        if (ms != 0 && ms % unit->milliseconds == 0)
            return fmt::format("{}{}", ms / unit->milliseconds, unit->suffix);
    return fmt::format("{}ms", ms);
}

Result<uint64_t> parseByteSize(std::string_view text, std::string_view setting) {
    auto size = cache::parseSize(text);
    if (!size) return invalid(fmt::format("{}: {}", setting, size.error().message));
    return *size;
}

Result<uint32_t> parseCount(std::string_view text, std::string_view setting, uint32_t min, uint32_t max) {
    uint64_t number = 0;
    const char* end = text.data() + text.size();
    auto [rest, error] = std::from_chars(text.data(), end, number);
    if (error != std::errc() || rest != end || text.empty() || number < min || number > max)
        return invalid(fmt::format("{} \"{}\": expected a whole number between {} and {}", setting, text,
                                   min, max));
    return uint32_t(number);
}

Result<std::pair<std::string, std::string>> parseEnvironmentEntry(std::string_view text) {
    const size_t equals = text.find('=');
    if (equals == std::string_view::npos || equals == 0)
        return invalid(fmt::format("environment \"{}\": expected NAME=VALUE", text));
    return std::pair{std::string(text.substr(0, equals)), std::string(text.substr(equals + 1))};
}

Result<Preopen> parsePreopen(std::string_view text, bool writable) {
    const size_t separator = text.find("::");
    const std::string host(text.substr(0, separator));
    const std::string guest(separator == std::string_view::npos ? host : text.substr(separator + 2));
    if (host.empty() || guest.empty())
        return invalid(fmt::format("directory \"{}\": expected HOST or HOST::GUEST", text));
    std::error_code ec;
    fs::path absolute = fs::absolute(host, ec).lexically_normal();
    if (!absolute.has_filename() && absolute != absolute.root_path()) absolute = absolute.parent_path();
    if (ec || !fs::is_directory(absolute, ec))
        return invalid(fmt::format("directory \"{}\": {} is not a directory", text, host));
    return Preopen{absolute.string(), guest, writable};
}

}  // namespace faaslet::functions
