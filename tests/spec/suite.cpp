#include "tests/spec/suite.h"

#include <algorithm>
#include <cstdlib>

#ifndef FAASLET_SOURCE_DIR
#error "FAASLET_SOURCE_DIR must name the repository root"
#endif

namespace faaslet::spectest {

namespace fs = std::filesystem;

namespace {

SuiteLocation locate(const std::optional<std::string>& argument, const char* variable, const char* folder) {
    if (argument && !argument->empty()) return {fs::path(*argument), "argument"};
    if (const char* env = std::getenv(variable); env && *env) return {fs::path(env), variable};
    return {(fs::path(FAASLET_SOURCE_DIR) / ".." / "shared" / folder).lexically_normal(), "default"};
}

// The .wast files of `suiteDir`/`folder`, sorted by name, reported as `label`/`folder`/NAME.
void appendFolder(std::vector<SuiteFile>& files, const fs::path& suiteDir, const std::string& folder,
                  const std::string& label, const std::string& dir) {
    std::vector<SuiteFile> inDir;
    std::error_code ec;
    for (fs::directory_iterator it(suiteDir / folder, ec), end; !ec && it != end; it.increment(ec)) {
        const fs::path& p = it->path();
        if (p.extension() != ".wast" || !it->is_regular_file(ec)) continue;
        inDir.push_back({label + folder + "/" + p.filename().string(), dir, p.stem().string(), p});
    }
    std::sort(inDir.begin(), inDir.end(),
              [](const SuiteFile& a, const SuiteFile& b) { return a.path < b.path; });
    files.insert(files.end(), inDir.begin(), inDir.end());
}

}  // namespace

SuiteLocation locateSuite(const std::optional<std::string>& argument) {
    return locate(argument, "FAASLET_SPEC_TESTSUITE", "wasm-spec-testsuite");
}

SuiteLocation locateProposals(const std::optional<std::string>& argument) {
    return locate(argument, "FAASLET_PROPOSAL_TESTS", "wasm-proposal-tests");
}

std::vector<SuiteFile> listSuiteFiles(const fs::path& suiteDir) {
    std::vector<SuiteFile> files;
    for (const char* dir : {"core", "simd"}) appendFolder(files, suiteDir, dir, "", dir);
    return files;
}

std::vector<SuiteFile> listProposalFiles(const fs::path& proposalsDir) {
    std::vector<SuiteFile> files;
    std::string dir(kProposalPrefix);
    dir.pop_back();
    for (const char* folder : kProposalFolders)
        appendFolder(files, proposalsDir, folder, kProposalPrefix, dir);
    return files;
}

}  // namespace faaslet::spectest
