#pragma once
// A wast2json script: the commands of one converted .wast file, read from its JSON with every
// field checked. A command with a missing or ill-typed field keeps its type and line and carries
// the problem in `error`, so the runner reports it as a failure instead of crashing.

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "tests/spec/value.h"

namespace faaslet::spectest {

struct Action {
    enum class Type { Invoke, Get } type = Type::Invoke;
    std::optional<std::string> module;  // "$name", or the current module
    std::string field;
    std::vector<Value> args;  // Invoke only
};

struct Command {
    std::string type;   // wast2json's "type": module, assert_return, assert_invalid, ...
    int line = 0;       // line of the command in the .wast file
    std::string error;  // non-empty when the JSON of this command is unusable

    std::string filename;             // module, assert_{malformed,invalid,unlinkable,uninstantiable}
    std::string moduleType;           // "binary" or "text" (assertions on modules)
    std::string text;                 // the expected error message of assertions
    std::optional<std::string> name;  // module, register: the module's "$name"
    std::string as;                   // register
    std::optional<Action> action;     // assert_return, assert_trap, assert_exhaustion, action
    std::vector<Expected> expected;   // assert_return (and action)
};

struct Script {
    std::string sourceFilename;  // "source_filename" in the JSON
    std::vector<Command> commands;
};

struct ScriptError {
    std::string message;
};

// Reads and checks a wast2json JSON file. Throws ScriptError when the file as a whole is unusable
// (unreadable, not JSON, no "commands" array); problems in one command stay in that command.
Script loadScript(const std::filesystem::path& jsonFile);

}  // namespace faaslet::spectest
