#include "tests/spec/file_job.h"

#include <exception>

#include "fmt/format.h"
#include "tests/spec/script.h"
#include "tests/spec/script_runner.h"
#include "tests/spec/wast2json.h"

namespace faaslet::spectest {

namespace fs = std::filesystem;

namespace {

constexpr const char* kNotConvertible = "not convertible with wast2json";

// Converts, loads and runs; problems with the file as a whole go into the report.
void convertAndRun(const FileJobContext& context, const SuiteFile& file, const fs::path& outDir,
                   FileReport& report) {
    const ManifestEntry* known = context.manifest ? context.manifest->find(file.path) : nullptr;
    fs::path json = outDir / (file.stem + ".json");
    Conversion conversion =
        convertWast(context.wast2json, context.suiteDir, file.path, json, outDir / "wast2json.stderr");
    if (!conversion.ok) {
        if (known && known->conversionFails) {
            report.notes.push_back(fmt::format("{}: {}", kNotConvertible, conversion.firstErrorLine));
            for (const auto& [kind, count] : known->kindCounts) report.skip(kind, kNotConvertible, count);
        } else {
            report.fail(kFileKind, 0, fmt::format("wast2json failed: {}", conversion.firstErrorLine),
                        conversion.errorText);
        }
        return;
    }
    if (known && known->conversionFails)
        report.notes.push_back("converted with wast2json although MANIFEST.tsv marks it FAIL");

    Script script;
    try {
        script = loadScript(json);
    } catch (const ScriptError& e) {
        report.fail(kFileKind, 0, "unusable wast2json output: " + e.message);
        return;
    }
    std::unique_ptr<Engine> engine = context.engines ? context.engines() : nullptr;
    ScriptRunner runner(outDir, engine.get(), report);
    runner.run(script);
}

}  // namespace

FileReport runSuiteFile(const FileJobContext& context, const SuiteFile& file) {
    FileReport report;
    report.path = file.path;
    fs::path outDir = context.workDir / file.dir / file.stem;
    try {
        fs::create_directories(outDir);
        convertAndRun(context, file, outDir, report);
    } catch (const std::exception& e) {
        report.fail(kFileKind, 0, fmt::format("internal error: {}", e.what()));
    }
    if (!context.keepFiles) {
        std::error_code ec;
        fs::remove_all(outDir, ec);
    }
    return report;
}

}  // namespace faaslet::spectest
