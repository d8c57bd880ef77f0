#pragma once
// Where an instance's own memories and tables come from: the one place that makes them, for
// instantiation and for the host alike (Store::createMemory, createTable). On demand by default;
// a Faaslet's allocator caps its memories at the function's memory limit, and restores map
// copy-on-write images into what it allocated (Instance::restore).

#include <cstdint>
#include <memory>

#include "runtime/error.h"
#include "runtime/linear_memory.h"
#include "runtime/table.h"
#include "wasm/module/types.h"

namespace faaslet::runtime {

class InstanceAllocator {
public:
    virtual ~InstanceAllocator() = default;
    virtual Result<std::unique_ptr<LinearMemory>> allocateMemory(const wasm::MemoryType& type) = 0;
    virtual Result<std::unique_ptr<Table>> allocateTable(const wasm::TableType& type, void* init) = 0;
};

// Fresh reservations and tables each time. With `maxPages`, memories are limited to that many
// pages (memory.grow fails past it) and a memory whose initial size exceeds it is refused.
class OnDemandAllocator final : public InstanceAllocator {
public:
    explicit OnDemandAllocator(uint32_t maxPages = wasm::kMaxPages) : maxPages_(maxPages) {}
    Result<std::unique_ptr<LinearMemory>> allocateMemory(const wasm::MemoryType& type) override;
    Result<std::unique_ptr<Table>> allocateTable(const wasm::TableType& type, void* init) override;

private:
    uint32_t maxPages_;
};

// The allocator of stores that are given none.
InstanceAllocator& defaultAllocator();

}  // namespace faaslet::runtime
