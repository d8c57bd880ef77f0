#pragma once
// A table of references (abi::Table): funcref entries are abi::FuncRef*, externref entries opaque
// host pointers, null is nullptr. Bulk operations follow the spec's bounds rules: a range is
// checked as a whole before anything is written, so an out-of-bounds operation changes nothing,
// and a zero-length range at exactly the end is in bounds.

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <vector>

#include "abi/abi.h"
#include "wasm/module/types.h"
#include "runtime/error.h"

namespace faaslet::runtime {

class Table {
public:
    // An implementation limit on the number of elements (the decoder's limit on declared sizes);
    // growing past it fails like growing past the maximum.
    static constexpr uint32_t kMaxElements = 10'000'000;

    static Result<std::unique_ptr<Table>> create(const wasm::TableType& type, void* init = nullptr);
    Table(const Table&) = delete;
    Table& operator=(const Table&) = delete;

    // The struct compiled code reads (ctx->tables[i]); elements and size are kept current.
    abi::Table* abiTable() { return &table_; }
    uint32_t size() const { return table_.size; }
    wasm::ValType elemType() const { return elemType_; }
    std::optional<uint32_t> declaredMax() const { return declaredMax_; }
    // The table's external type for import matching: the current size and the declared maximum.
    wasm::TableType type() const;

    // nullopt when out of bounds.
    std::optional<void*> get(uint32_t index) const;
    bool set(uint32_t index, void* value);

    // table.grow: the old size, or uint32_t(-1) when the new size would pass the maximum.
    uint32_t grow(uint32_t delta, void* init);
    // table.fill / table.init / table.copy: false (and nothing written) when out of bounds.
    bool fill(uint32_t dst, void* value, uint32_t length);
    bool init(uint32_t dst, std::span<void* const> segment, uint32_t src, uint32_t length);
    static bool copy(Table& dstTable, uint32_t dst, const Table& srcTable, uint32_t src, uint32_t length);

private:
    Table() = default;
    bool inBounds(uint64_t index, uint64_t length) const { return index + length <= table_.size; }
    void refresh() {
        table_.elements = elements_.data();
        table_.size = uint32_t(elements_.size());
    }

    std::vector<void*> elements_;
    abi::Table table_{};
    wasm::ValType elemType_ = wasm::ValType::FuncRef;
    std::optional<uint32_t> declaredMax_;
};

}  // namespace faaslet::runtime
