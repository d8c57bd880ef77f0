#include "tests/spec/manifest.h"

#include <charconv>
#include <fstream>
#include <optional>
#include <vector>

#include "fmt/format.h"

namespace faaslet::spectest {

namespace {

std::vector<std::string> splitTabs(const std::string& line) {
    std::vector<std::string> fields;
    size_t start = 0;
    while (true) {
        size_t tab = line.find('\t', start);
        fields.push_back(line.substr(start, tab == std::string::npos ? std::string::npos : tab - start));
        if (tab == std::string::npos) break;
        start = tab + 1;
    }
    if (!fields.empty() && !fields.back().empty() && fields.back().back() == '\r') fields.back().pop_back();
    return fields;
}

std::optional<uint64_t> parseCount(const std::string& text) {
    uint64_t v = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (ec != std::errc() || end != text.data() + text.size() || text.empty()) return std::nullopt;
    return v;
}

constexpr const char* kKinds[] = {
    "assert_return",     "assert_trap",           "assert_invalid", "assert_malformed", "assert_exhaustion",
    "assert_unlinkable", "assert_uninstantiable", "module",         "register",         "action"};

}  // namespace

Manifest readManifest(const std::filesystem::path& file) {
    Manifest manifest;
    std::ifstream in(file);
    if (!in) {
        manifest.problem = fmt::format("cannot read {}", file.string());
        return manifest;
    }
    std::string line;
    if (!std::getline(in, line)) {
        manifest.problem = fmt::format("{} is empty", file.string());
        return manifest;
    }
    std::vector<std::string> header = splitTabs(line);
    std::optional<size_t> pathColumn, convertColumn;
    std::map<std::string, size_t> kindColumns;
    for (size_t i = 0; i < header.size(); ++i) {
        if (header[i] == "path") pathColumn = i;
        if (!convertColumn && header[i].rfind("wast2json", 0) == 0) convertColumn = i;
        for (const char* kind : kKinds)
            if (header[i] == kind) kindColumns[kind] = i;
    }
    if (!pathColumn || !convertColumn) {
        manifest.problem =
            fmt::format("{}: no \"path\" or \"wast2json...\" column in the header", file.string());
        return manifest;
    }
    int lineNumber = 1;
    while (std::getline(in, line)) {
        ++lineNumber;
        if (line.empty()) continue;
        std::vector<std::string> fields = splitTabs(line);
        if (fields.size() <= std::max(*pathColumn, *convertColumn)) {
            manifest.problem = fmt::format("{}:{}: too few columns", file.string(), lineNumber);
            continue;
        }
        ManifestEntry& entry = manifest.files[fields[*pathColumn]];
        entry.conversionFails = fields[*convertColumn] == "FAIL";
        for (const auto& [kind, column] : kindColumns) {
            if (column >= fields.size()) continue;
            if (auto count = parseCount(fields[column]); count && *count > 0) entry.kindCounts[kind] = *count;
        }
    }
    return manifest;
}

}  // namespace faaslet::spectest
