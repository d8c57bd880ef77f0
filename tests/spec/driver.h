#pragma once
// A whole run of the spec suite and the proposals' suites: locate them, read and run every selected file (in
// parallel, printed in order), write the JSON results and check the baseline.

#include <optional>
#include <string>

namespace faaslet::spectest {

// Exit codes.
inline constexpr int kExitOk = 0;
inline constexpr int kExitFailures = 1;  // failed commands, a baseline drop, or an error of the run
inline constexpr int kExitUsage = 2;

struct Options {
    std::optional<std::string> suiteDir;      // else $FAASLET_SPEC_TESTSUITE, else the default
    std::optional<std::string> proposalsDir;  // else $FAASLET_PROPOSAL_TESTS, else the default
    std::string filter;                   // only files whose relative path contains it
    std::string jsonFile;                 // --json
    std::string baselineFile;             // --baseline
    std::string writeBaselineFile;        // --write-baseline
    unsigned jobs = 1;
    bool verbose = false;
    int skipExitCode = 0;  // when the suite is absent (77 under ctest)
};

int runDriver(const Options& options);

}  // namespace faaslet::spectest
