#include "runtime/store.h"

#include "runtime/global.h"
#include "runtime/instance.h"
#include "runtime/instance_allocator.h"
#include "runtime/linear_memory.h"
#include "runtime/table.h"

namespace faaslet::runtime {

Store::Store(InstanceAllocator& allocator) : allocator_(allocator) {}

Store::Store() : Store(defaultAllocator()) {}

Store::~Store() {
    // Instances first: their tables may hold references to host functions and other instances.
    instances_.clear();
}

Result<Instance*> Store::link(std::shared_ptr<const LoadedModule> module, std::span<const ExternValue> imports) {
    if (!module) return Error::load("instantiation without a loaded module");
    std::unique_ptr<Instance> instance(new Instance(std::move(module)));
    if (Status status = instance->link(imports, allocator_); !status) return status.error();
    instances_.push_back(std::move(instance));
    return instances_.back().get();
}

Result<Instance*> Store::instantiate(std::shared_ptr<const LoadedModule> module,
                                     std::span<const ExternValue> imports) {
    auto instance = link(std::move(module), imports);
    if (!instance) return instance;
    if (Status status = (*instance)->initialize(); !status) return status.error();
    return instance;
}

Result<Instance*> Store::instantiateFromSnapshot(std::shared_ptr<const LoadedModule> module,
                                                 std::span<const ExternValue> imports,
                                                 const InstanceSnapshot& snapshot) {
    auto instance = link(std::move(module), imports);
    if (!instance) return instance;
    if (Status status = (*instance)->restore(snapshot); !status) return status.error();
    return instance;
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
    auto table = allocator_.allocateTable(type, init);
    if (!table) return table.error();
    tables_.push_back(std::move(*table));
    return tables_.back().get();
}

Result<LinearMemory*> Store::createMemory(const wasm::MemoryType& type) {
    auto memory = allocator_.allocateMemory(type);
    if (!memory) return memory.error();
    memories_.push_back(std::move(*memory));
    return memories_.back().get();
}

Global* Store::createGlobal(wasm::GlobalType type, abi::Value value) {
    globals_.push_back(std::make_unique<Global>(type, value));
    return globals_.back().get();
}

}  // namespace faaslet::runtime
