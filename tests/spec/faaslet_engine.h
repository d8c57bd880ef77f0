#pragma once
// The spec driver's engine on faaslet itself: modules are compiled ahead of time to shared objects
// (in a per-script temporary directory, removed with the engine), loaded by the runtime and instantiated in one Store per
// script, with the `spectest` host module and `register`ed instances resolved by a Linker.

#include <filesystem>
#include <map>
#include <memory>

#include "runtime/linker.h"
#include "runtime/store.h"
#include "tests/spec/engine.h"
#include "tests/support/temp_dir.h"

namespace faaslet::spectest {

class FaasletEngine : public Engine {
public:
    FaasletEngine();

    InstantiateResult instantiate(std::shared_ptr<const wasm::Module> module,
                                  const std::optional<std::string>& name) override;
    std::string registerAs(const std::optional<std::string>& module, const std::string& as) override;
    ActionResult invoke(const std::optional<std::string>& module, const std::string& field,
                        const std::vector<Value>& args) override;
    ActionResult get(const std::optional<std::string>& module, const std::string& field) override;

private:
    runtime::Instance* find(const std::optional<std::string>& name) const;

    test::TempDir objects_;  // compiled shared objects of this script
    runtime::Store store_;
    runtime::Linker linker_;
    std::map<std::string, runtime::Instance*> named_;
    runtime::Instance* current_ = nullptr;
    unsigned compiled_ = 0;  // names the shared objects in objects_
};

}  // namespace faaslet::spectest
