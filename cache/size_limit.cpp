#include "cache/size_limit.h"

#include <array>
#include <cctype>
#include <charconv>
#include <cstdlib>
#include <limits>
#include <optional>
#include <utility>

#include "fmt/format.h"

namespace faaslet::cache {

namespace {

constexpr std::array<std::pair<char, unsigned>, 4> kSuffixShifts = {
    {{'K', 10}, {'M', 20}, {'G', 30}, {'T', 40}}};

Error notASize(std::string_view text) {
    return Error::make(Error::Kind::InvalidArgument,
                            fmt::format("\"{}\" is not a size: expected a number of bytes with an optional "
                                        "K, M, G or T suffix (e.g. 500M, 2G)",
                                        text));
}

// The shift of a suffix such as "G", "GB", "GiB" (any case); 0 for none or a lone "B".
std::optional<unsigned> suffixShift(std::string_view suffix) {
    std::string upper;
    for (char c : suffix) upper.push_back(char(std::toupper(static_cast<unsigned char>(c))));
    if (upper.empty() || upper == "B") return 0u;
    for (auto [letter, shift] : kSuffixShifts) {
        const std::string letterText(1, letter);
        if (upper == letterText || upper == letterText + "B" || upper == letterText + "IB") return shift;
    }
    return std::nullopt;
}

}  // namespace

Result<uint64_t> parseSize(std::string_view text) {
    uint64_t number = 0;
    const char* end = text.data() + text.size();
    auto [rest, error] = std::from_chars(text.data(), end, number);
    if (error != std::errc() || rest == text.data()) return notASize(text);
    auto shift = suffixShift(std::string_view(rest, size_t(end - rest)));
    if (!shift) return notASize(text);
    if (*shift && number > (std::numeric_limits<uint64_t>::max() >> *shift))
        return Error::make(Error::Kind::InvalidArgument,
                                fmt::format("\"{}\" is too large a size", text));
    return number << *shift;
}

std::string formatSize(uint64_t bytes) {
    if (bytes < 1024) return fmt::format("{} bytes", bytes);
    constexpr std::array<const char*, 4> units = {"KiB", "MiB", "GiB", "TiB"};
    double value = double(bytes) / 1024;
    size_t unit = 0;
    while (value >= 1024 && unit + 1 < units.size()) {
        value /= 1024;
        ++unit;
    }
    return fmt::format("{:.1f} {}", value, units[unit]);
}

SizeLimit configuredSizeLimit(const EnvironmentLookup& getenv) {
    SizeLimit limit;
    limit.source = "default";
    const char* text = getenv(kMaxSizeVariable);
    if (!text || !*text) return limit;
    auto parsed = parseSize(text);
    if (!parsed) {
        limit.problem = fmt::format("{}: {}", kMaxSizeVariable, parsed.error().message);
        return limit;
    }
    limit.bytes = *parsed;
    limit.source = kMaxSizeVariable;
    return limit;
}

SizeLimit configuredSizeLimit() {
    return configuredSizeLimit([](const char* name) { return std::getenv(name); });
}

}  // namespace faaslet::cache
