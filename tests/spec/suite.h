#pragma once
// Where the spec suite is and which .wast files it holds.

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

struct SuiteFile {
    std::string path;  // relative to the suite: "core/address.wast"
    std::string dir;   // "core" or "simd"
    std::string stem;  // "address"
};

// The .wast files of core/ and simd/, in that order, each folder sorted by name.
std::vector<SuiteFile> listSuiteFiles(const std::filesystem::path& suiteDir);

}  // namespace faaslet::spectest
