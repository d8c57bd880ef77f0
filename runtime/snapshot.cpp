// Instance::capture and Instance::restore: the instance half of Proto-Faaslets.

#include "runtime/snapshot.h"

#include <string>

#include "runtime/global.h"
#include "runtime/instance.h"
#include "runtime/linear_memory.h"
#include "runtime/table.h"

namespace faaslet::runtime {

std::optional<int64_t> Instance::functionIndexOf(const void* ref) const {
    if (!ref) return InstanceSnapshot::kNullRef;
    const auto* funcRef = static_cast<const abi::FuncRef*>(ref);
    if (functions_.empty() || funcRef < functions_.data() || funcRef >= functions_.data() + functions_.size())
        return std::nullopt;
    return funcRef - functions_.data();
}

void* Instance::functionRefAt(int64_t index) {
    return index == InstanceSnapshot::kNullRef ? nullptr : &functions_[size_t(index)];
}

Result<std::shared_ptr<const InstanceSnapshot>> Instance::capture() const {
    const wasm::Module& m = module();
    if (m.importedMemories || m.importedTables || m.importedGlobals) {
        return Error::unsupported("an instance that imports memories, tables or globals shares state with "
                                  "others and cannot be captured");
    }
    auto snapshot = std::make_shared<InstanceSnapshot>();
    if (!memories_.empty()) {
        auto image = MemoryImage::capture(memories_[0]->bytes());
        if (!image) return image.error();
        snapshot->memory = std::move(*image);
    }
    for (size_t i = 0; i < m.globals.size(); ++i) {
        const Global& global = *ownGlobals_[i];
        InstanceSnapshot::GlobalValue value{global.get(), 0, false};
        if (global.type().type == wasm::ValType::FuncRef) {
            auto index = functionIndexOf(value.value.ref);
            if (!index) return Error::unsupported("global " + std::to_string(m.importedGlobals + i) +
                                                  " refers to a function of another instance");
            value = {abi::Value{}, *index, true};
        } else if (global.type().type == wasm::ValType::ExternRef && value.value.ref) {
            return Error::unsupported("global " + std::to_string(m.importedGlobals + i) + " holds a host reference");
        }
        snapshot->globals.push_back(value);
    }
    for (size_t t = 0; t < ownTables_.size(); ++t) {
        const Table& table = *ownTables_[t];
        std::vector<int64_t> elements(table.size());
        for (uint32_t e = 0; e < table.size(); ++e) {
            void* element = *table.get(e);
            auto index = table.elemType() == wasm::ValType::FuncRef ? functionIndexOf(element)
                         : element                                 ? std::nullopt
                                                                   : std::optional<int64_t>(InstanceSnapshot::kNullRef);
            if (!index) return Error::unsupported("table " + std::to_string(t) + " element " + std::to_string(e) +
                                                  " is a host reference or a function of another instance");
            elements[e] = *index;
        }
        snapshot->tables.push_back(std::move(elements));
    }
    for (const auto& data : data_) snapshot->droppedData.push_back(data.empty() ? 1 : 0);
    for (const auto& elems : elems_) snapshot->droppedElems.push_back(elems.empty() ? 1 : 0);
    return std::shared_ptr<const InstanceSnapshot>(std::move(snapshot));
}

Status Instance::restore(const InstanceSnapshot& snapshot) {
    const wasm::Module& m = module();
    if (snapshot.globals.size() != m.globals.size() || snapshot.tables.size() != ownTables_.size() ||
        snapshot.droppedData.size() != data_.size() || snapshot.droppedElems.size() != elems_.size() ||
        bool(snapshot.memory) != !memories_.empty()) {
        return Error::load("the snapshot is of another module");
    }
    if (snapshot.memory) {
        LinearMemory& memory = *memories_[0];
        Status status = memory.hasImage(*snapshot.memory) ? memory.resetToImage() : memory.mapImage(snapshot.memory);
        if (!status) return status;
    }
    for (size_t i = 0; i < snapshot.globals.size(); ++i) {
        const auto& saved = snapshot.globals[i];
        abi::Value value = saved.value;
        if (saved.isFuncRef) value.ref = functionRefAt(saved.function);
        ownGlobals_[i]->set(value);
    }
    for (size_t t = 0; t < snapshot.tables.size(); ++t)
        ownTables_[t]->restore(snapshot.tables[t], [this](int64_t index) { return functionRefAt(index); });
    for (size_t i = 0; i < data_.size(); ++i) {
        const wasm::ByteRange& bytes = m.data[i].bytes;
        data_[i] = snapshot.droppedData[i] ? std::span<const uint8_t>()
                                           : std::span<const uint8_t>(m.bytes.data() + bytes.begin, bytes.size());
    }
    for (size_t i = 0; i < elems_.size(); ++i)
        elems_[i] = snapshot.droppedElems[i] ? std::span<void* const>() : std::span<void* const>(elemItems_[i]);
    clearInterrupt();
    return {};
}

}  // namespace faaslet::runtime
