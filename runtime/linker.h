#pragma once
// Resolution of imports by (module, name): a namespace of registered host objects and instance
// exports. Linking by name is separate from instantiation, which receives the resolved values
// and checks their types.

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "wasm/module/module.h"
#include "runtime/error.h"
#include "runtime/extern_value.h"

namespace faaslet::runtime {

class Instance;

class Linker {
public:
    // Defines (or redefines) one name.
    void define(std::string_view module, std::string_view name, const ExternValue& value);
    // Defines every export of `instance` under `module` (the spec's `register`).
    void defineInstance(std::string_view module, const Instance& instance);

    std::optional<ExternValue> find(std::string_view module, std::string_view name) const;

    // One value per import of `module`, in order; a Link error "unknown import: ..." names the
    // first import that is not defined. Types are checked by Store::instantiate.
    Result<std::vector<ExternValue>> resolve(const wasm::Module& module) const;

private:
    std::map<std::string, std::map<std::string, ExternValue, std::less<>>, std::less<>> names_;
};

}  // namespace faaslet::runtime
