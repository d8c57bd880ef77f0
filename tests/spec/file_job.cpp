#include "tests/spec/file_job.h"

#include <exception>

#include "fmt/format.h"
#include "tests/spec/script_runner.h"
#include "tests/spec/wast_reader.h"

namespace faaslet::spectest {

FileReport runSuiteFile(const FileJobContext& context, const SuiteFile& file) {
    FileReport report;
    report.path = file.path;
    try {
        Script script = readWast(file.source);
        std::unique_ptr<Engine> engine = context.engines ? context.engines() : nullptr;
        ScriptRunner runner(engine.get(), report);
        runner.run(script);
    } catch (const ScriptError& e) {
        report.fail(kFileKind, 0, "unreadable script: " + e.message);
    } catch (const std::exception& e) {
        report.fail(kFileKind, 0, fmt::format("internal error: {}", e.what()));
    }
    return report;
}

}  // namespace faaslet::spectest
