// The implementations behind abi::RuntimeFunctions. Each one checks its ranges as a whole before
// touching anything (the spec's bounds rules) and raises a trap with raiseTrap, which unwinds to
// the call's entry: no object with a destructor may be alive in these frames when it does.

#include "runtime/runtime_functions.h"

#include <cstring>

#include "runtime/instance.h"
#include "runtime/linear_memory.h"
#include "runtime/table.h"
#include "runtime/trap.h"

namespace faaslet::runtime {

namespace {

Instance& instanceOf(abi::InstanceContext* ctx) {
    return *Instance::fromContext(ctx);
}

[[noreturn]] void trap(abi::InstanceContext* ctx, abi::TrapCode code) {
    raiseTrap(ctx, code);
}

uint32_t memoryGrow(abi::InstanceContext* ctx, uint32_t memory, uint32_t deltaPages) {
    return instanceOf(ctx).memory(memory)->grow(deltaPages);
}

void memoryInit(abi::InstanceContext* ctx, uint32_t memory, uint32_t data, uint32_t dst, uint32_t src,
                uint32_t length) {
    Instance& instance = instanceOf(ctx);
    LinearMemory& mem = *instance.memory(memory);
    std::span<const uint8_t> segment = instance.dataSegment(data);
    if (uint64_t(src) + length > segment.size() || !mem.inBounds(dst, length)) {
        raiseTrap(ctx, abi::TrapCode::OutOfBoundsMemoryAccess);
    }
    if (length) std::memcpy(mem.base() + dst, segment.data() + src, length);
}

void dataDrop(abi::InstanceContext* ctx, uint32_t data) {
    instanceOf(ctx).dropData(data);
}

void memoryCopy(abi::InstanceContext* ctx, uint32_t dstMemory, uint32_t srcMemory, uint32_t dst, uint32_t src,
                uint32_t length) {
    Instance& instance = instanceOf(ctx);
    LinearMemory& to = *instance.memory(dstMemory);
    LinearMemory& from = *instance.memory(srcMemory);
    if (!from.inBounds(src, length) || !to.inBounds(dst, length)) {
        raiseTrap(ctx, abi::TrapCode::OutOfBoundsMemoryAccess);
    }
    if (length) std::memmove(to.base() + dst, from.base() + src, length);
}

void memoryFill(abi::InstanceContext* ctx, uint32_t memory, uint32_t dst, uint32_t value, uint32_t length) {
    LinearMemory& mem = *instanceOf(ctx).memory(memory);
    if (!mem.inBounds(dst, length)) raiseTrap(ctx, abi::TrapCode::OutOfBoundsMemoryAccess);
    if (length) std::memset(mem.base() + dst, int(value & 0xff), length);
}

void tableInit(abi::InstanceContext* ctx, uint32_t table, uint32_t elem, uint32_t dst, uint32_t src,
               uint32_t length) {
    Instance& instance = instanceOf(ctx);
    if (!instance.table(table)->init(dst, instance.elemSegment(elem), src, length)) {
        raiseTrap(ctx, abi::TrapCode::OutOfBoundsTableAccess);
    }
}

void elemDrop(abi::InstanceContext* ctx, uint32_t elem) {
    instanceOf(ctx).dropElem(elem);
}

void tableCopy(abi::InstanceContext* ctx, uint32_t dstTable, uint32_t srcTable, uint32_t dst, uint32_t src,
               uint32_t length) {
    Instance& instance = instanceOf(ctx);
    if (!Table::copy(*instance.table(dstTable), dst, *instance.table(srcTable), src, length)) {
        raiseTrap(ctx, abi::TrapCode::OutOfBoundsTableAccess);
    }
}

uint32_t tableGrow(abi::InstanceContext* ctx, uint32_t table, void* init, uint32_t delta) {
    return instanceOf(ctx).table(table)->grow(delta, init);
}

void tableFill(abi::InstanceContext* ctx, uint32_t table, uint32_t dst, void* value, uint32_t length) {
    if (!instanceOf(ctx).table(table)->fill(dst, value, length))
        raiseTrap(ctx, abi::TrapCode::OutOfBoundsTableAccess);
}

// Named, so the order is the declaration's (abi/abi.h), and the build fails on a mismatch.
constexpr abi::RuntimeFunctions kRuntimeFunctions = {
    .trap = trap,
    .memoryGrow = memoryGrow,
    .memoryInit = memoryInit,
    .dataDrop = dataDrop,
    .memoryCopy = memoryCopy,
    .memoryFill = memoryFill,
    .tableInit = tableInit,
    .elemDrop = elemDrop,
    .tableCopy = tableCopy,
    .tableGrow = tableGrow,
    .tableFill = tableFill,
};

}  // namespace

const abi::RuntimeFunctions& runtimeFunctions() {
    return kRuntimeFunctions;
}

}  // namespace faaslet::runtime
