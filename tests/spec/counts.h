#pragma once
// Tallies of passed, failed and skipped commands per file and per command kind, their JSON form
// ({"totals": {KIND: {...}}, "files": {"core/NAME.wast": {KIND: {...}}}}) and the baseline check.
// KIND is wast2json's command type; the pseudo-kind "file" counts files that could not be run
// at all (a conversion that should have worked, an unreadable JSON).

#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace faaslet::spectest {

inline constexpr const char* kFileKind = "file";

struct Tally {
    uint64_t passed = 0;
    uint64_t failed = 0;
    uint64_t skipped = 0;
    Tally& operator+=(const Tally& o) {
        passed += o.passed;
        failed += o.failed;
        skipped += o.skipped;
        return *this;
    }
};

struct Failure {
    int line = 0;  // of the command in the .wast file (0: the whole file)
    std::string kind;
    std::string summary;  // one line
    std::string detail;   // more lines for -v, may be empty
};

// Everything one .wast file produced.
struct FileReport {
    std::string path;  // relative to the suite: "core/address.wast"
    std::map<std::string, Tally> kinds;
    std::vector<Failure> failures;
    std::map<std::pair<std::string, std::string>, uint64_t> skipReasons;  // (kind, reason) -> count
    std::vector<std::string> notes;  // e.g. "not convertible with wast2json: ..."

    void pass(const std::string& kind) { ++kinds[kind].passed; }
    void skip(const std::string& kind, const std::string& reason, uint64_t n = 1) {
        kinds[kind].skipped += n;
        skipReasons[{kind, reason}] += n;
    }
    void fail(const std::string& kind, int line, std::string summary, std::string detail = {}) {
        ++kinds[kind].failed;
        failures.push_back({line, kind, std::move(summary), std::move(detail)});
    }
};

// Per-kind sums over reports whose path starts with `prefix` (all when empty).
std::map<std::string, Tally> totalsByKind(const std::vector<FileReport>& reports,
                                          const std::string& prefix = {});
Tally grandTotal(const std::vector<FileReport>& reports);

// The results as JSON text, one line per file and kind.
std::string formatJson(const std::vector<FileReport>& reports);

// Writes formatJson() to a file; returns an error message, empty on success.
std::string writeJson(const std::vector<FileReport>& reports, const std::filesystem::path& file);

// Passed counts per file and kind, as read from a results JSON used as a baseline.
using Baseline = std::map<std::string, std::map<std::string, uint64_t>>;

struct BaselineError {
    std::string message;
};
Baseline readBaseline(const std::filesystem::path& file);  // throws BaselineError

// One line per file/kind whose passed count fell below the baseline. Only baseline files for
// which `inScope` holds are checked (the --filter); a file in scope that did not run counts as 0.
std::vector<std::string> baselineDrops(const Baseline& baseline, const std::vector<FileReport>& reports,
                                       const std::function<bool(const std::string&)>& inScope);

}  // namespace faaslet::spectest
