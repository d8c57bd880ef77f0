// faaslet-spectest: runs the WebAssembly spec suite (core and SIMD) and the proposals' suites
// against faaslet's decoder, validator and engine. See tests/spec/README.md.

#include <algorithm>
#include <thread>

#include "CLI/CLI.hpp"
#include "tests/spec/driver.h"

int main(int argc, char** argv) {
    faaslet::spectest::Options options;
    options.jobs = std::max(1u, std::thread::hardware_concurrency());
    std::string suiteDir;
    std::string proposalsDir;

    CLI::App app{
        "Runs the WebAssembly spec suite (core/*.wast and simd/*.wast, read directly) "
        "against faaslet.\nExit status: 0 when nothing failed (with --baseline: when no pass count dropped), 1 otherwise, "
        "2 on a usage error; --skip-exit-code when the suite is absent.",
        "faaslet-spectest"};
    app.add_option("SUITE_DIR", suiteDir,
                   "The suite (default: $FAASLET_SPEC_TESTSUITE, else ../shared/wasm-spec-testsuite beside "
                   "the repository)");
    app.add_option(
        "--proposals", proposalsDir,
        "The proposals' suites (default: $FAASLET_PROPOSAL_TESTS, else ../shared/wasm-proposal-tests "
        "beside the repository)");
    app.add_option("--filter", options.filter,
                   "Only files whose path (e.g. core/address.wast) contains this");
    app.add_option("--json", options.jsonFile, "Write the counts per file and command kind as JSON");
    app.add_option(
        "--baseline", options.baselineFile,
        "Fail when a file/kind passes fewer commands than in this JSON (tests/spec/baseline.json)");
    app.add_option("--write-baseline", options.writeBaselineFile, "Write the counts as a new baseline");
    app.add_option("-j,--jobs", options.jobs, "Files run in parallel (default: hardware threads)")
        ->check(CLI::Range(1u, 1024u));
    app.add_flag("-v,--verbose", options.verbose, "Every failure in detail, and skip reasons per file");
    app.add_option("--skip-exit-code", options.skipExitCode,
                   "Exit status when the suite is absent (default 0)");
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        int rc = app.exit(e);
        return rc == 0 ? 0 : faaslet::spectest::kExitUsage;
    }
    if (!suiteDir.empty()) options.suiteDir = suiteDir;
    if (!proposalsDir.empty()) options.proposalsDir = proposalsDir;
    return faaslet::spectest::runDriver(options);
}
