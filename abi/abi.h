#pragma once
// The whole contract between compiled code and the runtime. Compiled code receives a pointer to
// an InstanceContext as its first argument and reaches everything per-instance through it, so one
// loaded object serves any number of instances without relinking. The offsets below are what the
// compiler emits loads from: change this header and the static_asserts name everything to revisit.

#include <cstddef>
#include <cstdint>

namespace faaslet::abi {

// Bumped whenever anything in this header changes; part of the cache key.
constexpr uint32_t kAbiVersion = 1;

// Why a call stopped. Names follow the spec suite's assert_trap messages (see trapMessage()).
enum class TrapCode : uint32_t {
    None = 0,
    Unreachable,
    IntegerDivideByZero,
    IntegerOverflow,
    InvalidConversionToInteger,
    OutOfBoundsMemoryAccess,
    OutOfBoundsTableAccess,
    UndefinedElement,         // call_indirect index beyond the table
    UninitializedElement,     // call_indirect of a null entry
    IndirectCallTypeMismatch,
    CallStackExhausted,
    Interrupted,              // the interrupt flag was raised (timeout, cancellation)
    HostTrap,                 // a host function failed (details kept by the runtime)
    ForbiddenSystemCall,      // the thread's sandbox refused a system call (sandbox/sandbox.h)
};

inline const char* trapMessage(TrapCode code) {
    switch (code) {
        case TrapCode::None: return "no trap";
        case TrapCode::Unreachable: return "unreachable";
        case TrapCode::IntegerDivideByZero: return "integer divide by zero";
        case TrapCode::IntegerOverflow: return "integer overflow";
        case TrapCode::InvalidConversionToInteger: return "invalid conversion to integer";
        case TrapCode::OutOfBoundsMemoryAccess: return "out of bounds memory access";
        case TrapCode::OutOfBoundsTableAccess: return "out of bounds table access";
        case TrapCode::UndefinedElement: return "undefined element";
        case TrapCode::UninitializedElement: return "uninitialized element";
        case TrapCode::IndirectCallTypeMismatch: return "indirect call type mismatch";
        case TrapCode::CallStackExhausted: return "call stack exhausted";
        case TrapCode::Interrupted: return "interrupted";
        case TrapCode::HostTrap: return "host trap";
        case TrapCode::ForbiddenSystemCall: return "sandbox: forbidden system call";
    }
    return "unknown trap";
}

struct InstanceContext;

// One WebAssembly value as the runtime passes it in and out of compiled code (entry thunks read
// arguments from and write results to arrays of these) and as globals are stored.
union alignas(16) Value {
    uint32_t i32;
    uint64_t i64;
    float f32;
    double f64;
    uint8_t v128[16];
    void* ref;  // FuncRef* for funcref, an opaque host pointer for externref; null is nullptr
};
static_assert(sizeof(Value) == 16);

// A function as a first-class reference: what funcref values and table entries point to, and
// what calls to imported functions go through. `code` is called as code(ctx, params...) and
// returns the results (several results: as a struct, see the compiler's calling convention).
struct FuncRef {
    const void* code;
    InstanceContext* ctx;  // the instance the function belongs to (for host functions: the caller's)
    uint32_t typeId;       // canonical signature id: equal ids <=> equal function types
    uint32_t reserved;
};
static_assert(sizeof(FuncRef) == 24);
static_assert(offsetof(FuncRef, code) == 0);
static_assert(offsetof(FuncRef, ctx) == 8);
static_assert(offsetof(FuncRef, typeId) == 16);

struct Table {
    void** elements;  // FuncRef* or externref pointers; nullptr is the null reference
    uint32_t size;    // in elements
    uint32_t max;     // UINT32_MAX when unbounded
};
static_assert(offsetof(Table, elements) == 0);
static_assert(offsetof(Table, size) == 8);

struct Memory {
    uint8_t* base;  // never moves: the whole reachable range is reserved up front
    uint64_t size;  // current size in bytes
    uint64_t maxPages;
};
static_assert(offsetof(Memory, base) == 0);
static_assert(offsetof(Memory, size) == 8);

// Operations compiled code leaves to the runtime: rare or complex enough that a call costs nothing
// that matters, and kept behind pointers so compiled objects have no undefined symbols.
struct RuntimeFunctions {
    // Never returns: it unwinds to the runtime's call entry. (C++ cannot put [[noreturn]] on a
    // function pointer; compiled code marks the call noreturn itself.)
    void (*trap)(InstanceContext* ctx, TrapCode code);
    // Returns the old size in pages, or -1 (as uint32_t) when the memory cannot grow.
    uint32_t (*memoryGrow)(InstanceContext* ctx, uint32_t memory, uint32_t deltaPages);
    // Bulk memory and table operations trap on out-of-bounds ranges as the spec requires.
    void (*memoryInit)(InstanceContext* ctx, uint32_t memory, uint32_t data, uint32_t dst, uint32_t src,
                       uint32_t length);
    void (*dataDrop)(InstanceContext* ctx, uint32_t data);
    void (*memoryCopy)(InstanceContext* ctx, uint32_t dstMemory, uint32_t srcMemory, uint32_t dst,
                       uint32_t src, uint32_t length);
    void (*memoryFill)(InstanceContext* ctx, uint32_t memory, uint32_t dst, uint32_t value, uint32_t length);
    void (*tableInit)(InstanceContext* ctx, uint32_t table, uint32_t elem, uint32_t dst, uint32_t src,
                      uint32_t length);
    void (*elemDrop)(InstanceContext* ctx, uint32_t elem);
    void (*tableCopy)(InstanceContext* ctx, uint32_t dstTable, uint32_t srcTable, uint32_t dst, uint32_t src,
                      uint32_t length);
    // Returns the old size, or -1 (as uint32_t) when the table cannot grow.
    uint32_t (*tableGrow)(InstanceContext* ctx, uint32_t table, void* init, uint32_t delta);
    void (*tableFill)(InstanceContext* ctx, uint32_t table, uint32_t dst, void* value, uint32_t length);
};

// The per-instance state compiled code sees. Arrays are indexed by the module's index spaces
// (imports first).
struct InstanceContext {
    uint8_t* memoryBase;             // base of memory 0 (invariant: it never moves), or null
    Memory* memory;                  // memory 0 (possibly imported, so shared), or null
    uintptr_t stackLimit;            // compiled code traps with CallStackExhausted below this
    volatile uint32_t interrupt;     // nonzero: polling code traps with Interrupted
    uint32_t reserved;
    const RuntimeFunctions* runtime;
    FuncRef* functions;              // every function of the index space; ref.func i = &functions[i]
    Table** tables;
    Value** globals;                 // pointers, so imported mutable globals are shared
    const uint32_t* typeIds;         // canonical signature id of each type index
    void* host;                      // the runtime's own per-instance data, opaque to compiled code
};
static_assert(offsetof(InstanceContext, memoryBase) == 0);
static_assert(offsetof(InstanceContext, memory) == 8);
static_assert(offsetof(InstanceContext, stackLimit) == 16);
static_assert(offsetof(InstanceContext, interrupt) == 24);
static_assert(offsetof(InstanceContext, runtime) == 32);
static_assert(offsetof(InstanceContext, functions) == 40);
static_assert(offsetof(InstanceContext, tables) == 48);
static_assert(offsetof(InstanceContext, globals) == 56);
static_assert(offsetof(InstanceContext, typeIds) == 64);
static_assert(offsetof(InstanceContext, host) == 72);

// Symbols of a compiled module (a shared object; every other symbol is local):
// - "faaslet_func_<i>": the defined function with index i of the module's function index space,
//   called as code(InstanceContext*, params...) with the C calling convention; a function with
//   several results returns them as a struct of the result types, in order.
// - "faaslet_thunk_<t>": the entry thunk for type index t (see Thunk): reads the parameters from
//   args, calls code, stores the results. The runtime calls every function through a thunk, so it
//   needs no knowledge of native calling conventions.
// - "faaslet_function_table": const void* const[defined function count], the code of each defined
//   function in definition order; "faaslet_thunk_table": Thunk[type count]; "faaslet_abi_version":
//   const uint32_t equal to kAbiVersion. Loading a module takes three symbol lookups, not one per
//   function.
// Compiled code keeps frame pointers so the runtime can walk the stack for trap backtraces.
constexpr const char* kFunctionSymbolPrefix = "faaslet_func_";
constexpr const char* kThunkSymbolPrefix = "faaslet_thunk_";
constexpr const char* kFunctionTableSymbol = "faaslet_function_table";
constexpr const char* kThunkTableSymbol = "faaslet_thunk_table";
constexpr const char* kAbiVersionSymbol = "faaslet_abi_version";

using Thunk = void (*)(const void* code, InstanceContext* ctx, const Value* args, Value* results);

// The guard that follows each linear memory's 4 GiB of addressable space: it covers the largest
// static offset (a u32), so base + zext(index) + offset always lands in reserved space.
constexpr uint64_t kMemoryAddressable = uint64_t(1) << 32;
constexpr uint64_t kMemoryGuard = uint64_t(1) << 32;
constexpr uint64_t kMemoryReservation = kMemoryAddressable + kMemoryGuard;

}  // namespace faaslet::abi
