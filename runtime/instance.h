#pragma once
// An instance of a loaded module: its InstanceContext (what compiled code sees), its function
// index space as FuncRefs, tables, memories, globals, and the element and data segments with
// their dropped state. Instances are made by Store::instantiate and live as long as their Store.
//
// An instance runs on one thread at a time; interrupt() may be called from any thread.

#include <cstdint>
#include <initializer_list>
#include <memory>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "abi/abi.h"
#include "runtime/error.h"
#include "runtime/extern_value.h"
#include "runtime/invoke.h"
#include "runtime/loaded_module.h"
#include "runtime/snapshot.h"

namespace faaslet::runtime {

class Global;
class InstanceAllocator;
class LinearMemory;
class Store;
class Table;

class Instance {
public:
    ~Instance();
    Instance(const Instance&) = delete;
    Instance& operator=(const Instance&) = delete;

    // The instance a context belongs to (ctx->host).
    static Instance* fromContext(abi::InstanceContext* ctx) { return static_cast<Instance*>(ctx->host); }

    const LoadedModule& loadedModule() const { return *loaded_; }
    const wasm::Module& module() const { return loaded_->module(); }
    abi::InstanceContext* context() { return &ctx_; }

    // Exports.
    std::optional<ExternValue> exportNamed(std::string_view name) const;
    ExternValue exportAt(uint32_t exportIndex) const;  // index into module().exports

    // Calls the exported function `name` (a HostTrap "unknown export"/"not a function" when it is
    // none), or a function of the index space.
    CallResult call(std::string_view exportName, std::span<const abi::Value> args);
    CallResult callFunction(uint32_t funcIndex, std::span<const abi::Value> args);
    CallResult call(std::string_view exportName, std::initializer_list<abi::Value> args) {
        return call(exportName, std::span<const abi::Value>(args.begin(), args.size()));
    }
    CallResult callFunction(uint32_t funcIndex, std::initializer_list<abi::Value> args) {
        return callFunction(funcIndex, std::span<const abi::Value>(args.begin(), args.size()));
    }
    // A function of the index space as the runtime calls it.
    ExternFunction function(uint32_t funcIndex) const;

    // Asks the running call to stop: compiled code polls the flag at function entries and loop
    // back-edges and traps with Interrupted, which clears it. Thread-safe. A request made while no
    // call runs stops the next call at its first poll; clearInterrupt() withdraws it.
    void interrupt();
    void clearInterrupt();
    bool interruptRequested() const;

    uint32_t memoryCount() const { return uint32_t(memories_.size()); }
    LinearMemory* memory(uint32_t index) const { return memories_[index]; }
    uint32_t tableCount() const { return uint32_t(tables_.size()); }
    Table* table(uint32_t index) const { return tables_[index]; }
    uint32_t globalCount() const { return uint32_t(globals_.size()); }
    Global* global(uint32_t index) const { return globals_[index]; }

    // The instance as it is now, for restore() here or in another instance of the module
    // (runtime/snapshot.h says what is kept and what is refused). Not while a call runs.
    Result<std::shared_ptr<const InstanceSnapshot>> capture() const;
    // Puts the instance in the state `snapshot` holds: the memory image mapped (the first time)
    // or reset to (after that), memory size, globals, tables and dropped segments; a pending
    // interrupt is withdrawn. Not while a call runs.
    Status restore(const InstanceSnapshot& snapshot);

    // Segments as the bulk instructions see them: a dropped segment is empty.
    std::span<const uint8_t> dataSegment(uint32_t index) const { return data_[index]; }
    void dropData(uint32_t index) { data_[index] = {}; }
    std::span<void* const> elemSegment(uint32_t index) const { return elems_[index]; }
    void dropElem(uint32_t index) { elems_[index] = {}; }

private:
    friend class Store;
    explicit Instance(std::shared_ptr<const LoadedModule> module);

    // Import matching, then the instance's own functions, tables, memories, globals and segment
    // contents. Nothing outside the instance changes; on failure the instance is discarded.
    Status link(std::span<const ExternValue> imports, InstanceAllocator& allocator);
    // The phases of link(), in order: the function index space (imports, then the module's own
    // code), the instance's own tables and memories, globals (imported cells, then evaluated
    // initialisers), the references of element segments and the bytes of data segments, and last
    // the context compiled code reads.
    void bindFunctions(std::span<const ExternValue> imports);
    Status allocateTablesAndMemories(InstanceAllocator& allocator);
    Status evaluateGlobals();
    Status evaluateSegments();
    void buildContext();
    // Element segments, data segments, the start function, in the spec's order. Writes to
    // imported tables and memories persist even when a later step fails (spec 2.0), so the
    // instance outlives a failure here (its functions may now sit in a shared table).
    Status initialize();

    std::shared_ptr<const LoadedModule> loaded_;
    abi::InstanceContext ctx_{};

    std::vector<abi::FuncRef> functions_;  // sized once: ctx_.functions and ref.func point into it
    std::vector<abi::Thunk> thunks_;
    std::vector<uint8_t> hostFunctions_;  // 1 where the function is a host function

    std::vector<std::unique_ptr<Table>> ownTables_;
    std::vector<Table*> tables_;
    std::vector<abi::Table*> abiTables_;
    std::vector<std::unique_ptr<LinearMemory>> ownMemories_;
    std::vector<LinearMemory*> memories_;
    std::vector<std::unique_ptr<Global>> ownGlobals_;
    std::vector<Global*> globals_;
    std::vector<abi::Value*> globalCells_;

    // Function references as snapshots keep them: the index of a FuncRef of this instance.
    std::optional<int64_t> functionIndexOf(const void* ref) const;
    void* functionRefAt(int64_t index);

    std::vector<std::vector<void*>> elemItems_;   // each element segment's references, as linked
    std::vector<std::span<void* const>> elems_;   // into elemItems_; empty once dropped
    std::vector<std::span<const uint8_t>> data_;  // into the module's bytes; empty once dropped
};

}  // namespace faaslet::runtime
