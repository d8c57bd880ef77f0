#include "wasm/module/types.h"

namespace faaslet::wasm {

bool isValTypeCode(uint8_t code) {
    switch (ValType(code)) {
        case ValType::I32:
        case ValType::I64:
        case ValType::F32:
        case ValType::F64:
        case ValType::V128:
        case ValType::FuncRef:
        case ValType::ExternRef: return true;
    }
    return false;
}

bool isNumType(ValType t) {
    return t == ValType::I32 || t == ValType::I64 || t == ValType::F32 || t == ValType::F64;
}

bool isRefType(ValType t) { return t == ValType::FuncRef || t == ValType::ExternRef; }

const char* toString(ValType t) {
    switch (t) {
        case ValType::I32: return "i32";
        case ValType::I64: return "i64";
        case ValType::F32: return "f32";
        case ValType::F64: return "f64";
        case ValType::V128: return "v128";
        case ValType::FuncRef: return "funcref";
        case ValType::ExternRef: return "externref";
    }
    return "?";
}

std::string toString(const FuncType& t) {
    auto list = [](const std::vector<ValType>& types) {
        std::string s = "[";
        for (size_t i = 0; i < types.size(); ++i) {
            if (i) s += ' ';
            s += toString(types[i]);
        }
        return s + "]";
    };
    return list(t.params) + " -> " + list(t.results);
}

const char* toString(ExternKind k) {
    switch (k) {
        case ExternKind::Func: return "func";
        case ExternKind::Table: return "table";
        case ExternKind::Memory: return "memory";
        case ExternKind::Global: return "global";
    }
    return "?";
}

}  // namespace faaslet::wasm
