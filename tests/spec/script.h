#pragma once
// A spec-suite script: the commands of one .wast file, read by wast_reader. A command that could
// not be read keeps its type and line and carries the problem in `error`, so the runner reports it
// as a failure and goes on with the next command.

#include <optional>
#include <string>
#include <vector>

#include "tests/spec/value.h"
#include "text/module_text.h"

namespace faaslet::spectest {

struct Action {
    enum class Type { Invoke, Get } type = Type::Invoke;
    std::optional<std::string> module;  // "$name", or the current module
    std::string field;
    std::vector<Value> args;  // Invoke only
};

struct Command {
    // module, register, action, assert_return, assert_trap, assert_exhaustion, assert_malformed,
    // assert_invalid, assert_unlinkable, assert_uninstantiable (assert_trap of a module).
    std::string type;
    int line = 0;       // line of the command in the .wast file
    std::string error;  // non-empty when this command could not be read

    std::optional<text::ModuleDefinition> module;  // module and the assertions on modules
    std::string text;                 // the expected error message of assertions
    std::optional<std::string> name;  // module, register: the module's "$name"
    std::string as;                   // register
    std::optional<Action> action;     // assert_return, assert_trap, assert_exhaustion, action
    std::vector<Expected> expected;   // assert_return
};

struct Script {
    std::vector<Command> commands;
};

struct ScriptError {
    std::string message;
};

}  // namespace faaslet::spectest
