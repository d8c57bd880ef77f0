#pragma once
// What every binding needs of a host call and of the module it binds for.

#include <algorithm>
#include <string_view>

#include "runtime/host_function.h"
#include "runtime/linear_memory.h"
#include "wasi/guest_memory.h"
#include "wasm/module/module.h"

namespace faaslet::bindings {

// The calling instance's memory 0 as a checked view (empty when it has none).
inline wasi::GuestMemory guestMemory(runtime::HostCall& call) {
    runtime::LinearMemory* memory = call.memory();
    return memory ? wasi::GuestMemory(memory->bytes()) : wasi::GuestMemory();
}

// Whether `module` imports the function `importModule`.`name`: a binding defines only those, as
// each host function costs a closure.
inline bool importsFunction(const wasm::Module& module, std::string_view importModule, std::string_view name) {
    return std::any_of(module.imports.begin(), module.imports.end(), [&](const wasm::Import& import) {
        return import.kind == wasm::ExternKind::Func && import.module == importModule && import.name == name;
    });
}

}  // namespace faaslet::bindings
