#pragma once
// Runs the commands of one script, dispatching each command kind to its handler, and records the
// verdicts in a FileReport. Commands that need execution go to the Engine; without one they are
// counted as skipped.

#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include "wasm/module/module.h"
#include "tests/spec/counts.h"
#include "tests/spec/engine.h"
#include "tests/spec/script.h"

namespace faaslet::spectest {

class ScriptRunner {
public:
    // engine may be null.
    ScriptRunner(Engine* engine, FileReport& report);

    void run(const Script& script);

    static constexpr const char* kNeedsExecution = "needs execution";

private:
    struct Outcome {
        enum class Verdict { Pass, Fail, Skip } verdict = Verdict::Pass;
        std::string message;  // failure summary or skip reason
        std::string detail;   // failures: more for -v
    };
    using Handler = Outcome (ScriptRunner::*)(const Command&);
    static const std::map<std::string, Handler, std::less<>>& handlers();

    Outcome onModule(const Command& c);
    Outcome onAssertMalformed(const Command& c);
    Outcome onAssertInvalid(const Command& c);
    Outcome onAssertNotInstantiable(const Command& c);  // assert_unlinkable, assert_uninstantiable
    Outcome onAssertReturn(const Command& c);
    Outcome onAssertTrap(const Command& c);
    Outcome onAssertExhaustion(const Command& c);
    Outcome onAction(const Command& c);
    Outcome onRegister(const Command& c);

    // A module defined by a `module` command: loaded, or the reason it is not.
    struct ModuleSlot {
        std::shared_ptr<const wasm::Module> module;
        int line = 0;
        std::string problem;  // empty when the module loaded (and instantiated, with an engine)
        std::string unsupported;  // why the engine cannot run it (its commands are skipped)
    };
    // The module an action or register refers to, or a failure when it is missing or broken.
    std::optional<Outcome> checkTarget(const std::optional<std::string>& name) const;
    // Performs an action through the engine (which must exist), after checkTarget.
    ActionResult perform(const Action& action);

    static Outcome pass();
    static Outcome skip(std::string reason);
    static Outcome fail(std::string message, std::string detail = {});

    Engine* engine_;
    FileReport& report_;
    std::optional<ModuleSlot> current_;
    std::map<std::string, ModuleSlot> named_;
};

}  // namespace faaslet::spectest
