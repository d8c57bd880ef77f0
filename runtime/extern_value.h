#pragma once
// What an import resolves to and an export yields: a function, table, memory or global of some
// instance or of the host. Plain pointers: the objects belong to a Store (or to the host code that
// created them) and live as long as it.

#include "abi/abi.h"
#include "wasm/module/types.h"

namespace faaslet::runtime {

class Table;
class LinearMemory;
class Global;

struct ExternFunction {
    // The function's reference: code, the context it runs with, canonical type id. Points into the
    // exporting instance's function array or into a HostFunction, so it is stable.
    const abi::FuncRef* ref = nullptr;
    // How the runtime calls it: thunk(ref->code, ref->ctx, args, results).
    abi::Thunk thunk = nullptr;
    // Host functions run with the context of the instance that imports them (WASI and the like act
    // on their caller's memory), so an importer substitutes its own context.
    bool host = false;
};

struct ExternValue {
    wasm::ExternKind kind = wasm::ExternKind::Func;
    ExternFunction function;         // Func
    Table* table = nullptr;          // Table
    LinearMemory* memory = nullptr;  // Memory
    Global* global = nullptr;        // Global

    static ExternValue of(const ExternFunction& f) {
        return {wasm::ExternKind::Func, f, nullptr, nullptr, nullptr};
    }
    static ExternValue of(Table* t) { return {wasm::ExternKind::Table, {}, t, nullptr, nullptr}; }
    static ExternValue of(LinearMemory* m) { return {wasm::ExternKind::Memory, {}, nullptr, m, nullptr}; }
    static ExternValue of(Global* g) { return {wasm::ExternKind::Global, {}, nullptr, nullptr, g}; }
};

}  // namespace faaslet::runtime
