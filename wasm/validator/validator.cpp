#include "wasm/validator/validator.h"

#include <algorithm>
#include <string_view>
#include <vector>

#include "wasm/validator/body_encoding.h"
#include "wasm/validator/const_expr.h"
#include "wasm/validator/context.h"
#include "wasm/validator/function_validator.h"
#include "fmt/format.h"

namespace faaslet::wasm {

namespace {

// Module-level items are named only when a check fails: `what` is a callable returning the name,
// so the checks allocate nothing on the way to a valid module.
template <class What>
void checkTypeIndex(const Module& module, uint32_t typeIndex, std::string_view section, const What& what) {
    if (typeIndex >= module.types.size()) {
        failValidation(
            section, std::nullopt, 0,
            fmt::format("{}: unknown type {} (module has {})", what(), typeIndex, module.types.size()));
    }
}

template <class What>
void checkTableType(const TableType& table, std::string_view section, const What& what) {
    if (table.limits.max && table.limits.min > *table.limits.max) {
        failValidation(section, std::nullopt, 0,
                       fmt::format("{}: size minimum must not be greater than maximum ({} > {})", what(),
                                   table.limits.min, *table.limits.max));
    }
}

template <class What>
void checkMemoryType(const MemoryType& memory, std::string_view section, const What& what) {
    const Limits& limits = memory.limits;
    if (limits.min > kMaxPages || (limits.max && *limits.max > kMaxPages)) {
        failValidation(section, std::nullopt, 0,
                       fmt::format("{}: memory size must be at most 65536 pages (4GiB), found {}", what(),
                                   std::max(limits.min, limits.max.value_or(0))));
    }
    if (limits.max && limits.min > *limits.max) {
        failValidation(section, std::nullopt, 0,
                       fmt::format("{}: size minimum must not be greater than maximum ({} > {})", what(),
                                   limits.min, *limits.max));
    }
}

// Types, limits and counts that everything else relies on; after these the context's lookups
// are safe.
void validateDeclarations(const Module& module) {
    for (size_t i = 0; i < module.imports.size(); ++i) {
        const Import& import = module.imports[i];
        auto what = [&] { return fmt::format("import {} \"{}\" \"{}\"", i, import.module, import.name); };
        switch (import.kind) {
            case ExternKind::Func: checkTypeIndex(module, import.funcType, "import", what); break;
            case ExternKind::Table: checkTableType(import.table, "import", what); break;
            case ExternKind::Memory: checkMemoryType(import.memory, "import", what); break;
            case ExternKind::Global: break;
        }
    }
    for (size_t i = 0; i < module.functions.size(); ++i) {
        checkTypeIndex(module, module.functions[i], "function",
                       [&] { return fmt::format("function {}", module.importedFunctions + i); });
    }
    for (size_t i = 0; i < module.tables.size(); ++i) {
        checkTableType(module.tables[i], "table",
                       [&] { return fmt::format("table {}", module.importedTables + i); });
    }
    for (size_t i = 0; i < module.memories.size(); ++i) {
        checkMemoryType(module.memories[i], "memory",
                        [&] { return fmt::format("memory {}", module.importedMemories + i); });
    }
    if (module.memoryCount() > 1) {
        failValidation(
            module.memories.empty() ? "import" : "memory", std::nullopt, 0,
            fmt::format("multiple memories: {} declared, WebAssembly 2.0 allows one", module.memoryCount()));
    }
    if (module.code.size() != module.functions.size()) {
        failValidation("code", std::nullopt, 0,
                       fmt::format("function and code section have inconsistent lengths ({} and {})",
                                   module.functions.size(), module.code.size()),
                       Error::Kind::Malformed);
    }
}

void validateGlobals(const ValidationContext& context) {
    const Module& module = context.module;
    for (size_t i = 0; i < module.globals.size(); ++i) {
        const Global& global = module.globals[i];
        validateConstExpr(context, global.init, global.type.type, "global",
                          {"initializer of global", uint32_t(module.importedGlobals + i), std::nullopt});
    }
}

void validateExports(const ValidationContext& context) {
    const Module& module = context.module;
    std::vector<std::string_view> names;
    names.reserve(module.exports.size());
    for (size_t i = 0; i < module.exports.size(); ++i) {
        const Export& e = module.exports[i];
        size_t count = 0;
        switch (e.kind) {
            case ExternKind::Func: count = context.funcTypes.size(); break;
            case ExternKind::Table: count = context.tables.size(); break;
            case ExternKind::Memory: count = context.memoryCount; break;
            case ExternKind::Global: count = context.globals.size(); break;
        }
        if (e.index >= count) {
            failValidation(
                "export", std::nullopt, 0,
                fmt::format("export {} \"{}\": unknown {} {} (module has {})", i, e.name,
                            e.kind == ExternKind::Func ? "function" : toString(e.kind), e.index, count));
        }
        names.push_back(e.name);
    }
    std::sort(names.begin(), names.end());
    const auto duplicate = std::adjacent_find(names.begin(), names.end());
    if (duplicate != names.end()) {
        failValidation("export", std::nullopt, 0, fmt::format("duplicate export name \"{}\"", *duplicate));
    }
}

void validateStart(const ValidationContext& context) {
    const Module& module = context.module;
    if (!module.start) return;
    const uint32_t index = *module.start;
    if (index >= context.funcTypes.size()) {
        failValidation("start", std::nullopt, 0,
                       fmt::format("unknown function {} (module has {})", index, context.funcTypes.size()));
    }
    const FuncType& type = context.funcType(index);
    if (!type.params.empty() || !type.results.empty()) {
        failValidation(
            "start", std::nullopt, 0,
            fmt::format("start function {} must have type [] -> [], has {}", index, toString(type)));
    }
}

void validateElems(const ValidationContext& context) {
    const Module& module = context.module;
    for (size_t i = 0; i < module.elems.size(); ++i) {
        const ElemSegment& segment = module.elems[i];
        if (segment.mode == ElemSegment::Mode::Active) {
            if (segment.table >= context.tables.size()) {
                failValidation("element", std::nullopt, segment.byteOffset,
                               fmt::format("element segment {}: unknown table {} (module has {})", i,
                                           segment.table, context.tables.size()));
            }
            const ValType tableType = context.tables[segment.table].elemType;
            if (tableType != segment.type) {
                failValidation("element", std::nullopt, segment.byteOffset,
                               fmt::format("element segment {}: type mismatch: segment holds {}, table {} "
                                           "holds {}",
                                           i, toString(segment.type), segment.table, toString(tableType)));
            }
            if (!segment.offset) {
                failValidation("element", std::nullopt, segment.byteOffset,
                               fmt::format("element segment {}: active segment without an offset", i));
            }
            validateConstExpr(context, *segment.offset, ValType::I32, "element",
                              {"offset of element segment", uint32_t(i), std::nullopt});
        }
        for (size_t j = 0; j < segment.items.size(); ++j) {
            validateConstExpr(context, segment.items[j], segment.type, "element",
                              {"element segment", uint32_t(i), uint32_t(j)});
        }
    }
}

void validateData(const ValidationContext& context) {
    const Module& module = context.module;
    for (size_t i = 0; i < module.data.size(); ++i) {
        const DataSegment& segment = module.data[i];
        if (segment.mode != DataSegment::Mode::Active) continue;
        if (segment.memory >= context.memoryCount) {
            failValidation("data", std::nullopt, segment.byteOffset,
                           fmt::format("data segment {}: unknown memory {} (module has {})", i,
                                       segment.memory, context.memoryCount));
        }
        if (!segment.offset) {
            failValidation("data", std::nullopt, segment.byteOffset,
                           fmt::format("data segment {}: active segment without an offset", i));
        }
        validateConstExpr(context, *segment.offset, ValType::I32, "data",
                          {"offset of data segment", uint32_t(i), std::nullopt});
    }
}

void validateModule(const Module& module) {
    validateDeclarations(module);
    const ValidationContext context(module);
    validateGlobals(context);
    validateExports(context);
    validateStart(context);
    validateElems(context);
    validateData(context);
    FunctionValidator functions(context);
    for (uint32_t i = 0; i < module.code.size(); ++i) functions.validate(i);
}

}  // namespace

Status validate(const Module& module) {
    try {
        validateModule(module);
        return {};
    } catch (const ModuleError& invalid) {
        if (invalid.error().kind == Error::Kind::Malformed) return invalid.error();
        // The spec decodes the whole module before validating it: a body that is malformed makes
        // the module malformed even when a validation error came first.
        try {
            for (uint32_t i = 0; i < module.code.size(); ++i) checkBodyEncoding(module, i);
        } catch (const ModuleError& malformed) {
            return malformed.error();
        }
        return invalid.error();
    }
}

}  // namespace faaslet::wasm
