#include "state/function_table.h"

#include <array>

#include "state/state_functions.h"

namespace faaslet::state {

namespace {

using wasm::ValType;
using Args = std::span<const abi::Value>;
using Memory = const wasi::GuestMemory&;

constexpr ValType I = ValType::I32;
constexpr std::array<ValType, 1> k1 = {I};
constexpr std::array<ValType, 2> k2 = {I, I};
constexpr std::array<ValType, 3> k3 = {I, I, I};
constexpr std::array<ValType, 4> k4 = {I, I, I, I};
constexpr std::array<ValType, 5> k5 = {I, I, I, I, I};

// The arguments arrive as many as the type says (the binding checks the importer's type).
uint32_t a(Args args, size_t i) {
    return args[i].i32;
}

template <LockKind kind>
StateResult<int32_t> lockOf(StateCall& c, Memory m, MemoryMapper&, Args x) {
    return lockState(c, m, a(x, 0), kind);
}
template <LockKind kind>
StateResult<int32_t> unlockOf(StateCall& c, Memory m, MemoryMapper&, Args x) {
    return unlockState(c, m, a(x, 0), kind);
}

const std::array<StateFunction, 21> kFunctions = {{
    {"__faasm_read_state", k3, false,
     [](StateCall& c, Memory m, MemoryMapper&, Args x) { return readState(c, m, a(x, 0), a(x, 1), a(x, 2)); }},
    {"__faasm_read_state_offset", k5, false,
     [](StateCall& c, Memory m, MemoryMapper&, Args x) {
         return readStateOffset(c, m, a(x, 0), a(x, 1), a(x, 2), a(x, 3), a(x, 4));
     }},
    {"__faasm_write_state", k3, false,
     [](StateCall& c, Memory m, MemoryMapper&, Args x) { return writeState(c, m, a(x, 0), a(x, 1), a(x, 2)); }},
    {"__faasm_write_state_offset", k5, false,
     [](StateCall& c, Memory m, MemoryMapper&, Args x) {
         return writeStateOffset(c, m, a(x, 0), a(x, 1), a(x, 2), a(x, 3), a(x, 4));
     }},
    {"__faasm_read_state_size", k1, false,
     [](StateCall& c, Memory m, MemoryMapper&, Args x) { return stateSize(c, m, a(x, 0)); }},
    {"__faasm_read_state_ptr", k2, true,
     [](StateCall& c, Memory m, MemoryMapper& p, Args x) { return readStatePtr(c, m, p, a(x, 0), a(x, 1), 0, a(x, 1)); }},
    {"__faasm_read_state_offset_ptr", k4, true,
     [](StateCall& c, Memory m, MemoryMapper& p, Args x) {
         return readStatePtr(c, m, p, a(x, 0), a(x, 1), a(x, 2), a(x, 3));
     }},
    {"__faasm_flag_state_dirty", k2, false,
     [](StateCall& c, Memory m, MemoryMapper&, Args x) { return flagStateDirty(c, m, a(x, 0), a(x, 1), 0, a(x, 1)); }},
    {"__faasm_flag_state_offset_dirty", k4, false,
     [](StateCall& c, Memory m, MemoryMapper&, Args x) {
         return flagStateDirty(c, m, a(x, 0), a(x, 1), a(x, 2), a(x, 3));
     }},
    {"__faasm_push_state", k1, false,
     [](StateCall& c, Memory m, MemoryMapper&, Args x) { return pushState(c, m, a(x, 0)); }},
    {"__faasm_push_state_partial", k1, false,
     [](StateCall& c, Memory m, MemoryMapper&, Args x) { return pushStatePartial(c, m, a(x, 0)); }},
    {"__faasm_pull_state", k2, false,
     [](StateCall& c, Memory m, MemoryMapper&, Args x) { return pullState(c, m, a(x, 0), a(x, 1)); }},
    {"__faasm_append_state", k3, false,
     [](StateCall& c, Memory m, MemoryMapper&, Args x) { return appendState(c, m, a(x, 0), a(x, 1), a(x, 2)); }},
    {"__faasm_read_appended_state", k4, false,
     [](StateCall& c, Memory m, MemoryMapper&, Args x) {
         return readAppendedState(c, m, a(x, 0), a(x, 1), a(x, 2), a(x, 3));
     }},
    {"__faasm_clear_appended_state", k1, false,
     [](StateCall& c, Memory m, MemoryMapper&, Args x) { return clearAppendedState(c, m, a(x, 0)); }},
    {"__faasm_lock_state_read", k1, false, lockOf<LockKind::LocalRead>},
    {"__faasm_unlock_state_read", k1, false, unlockOf<LockKind::LocalRead>},
    {"__faasm_lock_state_write", k1, false, lockOf<LockKind::LocalWrite>},
    {"__faasm_unlock_state_write", k1, false, unlockOf<LockKind::LocalWrite>},
    {"__faasm_lock_state_global", k1, false, lockOf<LockKind::Global>},
    {"__faasm_unlock_state_global", k1, false, unlockOf<LockKind::Global>},
}};

}  // namespace

std::span<const StateFunction> stateFunctions() {
    return kFunctions;
}

const StateFunction* findStateFunction(std::string_view name) {
    for (const StateFunction& f : kFunctions)
        if (f.name == name) return &f;
    return nullptr;
}

}  // namespace faaslet::state
