#include "runtime/table.h"

#include <algorithm>
#include <cstring>
#include <new>
#include <string>

namespace faaslet::runtime {

Result<std::unique_ptr<Table>> Table::create(const wasm::TableType& type, void* init) {
    if (type.limits.min > kMaxElements) {
        return Error::resource("table of " + std::to_string(type.limits.min) +
                               " elements exceeds the implementation limit of " +
                               std::to_string(kMaxElements));
    }
    std::unique_ptr<Table> table(new Table());
    table->elemType_ = type.elemType;
    table->declaredMax_ = type.limits.max;
    table->table_.max = type.limits.max.value_or(UINT32_MAX);
    table->elements_.assign(type.limits.min, init);
    table->refresh();
    return table;
}

wasm::TableType Table::type() const {
    wasm::TableType type;
    type.elemType = elemType_;
    type.limits.min = size();
    type.limits.max = declaredMax_;
    return type;
}

std::optional<void*> Table::get(uint32_t index) const {
    if (index >= size()) return std::nullopt;
    return elements_[index];
}

bool Table::set(uint32_t index, void* value) {
    if (index >= size()) return false;
    elements_[index] = value;
    return true;
}

uint32_t Table::grow(uint32_t delta, void* init) {
    const uint32_t old = size();
    const uint64_t newSize = uint64_t(old) + delta;
    const uint64_t max = std::min<uint64_t>(table_.max, kMaxElements);
    if (newSize > max) return uint32_t(-1);
    try {
        elements_.resize(size_t(newSize), init);
    } catch (const std::bad_alloc&) {
        return uint32_t(-1);
    }
    refresh();
    return old;
}

bool Table::fill(uint32_t dst, void* value, uint32_t length) {
    if (!inBounds(dst, length)) return false;
    std::fill_n(elements_.begin() + dst, length, value);
    return true;
}

bool Table::init(uint32_t dst, std::span<void* const> segment, uint32_t src, uint32_t length) {
    if (uint64_t(src) + length > segment.size() || !inBounds(dst, length)) return false;
    std::copy_n(segment.begin() + src, length, elements_.begin() + dst);
    return true;
}

bool Table::copy(Table& dstTable, uint32_t dst, const Table& srcTable, uint32_t src, uint32_t length) {
    if (!srcTable.inBounds(src, length) || !dstTable.inBounds(dst, length)) return false;
    if (length == 0) return true;
    // Overlapping ranges of one table copy as if through a temporary buffer.
    std::memmove(dstTable.elements_.data() + dst, srcTable.elements_.data() + src,
                 size_t(length) * sizeof(void*));
    return true;
}

}  // namespace faaslet::runtime
