#pragma once
// The state API as the guest calls it (Faasm's __faasm_*_state functions, function_table.h lists
// them): plain functions over the Faaslet's StateCall and a checked view of guest memory. Every
// key, pointer, length, size and offset is checked before a byte moves; a refusal is a
// StateError (errno and message), never a partial effect.
//
// Keys are NUL-terminated strings in guest memory (at most kMaxKeyLength bytes) and are scoped by
// the call's user. `totalLen` is the size the guest expects the value to have: a value is made
// with it when it does not exist yet, and a value of another size is refused (EINVAL).

#include <cstdint>
#include <string>

#include "state/state_call.h"
#include "wasi/guest_memory.h"

namespace faaslet::state {

// The scoped key at `keyPointer`: EFAULT outside memory, EINVAL for a bad key.
StateResult<std::string> guestKey(const StateCall& call, const wasi::GuestMemory& memory, uint32_t keyPointer);

// bufferLen 0: the value's size. Otherwise copies min(bufferLen, size) bytes; how many.
StateResult<int32_t> readState(StateCall& call, const wasi::GuestMemory& memory, uint32_t key, uint32_t buffer,
                               uint32_t bufferLen);
// Copies [offset, offset + bufferLen) of the value; ERANGE past its end. Returns bufferLen.
StateResult<int32_t> readStateOffset(StateCall& call, const wasi::GuestMemory& memory, uint32_t key,
                                     uint32_t totalLen, uint32_t offset, uint32_t buffer, uint32_t bufferLen);
// Replaces the whole value with dataLen bytes (makes it when there is none; EINVAL for another
// size than it has); the written chunks become dirty.
StateResult<int32_t> writeState(StateCall& call, const wasi::GuestMemory& memory, uint32_t key, uint32_t data,
                                uint32_t dataLen);
StateResult<int32_t> writeStateOffset(StateCall& call, const wasi::GuestMemory& memory, uint32_t key,
                                      uint32_t totalLen, uint32_t offset, uint32_t data, uint32_t dataLen);
// The value's size (this host's, else the global tier's); ENOENT when there is none.
StateResult<int32_t> stateSize(StateCall& call, const wasi::GuestMemory& memory, uint32_t key);

// Marks [offset, offset + length) as written (stores through a mapped pointer are not seen).
StateResult<int32_t> flagStateDirty(StateCall& call, const wasi::GuestMemory& memory, uint32_t key,
                                    uint32_t totalLen, uint32_t offset, uint32_t length);
StateResult<int32_t> pushState(StateCall& call, const wasi::GuestMemory& memory, uint32_t key);
// Pushes only the dirty chunks; returns how many bytes went (capped at INT32_MAX).
StateResult<int32_t> pushStatePartial(StateCall& call, const wasi::GuestMemory& memory, uint32_t key);
StateResult<int32_t> pullState(StateCall& call, const wasi::GuestMemory& memory, uint32_t key, uint32_t totalLen);

StateResult<int32_t> appendState(StateCall& call, const wasi::GuestMemory& memory, uint32_t key, uint32_t data,
                                 uint32_t dataLen);
// Copies the first nElems appended entries, one after another, into the buffer; ERANGE when they
// do not fit. Returns the bytes copied.
StateResult<int32_t> readAppendedState(StateCall& call, const wasi::GuestMemory& memory, uint32_t key,
                                       uint32_t buffer, uint32_t bufferLen, uint32_t nElems);
StateResult<int32_t> clearAppendedState(StateCall& call, const wasi::GuestMemory& memory, uint32_t key);

enum class LockKind : uint8_t { LocalRead, LocalWrite, Global };
StateResult<int32_t> lockState(StateCall& call, const wasi::GuestMemory& memory, uint32_t key, LockKind kind);
StateResult<int32_t> unlockState(StateCall& call, const wasi::GuestMemory& memory, uint32_t key, LockKind kind);

// Maps the pages holding [offset, offset + length) of the value into the guest's memory and
// returns the guest address of `offset` there. The same range again in one call returns the same
// address. ENOTSUP during a Proto-Faaslet's initialisation, ENOMEM past the memory limit.
StateResult<int32_t> readStatePtr(StateCall& call, const wasi::GuestMemory& memory, MemoryMapper& mapper,
                                  uint32_t key, uint32_t totalLen, uint32_t offset, uint32_t length);

}  // namespace faaslet::state
