#include "wasm/module/module.h"

namespace faaslet::wasm {

namespace {

// The i-th import of `kind`.
const Import& nthImport(const std::vector<Import>& imports, ExternKind kind, uint32_t n) {
    for (const auto& import : imports) {
        if (import.kind == kind && n-- == 0) return import;
    }
    __builtin_unreachable();  // callers check the index against the import count first
}

}  // namespace

uint32_t Module::funcTypeIndex(uint32_t funcIndex) const {
    if (funcIndex < importedFunctions) return nthImport(imports, ExternKind::Func, funcIndex).funcType;
    return functions[funcIndex - importedFunctions];
}

const FuncType& Module::funcType(uint32_t funcIndex) const { return types[funcTypeIndex(funcIndex)]; }

TableType Module::tableType(uint32_t tableIndex) const {
    if (tableIndex < importedTables) return nthImport(imports, ExternKind::Table, tableIndex).table;
    return tables[tableIndex - importedTables];
}

MemoryType Module::memoryType(uint32_t memoryIndex) const {
    if (memoryIndex < importedMemories) return nthImport(imports, ExternKind::Memory, memoryIndex).memory;
    return memories[memoryIndex - importedMemories];
}

GlobalType Module::globalType(uint32_t globalIndex) const {
    if (globalIndex < importedGlobals) return nthImport(imports, ExternKind::Global, globalIndex).global;
    return globals[globalIndex - importedGlobals].type;
}

}  // namespace faaslet::wasm
