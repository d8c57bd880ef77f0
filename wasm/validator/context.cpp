#include "wasm/validator/context.h"

namespace faaslet::wasm {

namespace {

void declareRefs(const ConstExpr& expr, std::vector<bool>& refs) {
    for (const auto& ins : expr.code) {
        if (ins.op == Opcode::RefFunc && ins.a < refs.size()) refs[ins.a] = true;
    }
}

}  // namespace

ValidationContext::ValidationContext(const Module& m) : module(m) {
    funcTypes.reserve(m.functionCount());
    tables.reserve(m.tableCount());
    globals.reserve(m.globalCount());
    for (const auto& import : m.imports) {
        switch (import.kind) {
            case ExternKind::Func: funcTypes.push_back(import.funcType); break;
            case ExternKind::Table: tables.push_back(import.table); break;
            case ExternKind::Memory: ++memoryCount; break;
            case ExternKind::Global: globals.push_back(import.global); break;
        }
    }
    funcTypes.insert(funcTypes.end(), m.functions.begin(), m.functions.end());
    tables.insert(tables.end(), m.tables.begin(), m.tables.end());
    memoryCount += uint32_t(m.memories.size());
    for (const auto& global : m.globals) globals.push_back(global.type);

    declaredRefs_.assign(funcTypes.size(), false);
    for (const auto& e : m.exports) {
        if (e.kind == ExternKind::Func && e.index < declaredRefs_.size()) declaredRefs_[e.index] = true;
    }
    for (const auto& global : m.globals) declareRefs(global.init, declaredRefs_);
    for (const auto& segment : m.elems) {
        if (segment.offset) declareRefs(*segment.offset, declaredRefs_);
        for (const auto& item : segment.items) declareRefs(item, declaredRefs_);
    }
    for (const auto& segment : m.data) {
        if (segment.offset) declareRefs(*segment.offset, declaredRefs_);
    }
}

void failValidation(std::string_view section, std::optional<uint32_t> function, size_t offset,
                    std::string message, Error::Kind kind) {
    throw ModuleError(Error{kind, std::string(section), function, offset, std::move(message)});
}

}  // namespace faaslet::wasm
