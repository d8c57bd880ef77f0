#include "runtime/instance.h"

#include <cstring>
#include <string>

#include "runtime/const_expr.h"
#include "runtime/global.h"
#include "runtime/import_check.h"
#include "runtime/instance_allocator.h"
#include "runtime/linear_memory.h"
#include "runtime/runtime_functions.h"
#include "runtime/table.h"
#include "runtime/trap.h"

namespace faaslet::runtime {

Instance::Instance(std::shared_ptr<const LoadedModule> module) : loaded_(std::move(module)) {}

Instance::~Instance() = default;

Status Instance::link(std::span<const ExternValue> imports, InstanceAllocator& allocator) {
    if (Status status = checkImports(*loaded_, imports); !status) return status;
    bindFunctions(imports);
    if (Status status = allocateTablesAndMemories(allocator); !status) return status;
    if (Status status = evaluateGlobals(); !status) return status;
    if (Status status = evaluateSegments(); !status) return status;
    buildContext();
    return {};
}

void Instance::bindFunctions(std::span<const ExternValue> imports) {
    const wasm::Module& m = module();
    const auto typeIds = loaded_->typeIds();
    functions_.resize(m.functionCount());
    thunks_.resize(m.functionCount());
    hostFunctions_.resize(m.functionCount());
    uint32_t funcIndex = 0;
    for (const ExternValue& value : imports) {
        switch (value.kind) {
            case wasm::ExternKind::Func: {
                const ExternFunction& f = value.function;
                functions_[funcIndex] = *f.ref;
                if (f.host) functions_[funcIndex].ctx = &ctx_;
                thunks_[funcIndex] = f.thunk;
                hostFunctions_[funcIndex] = f.host;
                ++funcIndex;
                break;
            }
            case wasm::ExternKind::Table: tables_.push_back(value.table); break;
            case wasm::ExternKind::Memory: memories_.push_back(value.memory); break;
            case wasm::ExternKind::Global: globals_.push_back(value.global); break;
        }
    }
    for (uint32_t i = 0; i < m.functions.size(); ++i, ++funcIndex) {
        const uint32_t typeIndex = m.functions[i];
        functions_[funcIndex] = abi::FuncRef{loaded_->functionCode(funcIndex), &ctx_, typeIds[typeIndex], 0};
        thunks_[funcIndex] = loaded_->thunk(typeIndex);
    }
}

Status Instance::allocateTablesAndMemories(InstanceAllocator& allocator) {
    const wasm::Module& m = module();
    for (const wasm::TableType& type : m.tables) {
        auto table = allocator.allocateTable(type, nullptr);
        if (!table) return table.error();
        tables_.push_back(table->get());
        ownTables_.push_back(std::move(*table));
    }
    for (const wasm::MemoryType& type : m.memories) {
        auto memory = allocator.allocateMemory(type);
        if (!memory) return memory.error();
        memories_.push_back(memory->get());
        ownMemories_.push_back(std::move(*memory));
    }
    for (Table* table : tables_) abiTables_.push_back(table->abiTable());
    return {};
}

Status Instance::evaluateGlobals() {
    for (Global* global : globals_) globalCells_.push_back(global->cell());
    for (const wasm::Global& global : module().globals) {
        auto value = evaluateConstExpr(global.init, {globalCells_, functions_});
        if (!value) return value.error();
        ownGlobals_.push_back(std::make_unique<Global>(global.type, *value));
        globals_.push_back(ownGlobals_.back().get());
        globalCells_.push_back(ownGlobals_.back()->cell());
    }
    return {};
}

Status Instance::evaluateSegments() {
    const wasm::Module& m = module();
    elemItems_.resize(m.elems.size());
    elems_.resize(m.elems.size());
    for (size_t i = 0; i < m.elems.size(); ++i) {
        elemItems_[i].reserve(m.elems[i].items.size());
        for (const wasm::ConstExpr& item : m.elems[i].items) {
            auto value = evaluateConstExpr(item, {globalCells_, functions_});
            if (!value) return value.error();
            elemItems_[i].push_back(value->ref);
        }
        elems_[i] = elemItems_[i];
    }
    data_.resize(m.data.size());
    for (size_t i = 0; i < m.data.size(); ++i) {
        const wasm::ByteRange& bytes = m.data[i].bytes;
        data_[i] = std::span<const uint8_t>(m.bytes.data() + bytes.begin, bytes.size());
    }
    return {};
}

void Instance::buildContext() {
    if (!memories_.empty()) {
        ctx_.memory = memories_[0]->abiMemory();
        ctx_.memoryBase = memories_[0]->base();
    }
    // Every guarded call sets the limit of the context it enters for its thread. An instance whose
    // functions are only reached through another instance (an import, a shared table) is never
    // entered directly, so it starts with the instantiating thread's limit.
    ctx_.stackLimit = threadStackLimit();
    ctx_.interrupt = 0;
    ctx_.runtime = &runtimeFunctions();
    ctx_.functions = functions_.data();
    ctx_.tables = abiTables_.data();
    ctx_.globals = globalCells_.data();
    ctx_.typeIds = loaded_->typeIds().data();
    ctx_.host = this;
}

Status Instance::initialize() {
    const wasm::Module& m = module();
    const ConstExprEnvironment env{globalCells_, functions_};
    for (uint32_t i = 0; i < m.elems.size(); ++i) {
        const wasm::ElemSegment& segment = m.elems[i];
        if (segment.mode == wasm::ElemSegment::Mode::Active) {
            auto offset = evaluateConstExpr(*segment.offset, env);
            if (!offset) return offset.error();
            const auto& items = elems_[i];
            if (!tables_[segment.table]->init(offset->i32, items, 0, uint32_t(items.size()))) {
                return Error::trapped(Trap::of(abi::TrapCode::OutOfBoundsTableAccess));
            }
        }
        if (segment.mode != wasm::ElemSegment::Mode::Passive) dropElem(i);
    }
    for (uint32_t i = 0; i < m.data.size(); ++i) {
        const wasm::DataSegment& segment = m.data[i];
        if (segment.mode != wasm::DataSegment::Mode::Active) continue;
        auto offset = evaluateConstExpr(*segment.offset, env);
        if (!offset) return offset.error();
        LinearMemory* memory = memories_[segment.memory];
        const auto bytes = data_[i];
        if (!memory->inBounds(offset->i32, bytes.size())) {
            return Error::trapped(Trap::of(abi::TrapCode::OutOfBoundsMemoryAccess));
        }
        if (!bytes.empty()) std::memcpy(memory->base() + offset->i32, bytes.data(), bytes.size());
        dropData(i);
    }
    if (m.start) {
        CallResult result = callFunction(*m.start, {});
        if (!result) return Error::trapped(std::move(result.error()));
    }
    return {};
}

ExternValue Instance::exportAt(uint32_t exportIndex) const {
    const wasm::Export& e = module().exports[exportIndex];
    switch (e.kind) {
        case wasm::ExternKind::Func: return ExternValue::of(function(e.index));
        case wasm::ExternKind::Table: return ExternValue::of(tables_[e.index]);
        case wasm::ExternKind::Memory: return ExternValue::of(memories_[e.index]);
        case wasm::ExternKind::Global: return ExternValue::of(globals_[e.index]);
    }
    return {};
}

std::optional<ExternValue> Instance::exportNamed(std::string_view name) const {
    auto index = loaded_->exportIndex(name);
    if (!index) return std::nullopt;
    return exportAt(*index);
}

ExternFunction Instance::function(uint32_t funcIndex) const {
    return ExternFunction{&functions_[funcIndex], thunks_[funcIndex], hostFunctions_[funcIndex] != 0};
}

CallResult Instance::call(std::string_view exportName, std::span<const abi::Value> args) {
    auto value = exportNamed(exportName);
    if (!value)
        return Trap::of(abi::TrapCode::HostTrap, "unknown export \"" + std::string(exportName) + "\"");
    if (value->kind != wasm::ExternKind::Func) {
        return Trap::of(abi::TrapCode::HostTrap,
                        "export \"" + std::string(exportName) + "\" is not a function");
    }
    return invoke(value->function, args);
}

CallResult Instance::callFunction(uint32_t funcIndex, std::span<const abi::Value> args) {
    if (funcIndex >= functions_.size()) {
        return Trap::of(abi::TrapCode::HostTrap, "no function " + std::to_string(funcIndex));
    }
    return invoke(function(funcIndex), args);
}

void Instance::interrupt() {
    __atomic_store_n(&ctx_.interrupt, 1u, __ATOMIC_RELEASE);
}
void Instance::clearInterrupt() {
    __atomic_store_n(&ctx_.interrupt, 0u, __ATOMIC_RELEASE);
}
bool Instance::interruptRequested() const {
    return __atomic_load_n(&ctx_.interrupt, __ATOMIC_ACQUIRE) != 0;
}

}  // namespace faaslet::runtime
