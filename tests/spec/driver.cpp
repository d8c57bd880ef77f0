#include "tests/spec/driver.h"

#include <algorithm>
#include <cstdio>
#include <exception>
#include <memory>

#include "fmt/format.h"
#include "tests/spec/counts.h"
#include "tests/spec/engine.h"
#include "tests/spec/file_job.h"
#include "tests/spec/ordered_parallel.h"
#include "tests/spec/report.h"
#include "tests/spec/suite.h"

namespace faaslet::spectest {

namespace fs = std::filesystem;

namespace {

bool selected(const Options& options, const std::string& path) {
    return options.filter.empty() || path.find(options.filter) != std::string::npos;
}

// Whether a baseline entry is checked: selected, and not of the proposal suites when they are absent.
bool inBaselineScope(const Options& options, bool haveProposals, const std::string& path) {
    return selected(options, path) && (haveProposals || path.rfind(kProposalPrefix, 0) != 0);
}

int runFiles(const Options& options, const SuiteLocation& suite, bool haveProposals,
             const std::vector<SuiteFile>& files, const std::optional<Baseline>& baseline) {
    EngineFactory engines = makeEngineFactory();
    FileJobContext context{engines};
    unsigned jobs = std::max(1u, options.jobs);
    fmt::print("faaslet-spectest: suite {} ({}), {} files, {} jobs, execution: {}\n",
               suite.dir.string(), suite.source, files.size(), jobs,
               engines ? "engine" : "none (commands that execute code are skipped)");
    std::fflush(stdout);

    ReportStyle style;
    style.verbose = options.verbose;
    for (const auto& f : files) style.pathWidth = std::max(style.pathWidth, f.path.size());

    std::vector<FileReport> reports;
    reports.reserve(files.size());
    runOrdered<FileReport>(
        files.size(), jobs, [&](size_t i) { return runSuiteFile(context, files[i]); },
        [&](size_t, FileReport&& report) {
            printFileReport(stdout, report, style);
            reports.push_back(std::move(report));
        });

    printTotals(stdout, reports);
    // With a baseline, the verdict is the baseline's: known failures are printed but only a drop in
    // a pass count fails the run, so the count can only go up.
    bool ok = baseline || grandTotal(reports).failed == 0;

    if (!options.jsonFile.empty()) {
        if (auto error = writeJson(reports, options.jsonFile); !error.empty()) {
            fmt::print("error: {}\n", error);
            ok = false;
        }
    }
    if (!options.writeBaselineFile.empty()) {
        if (auto error = writeJson(reports, options.writeBaselineFile); !error.empty()) {
            fmt::print("error: {}\n", error);
            ok = false;
        } else {
            fmt::print("baseline written to {}\n", options.writeBaselineFile);
        }
    }
    if (baseline) {
        auto drops = baselineDrops(*baseline, reports, [&](const std::string& p) {
            return inBaselineScope(options, haveProposals, p);
        });
        for (const auto& drop : drops) fmt::print("BELOW BASELINE {}\n", drop);
        if (drops.empty()) {
            fmt::print("baseline {}: held\n", options.baselineFile);
        } else {
            fmt::print("baseline {}: {} file/kind pass counts dropped\n", options.baselineFile, drops.size());
            ok = false;
        }
    }
    printSummaryLine(stdout, reports);
    return ok ? kExitOk : kExitFailures;
}

}  // namespace

int runDriver(const Options& options) {
    SuiteLocation suite = locateSuite(options.suiteDir);
    std::error_code ec;
    if (!fs::is_directory(suite.dir, ec)) {
        fmt::print(
            "spec: skipped, no spec suite at {} (from {}); pass its directory as an argument or set "
            "FAASLET_SPEC_TESTSUITE\n",
            suite.dir.string(), suite.source);
        return options.skipExitCode;
    }
    if (!options.writeBaselineFile.empty() && !options.filter.empty()) {
        fmt::print(stderr, "error: --write-baseline needs the whole suite; drop --filter\n");
        return kExitUsage;
    }
    std::optional<Baseline> baseline;
    if (!options.baselineFile.empty()) {
        try {
            baseline = readBaseline(options.baselineFile);
        } catch (const BaselineError& e) {
            fmt::print("error: {}\n", e.message);
            return kExitFailures;
        }
    }
    std::vector<SuiteFile> all = listSuiteFiles(suite.dir);
    // The proposal suites are optional data: without them the core suite still runs, and says so.
    const SuiteLocation proposals = locateProposals(options.proposalsDir);
    const bool haveProposals = fs::is_directory(proposals.dir, ec);
    if (haveProposals) {
        for (auto& f : listProposalFiles(proposals.dir)) all.push_back(std::move(f));
    } else {
        fmt::print(
            "proposal suites: skipped, none at {} (from {}); pass --proposals DIR or set "
            "FAASLET_PROPOSAL_TESTS\n",
            proposals.dir.string(), proposals.source);
    }
    std::vector<SuiteFile> files;
    for (auto& f : all)
        if (selected(options, f.path)) files.push_back(std::move(f));
    if (files.empty()) {
        if (options.filter.empty()) {
            fmt::print("error: no .wast files in {}/core or {}/simd\n", suite.dir.string(),
                       suite.dir.string());
        } else {
            fmt::print("error: no .wast file of {} matches --filter \"{}\"\n", suite.dir.string(),
                       options.filter);
        }
        return kExitFailures;
    }
    try {
        return runFiles(options, suite, haveProposals, files, baseline);
    } catch (const std::exception& e) {
        fmt::print("error: {}\n", e.what());
        return kExitFailures;
    }
}

}  // namespace faaslet::spectest
