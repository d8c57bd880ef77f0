#pragma once
// One .wast file from start to end: convert it with wast2json into a private folder, read the
// JSON, run its commands, remove the folder. Never throws: every problem ends up in the report.

#include <filesystem>

#include "tests/spec/counts.h"
#include "tests/spec/engine.h"
#include "tests/spec/manifest.h"
#include "tests/spec/suite.h"

namespace faaslet::spectest {

struct FileJobContext {
    std::filesystem::path suiteDir;
    std::filesystem::path wast2json;
    std::filesystem::path workDir;  // the run's temporary directory
    const Manifest* manifest = nullptr;
    EngineFactory engines;   // empty: no execution
    bool keepFiles = false;  // leave the converted files in workDir
};

FileReport runSuiteFile(const FileJobContext& context, const SuiteFile& file);

}  // namespace faaslet::spectest
