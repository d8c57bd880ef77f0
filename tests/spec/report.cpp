#include "tests/spec/report.h"

#include <algorithm>

#include "fmt/format.h"
#include "tests/spec/suite.h"

namespace faaslet::spectest {

namespace {

std::string oneLine(std::string text) {
    std::replace(text.begin(), text.end(), '\n', ' ');
    std::replace(text.begin(), text.end(), '\r', ' ');
    return text;
}

std::string counts(const Tally& t) {
    return fmt::format("{} passed, {} failed, {} skipped", t.passed, t.failed, t.skipped);
}

void printKindLines(std::FILE* out, const std::string& label, size_t width,
                    const std::map<std::string, Tally>& kinds) {
    for (const auto& [kind, tally] : kinds)
        fmt::print(out, "{:<{}}  {:<23} {}\n", label, width, kind + ":", counts(tally));
}

}  // namespace

void printFileReport(std::FILE* out, const FileReport& report, const ReportStyle& style) {
    for (const auto& note : report.notes)
        fmt::print(out, "{:<{}}  {}\n", report.path, style.pathWidth, oneLine(note));
    printKindLines(out, report.path, style.pathWidth, report.kinds);
    size_t shown = 0;
    for (const auto& f : report.failures) {
        if (!style.verbose && shown == style.maxFailuresPerFile) {
            fmt::print(out, "  ... and {} more failures in {} (-v shows all)\n",
                       report.failures.size() - shown, report.path);
            break;
        }
        ++shown;
        std::string where = f.line > 0 ? fmt::format("{}:{}", report.path, f.line) : report.path;
        fmt::print(out, "  FAIL {} {}: {}\n", where, f.kind, oneLine(f.summary));
        if (style.verbose && !f.detail.empty()) {
            size_t start = 0;
            while (start < f.detail.size()) {
                size_t end = f.detail.find('\n', start);
                if (end == std::string::npos) end = f.detail.size();
                fmt::print(out, "       {}\n", f.detail.substr(start, end - start));
                start = end + 1;
            }
        }
    }
    if (style.verbose) {
        for (const auto& [key, count] : report.skipReasons)
            fmt::print(out, "  skipped {} {}: {}\n", count, key.first, key.second);
    }
    std::fflush(out);
}

void printTotals(std::FILE* out, const std::vector<FileReport>& reports) {
    fmt::print(out, "\ntotals per command kind:\n");
    for (const char* dir : {"core/", "simd/", kProposalPrefix}) {
        auto kinds = totalsByKind(reports, dir);
        if (kinds.empty()) continue;
        std::string label(dir);
        label.pop_back();
        printKindLines(out, label, 4, kinds);
    }
    printKindLines(out, "all", 4, totalsByKind(reports));

    std::map<std::pair<std::string, std::string>, uint64_t> reasons;
    for (const auto& r : reports)
        for (const auto& [key, count] : r.skipReasons) reasons[key] += count;
    if (!reasons.empty()) fmt::print(out, "skipped, by reason:\n");
    for (const auto& [key, count] : reasons)
        fmt::print(out, "  {:<23} {:>6}  {}\n", key.first + ":", count, key.second);
}

void printSummaryLine(std::FILE* out, const std::vector<FileReport>& reports) {
    Tally t = grandTotal(reports);
    fmt::print(out, "spec: {} passed, {} failed, {} skipped\n", t.passed, t.failed, t.skipped);
    std::fflush(out);
}

}  // namespace faaslet::spectest
