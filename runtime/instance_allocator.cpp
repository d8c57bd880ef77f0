#include "runtime/instance_allocator.h"

#include <string>

namespace faaslet::runtime {

Result<std::unique_ptr<LinearMemory>> OnDemandAllocator::allocateMemory(const wasm::MemoryType& type) {
    if (type.limits.min > maxPages_) {
        return Error::resource("the memory's initial " + std::to_string(type.limits.min) +
                               " pages exceed the limit of " + std::to_string(maxPages_) + " pages");
    }
    auto memory = LinearMemory::create(type);
    if (memory && maxPages_ < wasm::kMaxPages) (*memory)->limitPages(maxPages_);
    return memory;
}

Result<std::unique_ptr<Table>> OnDemandAllocator::allocateTable(const wasm::TableType& type, void* init) {
    return Table::create(type, init);
}

InstanceAllocator& defaultAllocator() {
    static OnDemandAllocator allocator;
    return allocator;
}

}  // namespace faaslet::runtime
