#include "state/state_functions.h"

#include <algorithm>
#include <cstring>
#include <limits>

#include "state/state_key.h"

namespace faaslet::state {

namespace {

using wasi::WasiErrno;

StateError fault(const char* what, uint32_t address, uint64_t length, const wasi::GuestMemory& memory) {
    return {WasiErrno::Fault, std::string(what) + ": the " + std::to_string(length) + " bytes at " +
                                  std::to_string(address) + " are not inside linear memory (" +
                                  std::to_string(memory.size()) + " bytes)"};
}

StateResult<std::span<uint8_t>> guestBytes(const wasi::GuestMemory& memory, const char* what, uint32_t address,
                                           uint64_t length) {
    auto bytes = memory.range(address, length);
    if (!bytes) return fault(what, address, length, memory);
    return *bytes;
}

// [offset, offset + length) must lie inside the value.
StateStatus inValue(const std::string& key, const LocalValue& value, uint64_t offset, uint64_t length) {
    if (offset <= value.size() && length <= value.size() - offset) return {};
    return StateError{WasiErrno::Range, "bytes " + std::to_string(offset) + " to " + std::to_string(offset + length) +
                                            " of \"" + key + "\" pass its end at " + std::to_string(value.size())};
}

// The same before a value is made: a refused range must not leave a new value behind.
StateStatus inSize(const std::string& key, uint64_t totalLen, uint64_t offset, uint64_t length) {
    if (offset <= totalLen && length <= totalLen - offset) return {};
    return StateError{WasiErrno::Range, "bytes " + std::to_string(offset) + " to " + std::to_string(offset + length) +
                                            " of \"" + key + "\" pass its end at " + std::to_string(totalLen)};
}

int32_t clampedCount(uint64_t n) {
    return int32_t(std::min<uint64_t>(n, uint64_t(std::numeric_limits<int32_t>::max())));
}

}  // namespace

StateResult<std::string> guestKey(const StateCall& call, const wasi::GuestMemory& memory, uint32_t keyPointer) {
    if (keyPointer >= memory.size()) return fault("the state key", keyPointer, 1, memory);
    const uint64_t available = std::min<uint64_t>(kMaxKeyLength + 1, memory.size() - keyPointer);
    const auto bytes = *memory.range(keyPointer, available);
    const auto end = std::find(bytes.begin(), bytes.end(), uint8_t(0));
    if (end == bytes.end()) {
        if (available <= kMaxKeyLength) return fault("the state key (no NUL before the end of memory)", keyPointer, available, memory);
        return StateError{WasiErrno::Inval, "the state key at " + std::to_string(keyPointer) + " is longer than " +
                                                std::to_string(kMaxKeyLength) + " bytes"};
    }
    const std::string key(bytes.begin(), end);
    if (auto problem = keyProblem(key)) return StateError{WasiErrno::Inval, "state key \"" + key + "\": " + *problem};
    return scopedKey(call.user(), key);
}

StateResult<int32_t> readState(StateCall& call, const wasi::GuestMemory& memory, uint32_t key, uint32_t buffer,
                               uint32_t bufferLen) {
    auto scoped = guestKey(call, memory, key);
    if (!scoped) return scoped.error();
    auto value = call.tier().find(*scoped);
    if (!value) return value.error();
    if (bufferLen == 0) return clampedCount((*value)->size());
    auto target = guestBytes(memory, "__faasm_read_state buffer", buffer, bufferLen);
    if (!target) return target.error();
    const size_t copied = size_t(std::min<uint64_t>(bufferLen, (*value)->size()));
    std::memmove(target->data(), (*value)->bytes().data(), copied);
    call.tier().counters().copiedOut += copied;
    return int32_t(copied);
}

StateResult<int32_t> readStateOffset(StateCall& call, const wasi::GuestMemory& memory, uint32_t key,
                                     uint32_t totalLen, uint32_t offset, uint32_t buffer, uint32_t bufferLen) {
    auto scoped = guestKey(call, memory, key);
    if (!scoped) return scoped.error();
    auto target = guestBytes(memory, "__faasm_read_state_offset buffer", buffer, bufferLen);
    if (!target) return target.error();
    if (auto fits = inSize(*scoped, totalLen, offset, bufferLen); !fits) return fits.error();
    auto value = call.tier().findOrCreate(*scoped, totalLen);
    if (!value) return value.error();
    if (auto inside = inValue(*scoped, **value, offset, bufferLen); !inside) return inside.error();
    std::memmove(target->data(), (*value)->bytes().data() + offset, bufferLen);
    call.tier().counters().copiedOut += bufferLen;
    return int32_t(bufferLen);
}

StateResult<int32_t> writeState(StateCall& call, const wasi::GuestMemory& memory, uint32_t key, uint32_t data,
                                uint32_t dataLen) {
    auto scoped = guestKey(call, memory, key);
    if (!scoped) return scoped.error();
    auto source = guestBytes(memory, "__faasm_write_state data", data, dataLen);
    if (!source) return source.error();
    // The whole value is replaced, so nothing of the global tier's copy is needed first.
    auto value = call.tier().findOrCreate(*scoped, dataLen, false);
    if (!value) return value.error();
    std::memmove((*value)->bytes().data(), source->data(), dataLen);
    (*value)->markAllDirty();
    call.tier().counters().copiedIn += dataLen;
    return 0;
}

StateResult<int32_t> writeStateOffset(StateCall& call, const wasi::GuestMemory& memory, uint32_t key,
                                      uint32_t totalLen, uint32_t offset, uint32_t data, uint32_t dataLen) {
    auto scoped = guestKey(call, memory, key);
    if (!scoped) return scoped.error();
    auto source = guestBytes(memory, "__faasm_write_state_offset data", data, dataLen);
    if (!source) return source.error();
    if (auto fits = inSize(*scoped, totalLen, offset, dataLen); !fits) return fits.error();
    auto value = call.tier().findOrCreate(*scoped, totalLen);
    if (!value) return value.error();
    if (auto inside = inValue(*scoped, **value, offset, dataLen); !inside) return inside.error();
    std::memmove((*value)->bytes().data() + offset, source->data(), dataLen);
    (*value)->markDirty(offset, dataLen);
    call.tier().counters().copiedIn += dataLen;
    return 0;
}

StateResult<int32_t> stateSize(StateCall& call, const wasi::GuestMemory& memory, uint32_t key) {
    auto scoped = guestKey(call, memory, key);
    if (!scoped) return scoped.error();
    auto value = call.tier().find(*scoped);
    if (!value) return value.error();
    return clampedCount((*value)->size());
}

StateResult<int32_t> flagStateDirty(StateCall& call, const wasi::GuestMemory& memory, uint32_t key,
                                    uint32_t totalLen, uint32_t offset, uint32_t length) {
    auto scoped = guestKey(call, memory, key);
    if (!scoped) return scoped.error();
    if (auto fits = inSize(*scoped, totalLen, offset, length); !fits) return fits.error();
    auto value = call.tier().findOrCreate(*scoped, totalLen);
    if (!value) return value.error();
    if (auto inside = inValue(*scoped, **value, offset, length); !inside) return inside.error();
    (*value)->markDirty(offset, length);
    return 0;
}

StateResult<int32_t> pushState(StateCall& call, const wasi::GuestMemory& memory, uint32_t key) {
    auto scoped = guestKey(call, memory, key);
    if (!scoped) return scoped.error();
    auto value = call.tier().find(*scoped);
    if (!value) return value.error();
    if (auto pushed = call.tier().push(*scoped, **value); !pushed) return pushed.error();
    return 0;
}

StateResult<int32_t> pushStatePartial(StateCall& call, const wasi::GuestMemory& memory, uint32_t key) {
    auto scoped = guestKey(call, memory, key);
    if (!scoped) return scoped.error();
    auto value = call.tier().find(*scoped);
    if (!value) return value.error();
    auto pushed = call.tier().pushDirty(*scoped, **value);
    if (!pushed) return pushed.error();
    return clampedCount(*pushed);
}

StateResult<int32_t> pullState(StateCall& call, const wasi::GuestMemory& memory, uint32_t key, uint32_t totalLen) {
    auto scoped = guestKey(call, memory, key);
    if (!scoped) return scoped.error();
    if (totalLen == 0 || totalLen > LocalValue::kMaxSize)
        return StateError{WasiErrno::Inval, "__faasm_pull_state of \"" + *scoped + "\" with a size of " +
                                                std::to_string(totalLen) + " bytes"};
    // Nothing is made here unless the global tier holds a value of that size.
    auto stored = call.tier().global().size(*scoped);
    if (!stored) return fromTier(stored.error());
    if (*stored != totalLen)
        return StateError{WasiErrno::Inval, "the state value \"" + *scoped + "\" in the global tier has " +
                                                std::to_string(*stored) + " bytes, not the " + std::to_string(totalLen) +
                                                " asked for"};
    auto value = call.tier().findOrCreate(*scoped, totalLen, false);
    if (!value) return value.error();
    if (auto pulled = call.tier().pull(*scoped, **value); !pulled) return pulled.error();
    return 0;
}

StateResult<int32_t> appendState(StateCall& call, const wasi::GuestMemory& memory, uint32_t key, uint32_t data,
                                 uint32_t dataLen) {
    auto scoped = guestKey(call, memory, key);
    if (!scoped) return scoped.error();
    auto source = guestBytes(memory, "__faasm_append_state data", data, dataLen);
    if (!source) return source.error();
    if (auto appended = call.tier().global().append(*scoped, *source); !appended) return fromTier(appended.error());
    call.tier().counters().pushed += dataLen;
    return 0;
}

StateResult<int32_t> readAppendedState(StateCall& call, const wasi::GuestMemory& memory, uint32_t key,
                                       uint32_t buffer, uint32_t bufferLen, uint32_t nElems) {
    auto scoped = guestKey(call, memory, key);
    if (!scoped) return scoped.error();
    auto target = guestBytes(memory, "__faasm_read_appended_state buffer", buffer, bufferLen);
    if (!target) return target.error();
    auto entries = call.tier().global().readAppended(*scoped, nElems);
    if (!entries) return fromTier(entries.error());
    uint64_t total = 0;
    for (const auto& entry : *entries) total += entry.size();
    if (total > bufferLen)
        return StateError{WasiErrno::Range, "the " + std::to_string(entries->size()) + " entries appended to \"" +
                                                *scoped + "\" hold " + std::to_string(total) +
                                                " bytes, more than the buffer's " + std::to_string(bufferLen)};
    uint8_t* out = target->data();
    for (const auto& entry : *entries) out = std::copy(entry.begin(), entry.end(), out);
    call.tier().counters().pulled += total;
    return int32_t(total);
}

StateResult<int32_t> clearAppendedState(StateCall& call, const wasi::GuestMemory& memory, uint32_t key) {
    auto scoped = guestKey(call, memory, key);
    if (!scoped) return scoped.error();
    if (auto cleared = call.tier().global().clearAppended(*scoped); !cleared) return fromTier(cleared.error());
    return 0;
}

StateResult<int32_t> lockState(StateCall& call, const wasi::GuestMemory& memory, uint32_t key, LockKind kind) {
    auto scoped = guestKey(call, memory, key);
    if (!scoped) return scoped.error();
    StateStatus locked =
        kind == LockKind::Global ? call.lockGlobal(*scoped) : call.lockLocal(*scoped, kind == LockKind::LocalWrite);
    if (!locked) return locked.error();
    return 0;
}

StateResult<int32_t> unlockState(StateCall& call, const wasi::GuestMemory& memory, uint32_t key, LockKind kind) {
    auto scoped = guestKey(call, memory, key);
    if (!scoped) return scoped.error();
    StateStatus unlocked = kind == LockKind::Global ? call.unlockGlobal(*scoped)
                                                    : call.unlockLocal(*scoped, kind == LockKind::LocalWrite);
    if (!unlocked) return unlocked.error();
    return 0;
}

StateResult<int32_t> readStatePtr(StateCall& call, const wasi::GuestMemory& memory, MemoryMapper& mapper,
                                  uint32_t key, uint32_t totalLen, uint32_t offset, uint32_t length) {
    auto scoped = guestKey(call, memory, key);
    if (!scoped) return scoped.error();
    if (!call.mayMap())
        return StateError{WasiErrno::NotSup, "\"" + *scoped + "\" cannot be mapped during the initialisation: "
                                             "its memory becomes the image every Faaslet copies"};
    if (length == 0) return StateError{WasiErrno::Inval, "a mapping of no bytes of \"" + *scoped + "\""};
    if (auto fits = inSize(*scoped, totalLen, offset, length); !fits) return fits.error();
    auto value = call.tier().findOrCreate(*scoped, totalLen);
    if (!value) return value.error();
    if (auto inside = inValue(*scoped, **value, offset, length); !inside) return inside.error();
    if (auto address = call.mappedAddress(**value, offset, length)) return int32_t(*address);
    // Whole WebAssembly pages of the region: the first one holding `offset` to the one holding
    // its last byte (the region is whole pages long, so the last never passes the file's end).
    const uint64_t first = offset / LocalValue::kMapUnit * LocalValue::kMapUnit;
    const uint64_t end = (uint64_t(offset) + length + LocalValue::kMapUnit - 1) / LocalValue::kMapUnit *
                         LocalValue::kMapUnit;
    auto mapped = mapper.mapShared((*value)->fd(), first, end - first);
    if (!mapped) return StateError{WasiErrno::NoMem, "mapping \"" + *scoped + "\": " + mapped.error()};
    call.addMapping(*value, first, end - first, *mapped);
    return int32_t(*mapped + (offset - first));
}

}  // namespace faaslet::state
