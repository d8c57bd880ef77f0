#pragma once
// What the spec-suite driver needs from an executor to run the commands that execute code
// (assert_return, assert_trap, assert_exhaustion, action, register, and the instantiation part of
// module, assert_unlinkable and assert_uninstantiable). There is no implementation yet: without an
// engine those commands are counted as skipped ("needs execution"). The compiler and runtime
// provide one by implementing Engine and returning it from makeEngine() (engine_factory.cpp).

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "wasm/module/module.h"
#include "tests/spec/value.h"

namespace faaslet::spectest {

struct InstantiateResult {
    enum class Kind {
        Ok,          // instantiated (start function included); now the current module
        Unlinkable,  // an import is missing or does not match
        Trapped,     // a trap during instantiation (segment out of bounds, start function trap)
        Failed,      // anything else the engine could not do (compile error, ...)
        Unsupported, // uses a feature the engine cannot execute yet (e.g. SIMD): the module's
                     // commands are skipped with `message` as the reason
    };
    Kind kind = Kind::Ok;
    std::string message;
};

struct ActionResult {
    enum class Kind {
        Returned,   // values holds the results
        Trapped,    // message holds the trap's description
        Exhausted,  // call stack exhausted
        Failed,     // the action itself was wrong (no such module or export, argument types, ...)
    };
    Kind kind = Kind::Returned;
    std::vector<Value> values;
    std::string message;
};

// One engine runs one script (one .wast file), so the `spectest` host module, registered names and
// instances start fresh for each file. Module names are wast2json's "$name" strings; an empty
// optional means the current (last instantiated) module.
class Engine {
public:
    virtual ~Engine() = default;

    // Instantiates a decoded and validated module. On Ok it becomes the current module and, when
    // named, can be referred to by that name.
    virtual InstantiateResult instantiate(std::shared_ptr<const wasm::Module> module,
                                          const std::optional<std::string>& name) = 0;

    // Makes the exports of a module importable under the module name `as`. Returns an error
    // message, empty on success.
    virtual std::string registerAs(const std::optional<std::string>& module, const std::string& as) = 0;

    virtual ActionResult invoke(const std::optional<std::string>& module, const std::string& field,
                                const std::vector<Value>& args) = 0;
    virtual ActionResult get(const std::optional<std::string>& module, const std::string& field) = 0;
};

// Creates a fresh engine per script; empty when execution is not available.
using EngineFactory = std::function<std::unique_ptr<Engine>()>;

// The engine this build of the driver uses.
EngineFactory makeEngineFactory();

}  // namespace faaslet::spectest
