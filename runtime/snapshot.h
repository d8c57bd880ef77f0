#pragma once
// What an instance is after its initialisation, captured so that other instances of the same
// module can start from it and an instance can return to it after each call (the instance part
// of a Proto-Faaslet): the memory as a copy-on-write image, the instance's own globals, its own
// tables, and which segments are dropped. It refers to nothing of the instance it came from:
// function references are kept as indices into the function index space, so the snapshot can be
// restored into any instance of the module, each with its own functions and host functions.
//
// Only instances whose state is all their own can be captured: imported memories, tables or
// globals (state shared with other instances) and non-null externrefs (host objects of one store)
// are refused with a message saying which.

#include <cstdint>
#include <memory>
#include <vector>

#include "abi/abi.h"
#include "runtime/memory_image.h"

namespace faaslet::runtime {

struct InstanceSnapshot {
    // A reference as a snapshot keeps it: null, or a function of the index space.
    static constexpr int64_t kNullRef = -1;

    std::shared_ptr<const MemoryImage> memory;  // null when the module has no memory

    struct GlobalValue {
        abi::Value value;      // numbers (references are in `function`)
        int64_t function = 0;  // for funcref globals: kNullRef or a function index
        bool isFuncRef = false;
    };
    std::vector<GlobalValue> globals;  // the instance's own globals, in order

    std::vector<std::vector<int64_t>> tables;  // per own table: each element's function index or kNullRef

    std::vector<uint8_t> droppedData;  // 1 where the data segment is dropped
    std::vector<uint8_t> droppedElems;
};

}  // namespace faaslet::runtime
