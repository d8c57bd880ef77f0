#pragma once
// One .wast file from start to end: read it, run its commands. Never throws: every problem ends up
// in the report.

#include "tests/spec/counts.h"
#include "tests/spec/engine.h"
#include "tests/spec/suite.h"

namespace faaslet::spectest {

struct FileJobContext {
    EngineFactory engines;  // empty: no execution
};

FileReport runSuiteFile(const FileJobContext& context, const SuiteFile& file);

}  // namespace faaslet::spectest
