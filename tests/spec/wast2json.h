#pragma once
// Finding wabt's wast2json and running it on one .wast file, without a shell.

#include <filesystem>
#include <optional>
#include <string>

namespace faaslet::spectest {

// $WAST2JSON when set (a path, or a name looked up on PATH), else `wast2json` on PATH. The
// result is absolute. Empty when nothing executable is found.
std::optional<std::filesystem::path> findWast2json();

struct Conversion {
    bool ok = false;
    std::string firstErrorLine;  // first non-empty line of stderr, or how the process ended
    std::string errorText;       // all of stderr
};

// Runs `wast2json RELATIVE_WAST -o OUT_JSON` in suiteDir (so messages name the file as
// core/NAME.wast), with stdout discarded and stderr captured in stderrFile.
Conversion convertWast(const std::filesystem::path& tool, const std::filesystem::path& suiteDir,
                       const std::string& relativeWast, const std::filesystem::path& outJson,
                       const std::filesystem::path& stderrFile);

}  // namespace faaslet::spectest
