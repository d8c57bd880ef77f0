#include "runtime/import_check.h"

#include <string>

#include "runtime/global.h"
#include "runtime/linear_memory.h"
#include "runtime/loaded_module.h"
#include "runtime/table.h"
#include "runtime/type_registry.h"

namespace faaslet::runtime {

namespace {

std::string toString(const wasm::Limits& limits) {
    std::string text = "{min " + std::to_string(limits.min);
    if (limits.max) text += ", max " + std::to_string(*limits.max);
    return text + "}";
}

std::string describe(const ExternValue& value) {
    switch (value.kind) {
        case wasm::ExternKind::Func:
            if (!value.function.ref) return "a null function";
            return "func " + wasm::toString(TypeRegistry::process().type(value.function.ref->typeId));
        case wasm::ExternKind::Table:
            if (!value.table) return "a null table";
            return std::string("table ") + wasm::toString(value.table->elemType()) + " " +
                   toString(value.table->type().limits);
        case wasm::ExternKind::Memory:
            if (!value.memory) return "a null memory";
            return "memory " + toString(value.memory->type().limits);
        case wasm::ExternKind::Global:
            if (!value.global) return "a null global";
            return std::string("global ") + (value.global->type().isMutable ? "mut " : "") +
                   wasm::toString(value.global->type().type);
    }
    return "?";
}

std::string describe(const wasm::Module& module, const wasm::Import& import) {
    switch (import.kind) {
        case wasm::ExternKind::Func: return "func " + wasm::toString(module.types[import.funcType]);
        case wasm::ExternKind::Table:
            return std::string("table ") + wasm::toString(import.table.elemType) + " " +
                   toString(import.table.limits);
        case wasm::ExternKind::Memory: return "memory " + toString(import.memory.limits);
        case wasm::ExternKind::Global:
            return std::string("global ") + (import.global.isMutable ? "mut " : "") +
                   wasm::toString(import.global.type);
    }
    return "?";
}

bool matches(const LoadedModule& loaded, const wasm::Import& import, const ExternValue& value) {
    if (value.kind != import.kind) return false;
    switch (import.kind) {
        case wasm::ExternKind::Func:
            return value.function.ref && value.function.ref->typeId == loaded.typeIds()[import.funcType];
        case wasm::ExternKind::Table:
            return value.table && value.table->elemType() == import.table.elemType &&
                   limitsMatch(value.table->type().limits, import.table.limits);
        case wasm::ExternKind::Memory:
            return value.memory && limitsMatch(value.memory->type().limits, import.memory.limits);
        case wasm::ExternKind::Global:
            return value.global && value.global->type().type == import.global.type &&
                   value.global->type().isMutable == import.global.isMutable;
    }
    return false;
}

}  // namespace

bool limitsMatch(const wasm::Limits& provided, const wasm::Limits& declared) {
    if (provided.min < declared.min) return false;
    if (!declared.max) return true;
    return provided.max && *provided.max <= *declared.max;
}

Status checkImports(const LoadedModule& loaded, std::span<const ExternValue> imports) {
    const wasm::Module& module = loaded.module();
    if (imports.size() != module.imports.size()) {
        return Error::link("wrong number of imports: the module declares " +
                           std::to_string(module.imports.size()) + ", " + std::to_string(imports.size()) +
                           " were given");
    }
    for (size_t i = 0; i < imports.size(); ++i) {
        const wasm::Import& import = module.imports[i];
        if (matches(loaded, import, imports[i])) continue;
        return Error::link("incompatible import type: import " + std::to_string(i) + " \"" + import.module +
                           "\" \"" + import.name + "\" expects " + describe(module, import) + ", got " +
                           describe(imports[i]));
    }
    return {};
}

}  // namespace faaslet::runtime
