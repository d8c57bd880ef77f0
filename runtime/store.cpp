#include "runtime/store.h"

#include "runtime/global.h"
#include "runtime/instance.h"
#include "runtime/linear_memory.h"
#include "runtime/table.h"

namespace faaslet::runtime {

Store::Store() = default;

Store::~Store() {
    // Instances first: their tables may hold references to host functions and other instances.
    instances_.clear();
}

Result<Instance*> Store::instantiate(std::shared_ptr<const LoadedModule> module,
                                     std::span<const ExternValue> imports) {
    if (!module) return Error::load("instantiation without a loaded module");
    std::unique_ptr<Instance> instance(new Instance(std::move(module)));
    if (Status status = instance->link(imports); !status) return status.error();
    Instance* raw = instance.get();
    instances_.push_back(std::move(instance));
    if (Status status = raw->initialize(); !status) return status.error();
    return raw;
}

Result<HostFunction*> Store::createHostFunction(wasm::FuncType type, HostCallback callback) {
    auto function = HostFunction::create(std::move(type), std::move(callback));
    if (!function) return function.error();
    hostFunctions_.push_back(std::move(*function));
    return hostFunctions_.back().get();
}

Result<HostFunction*> Store::createNativeHostFunction(wasm::FuncType type, const void* code) {
    auto function = HostFunction::fromNative(std::move(type), code);
    if (!function) return function.error();
    hostFunctions_.push_back(std::move(*function));
    return hostFunctions_.back().get();
}

Result<Table*> Store::createTable(const wasm::TableType& type, void* init) {
    auto table = Table::create(type, init);
    if (!table) return table.error();
    tables_.push_back(std::move(*table));
    return tables_.back().get();
}

Result<LinearMemory*> Store::createMemory(const wasm::MemoryType& type) {
    auto memory = LinearMemory::create(type);
    if (!memory) return memory.error();
    memories_.push_back(std::move(*memory));
    return memories_.back().get();
}

Global* Store::createGlobal(wasm::GlobalType type, abi::Value value) {
    globals_.push_back(std::make_unique<Global>(type, value));
    return globals_.back().get();
}

}  // namespace faaslet::runtime
