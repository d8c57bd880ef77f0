#include "runtime/linker.h"

#include "runtime/instance.h"

namespace faaslet::runtime {

void Linker::define(std::string_view module, std::string_view name, const ExternValue& value) {
    auto it = names_.find(module);
    if (it == names_.end())
        it = names_.emplace(std::string(module), std::map<std::string, ExternValue, std::less<>>{}).first;
    it->second.insert_or_assign(std::string(name), value);
}

void Linker::defineInstance(std::string_view module, const Instance& instance) {
    const auto& exports = instance.module().exports;
    for (uint32_t i = 0; i < exports.size(); ++i) define(module, exports[i].name, instance.exportAt(i));
}

std::optional<ExternValue> Linker::find(std::string_view module, std::string_view name) const {
    auto m = names_.find(module);
    if (m == names_.end()) return std::nullopt;
    auto n = m->second.find(name);
    if (n == m->second.end()) return std::nullopt;
    return n->second;
}

Result<std::vector<ExternValue>> Linker::resolve(const wasm::Module& module) const {
    std::vector<ExternValue> values;
    values.reserve(module.imports.size());
    for (size_t i = 0; i < module.imports.size(); ++i) {
        const wasm::Import& import = module.imports[i];
        auto value = find(import.module, import.name);
        if (!value) {
            return Error::link("unknown import: import " + std::to_string(i) + " \"" + import.module +
                               "\" \"" + import.name + "\" (" + wasm::toString(import.kind) +
                               ") is not defined");
        }
        values.push_back(*value);
    }
    return values;
}

}  // namespace faaslet::runtime
