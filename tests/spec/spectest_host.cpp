#include "tests/spec/spectest_host.h"

#include <stdexcept>

#include "runtime/global.h"
#include "runtime/host_function.h"
#include "runtime/linear_memory.h"
#include "runtime/table.h"

namespace faaslet::spectest {

namespace {

using wasm::ValType;

template <class T>
T orThrow(runtime::Result<T> result, const char* what) {
    if (!result) throw std::runtime_error(std::string("spectest ") + what + ": " + result.error().toString());
    return *result;
}

void definePrint(runtime::Store& store, runtime::Linker& linker, const char* name,
                 std::vector<ValType> params) {
    // The suite only needs the functions to exist and accept their arguments; printing would
    // bury the driver's report.
    auto* function = orThrow(store.createHostFunction({std::move(params), {}},
                                                      [](runtime::HostCall&, auto, auto) {
                                                          return std::optional<runtime::Trap>();
                                                      }),
                             name);
    linker.define("spectest", name, function->asExternValue());
}

void defineGlobal(runtime::Store& store, runtime::Linker& linker, const char* name, ValType type,
                  abi::Value value) {
    linker.define("spectest", name, runtime::ExternValue::of(store.createGlobal({type, false}, value)));
}

}  // namespace

void defineSpectestModule(runtime::Store& store, runtime::Linker& linker) {
    definePrint(store, linker, "print", {});
    definePrint(store, linker, "print_i32", {ValType::I32});
    definePrint(store, linker, "print_i64", {ValType::I64});
    definePrint(store, linker, "print_f32", {ValType::F32});
    definePrint(store, linker, "print_f64", {ValType::F64});
    definePrint(store, linker, "print_i32_f32", {ValType::I32, ValType::F32});
    definePrint(store, linker, "print_f64_f64", {ValType::F64, ValType::F64});

    abi::Value v{};
    v.i32 = 666;
    defineGlobal(store, linker, "global_i32", ValType::I32, v);
    v = {};
    v.i64 = 666;
    defineGlobal(store, linker, "global_i64", ValType::I64, v);
    v = {};
    v.f32 = 666.6f;
    defineGlobal(store, linker, "global_f32", ValType::F32, v);
    v = {};
    v.f64 = 666.6;
    defineGlobal(store, linker, "global_f64", ValType::F64, v);

    auto* table = orThrow(store.createTable({ValType::FuncRef, {10, 20}}), "table");
    linker.define("spectest", "table", runtime::ExternValue::of(table));
    auto* memory = orThrow(store.createMemory({{1, 2}}), "memory");
    linker.define("spectest", "memory", runtime::ExternValue::of(memory));
}

}  // namespace faaslet::spectest
