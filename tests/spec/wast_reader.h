#pragma once
// Reads a .wast script (the spec's script format, spec/interpreter/README) into commands: modules
// in text, binary and quote form, register, invoke, get and every assertion. Text modules are
// encoded here; quoted ones are kept as text for the runner to parse, since whether they are
// malformed is what their assertion checks.

#include <filesystem>
#include <string_view>

#include "tests/spec/script.h"

namespace faaslet::spectest {

// Throws ScriptError when the file cannot be read or split into tokens; a command that does not
// parse becomes a command with `error` set, and reading goes on after it.
Script readWast(const std::filesystem::path& file);
Script parseWast(std::string_view source);

}  // namespace faaslet::spectest
