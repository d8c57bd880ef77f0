#include "tests/spec/script_runner.h"

#include <exception>

#include "fmt/format.h"
#include "tests/spec/module_loader.h"

namespace faaslet::spectest {

namespace {

std::string quoted(const std::string& text) {
    return text.empty() ? std::string("(no message)") : "\"" + text + "\"";
}

std::string describeAction(const Action& a) {
    std::string target = a.module ? *a.module + "." : std::string();
    if (a.type == Action::Type::Get) return fmt::format("get {}{}", target, a.field);
    std::string args;
    for (const auto& v : a.args) args += (args.empty() ? "" : ", ") + toString(v);
    return fmt::format("invoke {}\"{}\"({})", target, a.field, args);
}

std::string describeResult(const ActionResult& r) {
    switch (r.kind) {
        case ActionResult::Kind::Returned: {
            std::string values;
            for (const auto& v : r.values) values += (values.empty() ? "" : ", ") + toString(v);
            return "returned (" + values + ")";
        }
        case ActionResult::Kind::Trapped: return "trapped: " + r.message;
        case ActionResult::Kind::Exhausted: return "exhausted the call stack: " + r.message;
        case ActionResult::Kind::Failed: return "could not be performed: " + r.message;
    }
    return "?";
}

std::string describeInstantiation(const InstantiateResult& r) {
    switch (r.kind) {
        case InstantiateResult::Kind::Ok: return "instantiated";
        case InstantiateResult::Kind::Unlinkable: return "unlinkable: " + r.message;
        case InstantiateResult::Kind::Trapped: return "trapped while instantiating: " + r.message;
        case InstantiateResult::Kind::Failed: return "could not be instantiated: " + r.message;
        case InstantiateResult::Kind::Unsupported: return "not supported: " + r.message;
    }
    return "?";
}

}  // namespace

ScriptRunner::ScriptRunner(Engine* engine, FileReport& report) : engine_(engine), report_(report) {}

namespace {

const char* formName(const text::ModuleDefinition& m) {
    switch (m.form) {
        case text::ModuleDefinition::Form::Text: return "text";
        case text::ModuleDefinition::Form::Binary: return "binary";
        case text::ModuleDefinition::Form::Quote: return "quoted";
    }
    return "?";
}

}  // namespace

const std::map<std::string, ScriptRunner::Handler, std::less<>>& ScriptRunner::handlers() {
    static const std::map<std::string, Handler, std::less<>> table = {
        {"module", &ScriptRunner::onModule},
        {"assert_malformed", &ScriptRunner::onAssertMalformed},
        {"assert_invalid", &ScriptRunner::onAssertInvalid},
        {"assert_unlinkable", &ScriptRunner::onAssertNotInstantiable},
        {"assert_uninstantiable", &ScriptRunner::onAssertNotInstantiable},
        {"assert_return", &ScriptRunner::onAssertReturn},
        {"assert_trap", &ScriptRunner::onAssertTrap},
        {"assert_exhaustion", &ScriptRunner::onAssertExhaustion},
        {"action", &ScriptRunner::onAction},
        {"register", &ScriptRunner::onRegister},
    };
    return table;
}

void ScriptRunner::run(const Script& script) {
    for (const Command& c : script.commands) {
        Outcome outcome;
        if (!c.error.empty()) {
            outcome = fail("cannot read the command: " + c.error);
        } else if (auto h = handlers().find(c.type); h == handlers().end()) {
            outcome = fail(fmt::format("unknown command type \"{}\"", c.type));
        } else {
            try {
                outcome = (this->*(h->second))(c);
            } catch (const std::exception& e) {
                outcome = fail(fmt::format("exception while running the command: {}", e.what()));
            }
        }
        switch (outcome.verdict) {
            case Outcome::Verdict::Pass: report_.pass(c.type); break;
            case Outcome::Verdict::Skip: report_.skip(c.type, outcome.message); break;
            case Outcome::Verdict::Fail:
                report_.fail(c.type, c.line, std::move(outcome.message), std::move(outcome.detail));
                break;
        }
    }
}

ScriptRunner::Outcome ScriptRunner::pass() {
    return {Outcome::Verdict::Pass, {}, {}};
}
ScriptRunner::Outcome ScriptRunner::skip(std::string reason) {
    return {Outcome::Verdict::Skip, std::move(reason), {}};
}
ScriptRunner::Outcome ScriptRunner::fail(std::string message, std::string detail) {
    return {Outcome::Verdict::Fail, std::move(message), std::move(detail)};
}

// --- modules -------------------------------------------------------------------------------------

ScriptRunner::Outcome ScriptRunner::onModule(const Command& c) {
    LoadedModule loaded = loadModule(*c.module);
    ModuleSlot slot{loaded.module, c.line, {}, {}};
    Outcome outcome = pass();
    if (!loaded.ok()) {
        slot.problem = loaded.describe();
        outcome = fail(loaded.describe(), fmt::format("the {} module should decode and validate", formName(*c.module)));
    } else if (engine_) {
        InstantiateResult r = engine_->instantiate(loaded.module, c.name);
        if (r.kind == InstantiateResult::Kind::Unsupported) {
            slot.unsupported = r.message;
            outcome = skip("decodes and validates, not executed: " + r.message);
        } else if (r.kind != InstantiateResult::Kind::Ok) {
            slot.problem = describeInstantiation(r);
            outcome = fail(slot.problem, fmt::format("the {} module should instantiate", formName(*c.module)));
        }
    }
    current_ = slot;
    if (c.name) named_[*c.name] = slot;
    return outcome;
}

ScriptRunner::Outcome ScriptRunner::onAssertMalformed(const Command& c) {
    LoadedModule loaded = loadModule(*c.module);
    std::string detail = fmt::format("{} module, expected malformed: {}", formName(*c.module), quoted(c.text));
    if (loaded.stage == LoadedModule::Stage::Harness) return fail(loaded.describe(), detail);
    // Malformed in the text, or in the binary the text encodes to: both are what the spec's
    // reference parser rejects before validation.
    if (loaded.stage == LoadedModule::Stage::Text) return pass();
    if (loaded.ok())
        return fail("expected malformed " + quoted(c.text) + ", but it decoded and validated", detail);
    if (loaded.error->kind != wasm::Error::Kind::Malformed)
        return fail(fmt::format("expected malformed {}, got {}", quoted(c.text), loaded.describe()), detail);
    return pass();
}

ScriptRunner::Outcome ScriptRunner::onAssertInvalid(const Command& c) {
    LoadedModule loaded = loadModule(*c.module);
    std::string detail = fmt::format("{} module, expected invalid: {}", formName(*c.module), quoted(c.text));
    if (loaded.stage == LoadedModule::Stage::Harness) return fail(loaded.describe(), detail);
    if (loaded.ok()) return fail("expected invalid " + quoted(c.text) + ", but it validated", detail);
    if (loaded.stage != LoadedModule::Stage::Validate || loaded.error->kind != wasm::Error::Kind::Invalid)
        return fail(fmt::format("expected invalid {}, got {}", quoted(c.text), loaded.describe()), detail);
    return pass();
}

ScriptRunner::Outcome ScriptRunner::onAssertNotInstantiable(const Command& c) {
    LoadedModule loaded = loadModule(*c.module);
    std::string detail = fmt::format("the {} module should decode and validate, then fail to instantiate: {}",
                                     formName(*c.module), quoted(c.text));
    if (!loaded.ok()) return fail(loaded.describe(), detail);
    if (!engine_) return skip(kNeedsExecution);
    InstantiateResult r = engine_->instantiate(loaded.module, std::nullopt);
    if (r.kind == InstantiateResult::Kind::Unsupported) return skip(r.message);
    auto want = c.type == "assert_unlinkable" ? InstantiateResult::Kind::Unlinkable
                                              : InstantiateResult::Kind::Trapped;
    if (r.kind != want)
        return fail(
            fmt::format("expected {} {}, got: {}", c.type == "assert_unlinkable" ? "unlinkable" : "a trap",
                        quoted(c.text), describeInstantiation(r)),
            detail);
    return pass();
}

// --- execution -----------------------------------------------------------------------------------

std::optional<ScriptRunner::Outcome> ScriptRunner::checkTarget(const std::optional<std::string>& name) const {
    const ModuleSlot* slot = nullptr;
    if (name) {
        auto it = named_.find(*name);
        if (it == named_.end()) return fail(fmt::format("no module named {} was defined", *name));
        slot = &it->second;
    } else {
        if (!current_) return fail("no module was defined before this command");
        slot = &*current_;
    }
    if (!slot->unsupported.empty()) return skip(slot->unsupported);
    if (!slot->problem.empty())
        return fail(fmt::format("the module of line {} did not load: {}", slot->line, slot->problem));
    return std::nullopt;
}

ActionResult ScriptRunner::perform(const Action& action) {
    if (action.type == Action::Type::Get) return engine_->get(action.module, action.field);
    return engine_->invoke(action.module, action.field, action.args);
}

ScriptRunner::Outcome ScriptRunner::onAssertReturn(const Command& c) {
    if (!engine_) return skip(kNeedsExecution);
    if (auto problem = checkTarget(c.action->module)) return *problem;
    ActionResult r = perform(*c.action);
    std::string expected;
    for (const auto& e : c.expected) expected += (expected.empty() ? "" : ", ") + toString(e);
    std::string detail = fmt::format("{}: expected ({})", describeAction(*c.action), expected);
    if (r.kind != ActionResult::Kind::Returned) return fail(describeResult(r), detail);
    if (r.values.size() != c.expected.size())
        return fail(fmt::format("{} results, expected {}", r.values.size(), c.expected.size()), detail);
    for (size_t i = 0; i < r.values.size(); ++i) {
        if (!matches(c.expected[i], r.values[i]))
            return fail(fmt::format("result {}: got {}, expected {}", i, toString(r.values[i]),
                                    toString(c.expected[i])),
                        detail + ", " + describeResult(r));
    }
    return pass();
}

ScriptRunner::Outcome ScriptRunner::onAssertTrap(const Command& c) {
    if (!engine_) return skip(kNeedsExecution);
    if (auto problem = checkTarget(c.action->module)) return *problem;
    ActionResult r = perform(*c.action);
    if (r.kind != ActionResult::Kind::Trapped)
        return fail(fmt::format("expected trap {}, {}", quoted(c.text), describeResult(r)),
                    describeAction(*c.action));
    // The first line of the engine's message names the trap; a backtrace may follow.
    const std::string trap = r.message.substr(0, r.message.find('\n'));
    if (trap.find(c.text) == std::string::npos && c.text.find(trap) == std::string::npos)
        return fail(fmt::format("expected trap {}, trapped with {}", quoted(c.text), quoted(trap)),
                    describeAction(*c.action));
    return pass();
}

ScriptRunner::Outcome ScriptRunner::onAssertExhaustion(const Command& c) {
    if (!engine_) return skip(kNeedsExecution);
    if (auto problem = checkTarget(c.action->module)) return *problem;
    ActionResult r = perform(*c.action);
    if (r.kind != ActionResult::Kind::Exhausted)
        return fail(fmt::format("expected exhaustion {}, {}", quoted(c.text), describeResult(r)),
                    describeAction(*c.action));
    return pass();
}

ScriptRunner::Outcome ScriptRunner::onAction(const Command& c) {
    if (!engine_) return skip(kNeedsExecution);
    if (auto problem = checkTarget(c.action->module)) return *problem;
    ActionResult r = perform(*c.action);
    if (r.kind != ActionResult::Kind::Returned) return fail(describeResult(r), describeAction(*c.action));
    return pass();
}

ScriptRunner::Outcome ScriptRunner::onRegister(const Command& c) {
    if (!engine_) return skip(kNeedsExecution);
    if (auto problem = checkTarget(c.name)) return *problem;
    std::string error = engine_->registerAs(c.name, c.as);
    if (!error.empty()) return fail(fmt::format("register as \"{}\" failed: {}", c.as, error));
    return pass();
}

}  // namespace faaslet::spectest
