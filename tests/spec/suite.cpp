#include "tests/spec/suite.h"

#include <algorithm>
#include <cstdlib>

#ifndef FAASLET_SOURCE_DIR
#error "FAASLET_SOURCE_DIR must name the repository root"
#endif

namespace faaslet::spectest {

namespace fs = std::filesystem;

SuiteLocation locateSuite(const std::optional<std::string>& argument) {
    if (argument && !argument->empty()) return {fs::path(*argument), "argument"};
    if (const char* env = std::getenv("FAASLET_SPEC_TESTSUITE"); env && *env)
        return {fs::path(env), "FAASLET_SPEC_TESTSUITE"};
    return {(fs::path(FAASLET_SOURCE_DIR) / ".." / "shared" / "wasm-spec-testsuite").lexically_normal(),
            "default"};
}

std::vector<SuiteFile> listSuiteFiles(const fs::path& suiteDir) {
    std::vector<SuiteFile> files;
    for (const char* dir : {"core", "simd"}) {
        std::vector<SuiteFile> inDir;
        std::error_code ec;
        for (fs::directory_iterator it(suiteDir / dir, ec), end; !ec && it != end; it.increment(ec)) {
            const fs::path& p = it->path();
            if (p.extension() != ".wast" || !it->is_regular_file(ec)) continue;
            inDir.push_back({std::string(dir) + "/" + p.filename().string(), dir, p.stem().string()});
        }
        std::sort(inDir.begin(), inDir.end(),
                  [](const SuiteFile& a, const SuiteFile& b) { return a.path < b.path; });
        files.insert(files.end(), inDir.begin(), inDir.end());
    }
    return files;
}

}  // namespace faaslet::spectest
