#pragma once
// Where the spec suite and the proposals' suites are, and which .wast files they hold.

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace faaslet::spectest {

struct SuiteLocation {
    std::filesystem::path dir;
    std::string source;  // "argument", "FAASLET_SPEC_TESTSUITE" or "default"
};

// The command-line argument wins over $FAASLET_SPEC_TESTSUITE, which wins over the default
// `../shared/wasm-spec-testsuite` beside the repository root.
SuiteLocation locateSuite(const std::optional<std::string>& argument);

// The proposals' own suites (their test/ folders, see that folder's README): the command-line
// argument, else $FAASLET_PROPOSAL_TESTS, else `../shared/wasm-proposal-tests` beside the
// repository root.
SuiteLocation locateProposals(const std::optional<std::string>& argument);

struct SuiteFile {
    std::string path;              // as reported: "core/address.wast", "proposals/extended-const/data.wast"
    std::string dir;               // "core", "simd" or "proposals"
    std::string stem;              // "address"
    std::filesystem::path source;  // the file to read
};

// The .wast files of core/ and simd/, in that order, each folder sorted by name.
std::vector<SuiteFile> listSuiteFiles(const std::filesystem::path& suiteDir);

// The .wast files of the proposal suites faaslet runs (kProposalFolders), as "proposals/FOLDER/NAME".
inline constexpr const char* kProposalFolders[] = {"extended-const", "exception-handling/core",
                                                   "exception-handling/legacy"};
inline constexpr const char* kProposalPrefix = "proposals/";
std::vector<SuiteFile> listProposalFiles(const std::filesystem::path& proposalsDir);

}  // namespace faaslet::spectest
