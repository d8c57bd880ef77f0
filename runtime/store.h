#pragma once
// Owns everything instances can share: instances, host functions, and tables, memories and globals
// made by the host. Objects live until the Store is destroyed — the spec's store never frees
// anything either, and references between instances (a function of A in a table of B, an
// instance whose failed instantiation left its functions in a shared table) stay valid without
// reference counting. One Store per Faaslet (or per spec script); references must not cross
// Stores.
//
// Not thread-safe: create and instantiate from one thread at a time.

#include <memory>
#include <span>
#include <vector>

#include "abi/abi.h"
#include "wasm/module/types.h"
#include "runtime/error.h"
#include "runtime/extern_value.h"
#include "runtime/host_function.h"

namespace faaslet::runtime {

class Global;
class Instance;
class LinearMemory;
class LoadedModule;
class Table;

class Store {
public:
    Store();
    ~Store();
    Store(const Store&) = delete;
    Store& operator=(const Store&) = delete;

    // Instantiates `module` with `imports` (one per import, in order; see Linker::resolve):
    // import matching (Error::Kind::Link, "incompatible import type ..."), allocation
    // (Kind::Resource), element and data segments, the start function (Kind::Trap, with the trap;
    // the instance then stays in the store, unreachable, because earlier writes to shared tables
    // and memories persist).
    Result<Instance*> instantiate(std::shared_ptr<const LoadedModule> module,
                                  std::span<const ExternValue> imports);

    Result<HostFunction*> createHostFunction(wasm::FuncType type, HostCallback callback);
    Result<HostFunction*> createNativeHostFunction(wasm::FuncType type, const void* code);
    Result<Table*> createTable(const wasm::TableType& type, void* init = nullptr);
    Result<LinearMemory*> createMemory(const wasm::MemoryType& type);
    Global* createGlobal(wasm::GlobalType type, abi::Value value);

    size_t instanceCount() const { return instances_.size(); }

private:
    std::vector<std::unique_ptr<Instance>> instances_;
    std::vector<std::unique_ptr<HostFunction>> hostFunctions_;
    std::vector<std::unique_ptr<Table>> tables_;
    std::vector<std::unique_ptr<LinearMemory>> memories_;
    std::vector<std::unique_ptr<Global>> globals_;
};

}  // namespace faaslet::runtime
