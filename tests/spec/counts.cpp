#include "tests/spec/counts.h"

#include <fstream>

#include "fmt/format.h"
#include "nlohmann/json.hpp"

namespace faaslet::spectest {

using nlohmann::json;

namespace {

std::string tallyText(const Tally& t) {
    return fmt::format("{{\"passed\": {}, \"failed\": {}, \"skipped\": {}}}", t.passed, t.failed, t.skipped);
}

// One line per kind, so a baseline diff shows one line per changed count.
void appendKinds(std::string& out, const std::map<std::string, Tally>& kinds, const std::string& indent) {
    out += "{";
    const char* sep = "\n";
    for (const auto& [kind, tally] : kinds) {
        out += sep + indent + "  " + json(kind).dump() + ": " + tallyText(tally);
        sep = ",\n";
    }
    out += kinds.empty() ? "}" : "\n" + indent + "}";
}

}  // namespace

std::string formatJson(const std::vector<FileReport>& reports) {
    std::string out = "{\n  \"totals\": ";
    appendKinds(out, totalsByKind(reports), "  ");
    out += ",\n  \"files\": {";
    const char* sep = "\n";
    for (const auto& r : reports) {
        out += sep + std::string("    ") + json(r.path).dump() + ": ";
        appendKinds(out, r.kinds, "    ");
        sep = ",\n";
    }
    out += reports.empty() ? "}\n}\n" : "\n  }\n}\n";
    return out;
}

std::map<std::string, Tally> totalsByKind(const std::vector<FileReport>& reports, const std::string& prefix) {
    std::map<std::string, Tally> totals;
    for (const auto& r : reports) {
        if (r.path.compare(0, prefix.size(), prefix) != 0) continue;
        for (const auto& [kind, tally] : r.kinds) totals[kind] += tally;
    }
    return totals;
}

Tally grandTotal(const std::vector<FileReport>& reports) {
    Tally total;
    for (const auto& [kind, tally] : totalsByKind(reports)) total += tally;
    return total;
}

std::string writeJson(const std::vector<FileReport>& reports, const std::filesystem::path& file) {
    // Written beside the target and renamed, so a reader never sees half a file.
    std::filesystem::path tmp = file;
    tmp += ".tmp";
    {
        std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
        if (!out) return fmt::format("cannot write {}", tmp.string());
        out << formatJson(reports);
        if (!out.flush()) return fmt::format("cannot write {}", tmp.string());
    }
    std::error_code ec;
    std::filesystem::rename(tmp, file, ec);
    if (ec) return fmt::format("cannot rename {} to {}: {}", tmp.string(), file.string(), ec.message());
    return {};
}

Baseline readBaseline(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) throw BaselineError{fmt::format("cannot open baseline {}", file.string())};
    json doc = json::parse(in, nullptr, false);
    if (doc.is_discarded()) throw BaselineError{fmt::format("baseline {} is not valid JSON", file.string())};
    auto files = doc.is_object() ? doc.find("files") : doc.end();
    if (!doc.is_object() || files == doc.end() || !files->is_object())
        throw BaselineError{fmt::format("baseline {} has no \"files\" object", file.string())};
    Baseline baseline;
    for (const auto& [path, kinds] : files->items()) {
        if (!kinds.is_object())
            throw BaselineError{fmt::format("baseline {}: \"{}\" is not an object", file.string(), path)};
        for (const auto& [kind, tally] : kinds.items()) {
            auto passed = tally.is_object() ? tally.find("passed") : tally.end();
            if (!tally.is_object() || passed == tally.end() || !passed->is_number_unsigned())
                throw BaselineError{fmt::format("baseline {}: {} {} has no unsigned \"passed\" count",
                                                file.string(), path, kind)};
            baseline[path][kind] = passed->get<uint64_t>();
        }
    }
    return baseline;
}

std::vector<std::string> baselineDrops(const Baseline& baseline, const std::vector<FileReport>& reports,
                                       const std::function<bool(const std::string&)>& inScope) {
    std::map<std::string, const FileReport*> byPath;
    for (const auto& r : reports) byPath[r.path] = &r;
    std::vector<std::string> drops;
    for (const auto& [path, kinds] : baseline) {
        if (!inScope(path)) continue;
        auto report = byPath.find(path);
        for (const auto& [kind, expected] : kinds) {
            uint64_t passed = 0;
            if (report != byPath.end()) {
                auto tally = report->second->kinds.find(kind);
                if (tally != report->second->kinds.end()) passed = tally->second.passed;
            }
            if (passed < expected) {
                drops.push_back(fmt::format("{} {}: {} passed, baseline {}{}", path, kind, passed, expected,
                                            report == byPath.end() ? " (file did not run)" : ""));
            }
        }
    }
    return drops;
}

}  // namespace faaslet::spectest
