#include "serverless/chain_functions.h"

#include <algorithm>
#include <cstring>

#include "serverless/payload_buffers.h"
#include "serverless/payload_copies.h"
#include "serverless/prefault.h"

namespace faaslet::serverless {

namespace {

// A NUL-terminated name of at most kMaxChainNameBytes, as Faasm's C declarations pass it.
std::optional<std::string> readName(const wasi::GuestMemory& memory, uint32_t address, int32_t& failure) {
    const uint64_t available = memory.size() > address ? memory.size() - address : 0;
    auto bytes = memory.range(address, std::min<uint64_t>(available, kMaxChainNameBytes + 1));
    if (!bytes || bytes->empty()) {
        failure = code(ChainCode::Fault);
        return std::nullopt;
    }
    const void* end = std::memchr(bytes->data(), 0, bytes->size());
    if (!end || end == bytes->data()) {
        // No terminator within the bound (or within memory), or an empty name.
        failure = code(end || bytes->size() > kMaxChainNameBytes ? ChainCode::BadEntry : ChainCode::Fault);
        return std::nullopt;
    }
    return std::string(reinterpret_cast<const char*>(bytes->data()),
                       static_cast<const uint8_t*>(end) - bytes->data());
}

// The one copy of an input out of the caller's memory, into a kept buffer where one fits.
std::optional<std::string> readInput(const wasi::GuestMemory& memory, uint32_t input, uint32_t inputLen) {
    auto bytes = memory.range(input, inputLen);
    if (!bytes) return std::nullopt;
    std::string copy = payloadBuffers().take(bytes->size());
    copy.assign(reinterpret_cast<const char*>(bytes->data()), bytes->size());
    countPayloadCopy(copy.size());
    return copy;
}

int32_t chainTo(CallContext& call, const wasi::GuestMemory& memory, ChainTarget target, uint32_t input,
                uint32_t inputLen) {
    if (!call.chainer()) return code(ChainCode::NotOffered);
    if (!memory.contains(input, inputLen)) return code(ChainCode::Fault);
    return call.chainer()->chain({std::move(target), *readInput(memory, input, inputLen)});
}

int32_t chainNamed(CallContext& call, const wasi::GuestMemory& memory, ChainTarget::Kind kind, uint32_t name,
                   uint32_t input, uint32_t inputLen) {
    int32_t failure = 0;
    auto text = readName(memory, name, failure);
    if (!text) return failure;
    return chainTo(call, memory, {kind, std::move(*text), 0}, input, inputLen);
}

// An output is a payload (its copy counted); an error message is not.
int32_t copyOut(const wasi::GuestMemory& memory, const Chainer::Finished& finished, uint32_t buffer,
                uint32_t bufferLen, bool payload) {
    if (finished.code) return finished.code;
    if (finished.bytes.size() > uint64_t(INT32_MAX)) return -int32_t(61);  // EOVERFLOW
    if (bufferLen == 0) return int32_t(finished.bytes.size());
    if (!memory.contains(buffer, bufferLen)) return code(ChainCode::Fault);
    const size_t n = std::min<size_t>(bufferLen, finished.bytes.size());
    prefaultForWrite(*memory.range(buffer, n));
    memory.writeBytes(buffer, finished.bytes.substr(0, n));
    if (payload) countPayloadCopy(n);
    return int32_t(n);
}

}  // namespace

int32_t chainName(CallContext& call, const wasi::GuestMemory& memory, uint32_t name, uint32_t input,
                  uint32_t inputLen) {
    return chainNamed(call, memory, ChainTarget::Kind::Function, name, input, inputLen);
}

int32_t chainExport(CallContext& call, const wasi::GuestMemory& memory, uint32_t exportName, uint32_t input,
                    uint32_t inputLen) {
    return chainNamed(call, memory, ChainTarget::Kind::Export, exportName, input, inputLen);
}

int32_t chainTableSlot(CallContext& call, const wasi::GuestMemory& memory, uint32_t tableIndex, uint32_t input,
                       uint32_t inputLen) {
    return chainTo(call, memory, {ChainTarget::Kind::TableSlot, {}, tableIndex}, input, inputLen);
}

int32_t chainBatch(CallContext& call, const wasi::GuestMemory& memory, uint32_t requests, int32_t count,
                   uint32_t ids) {
    if (!call.chainer()) return code(ChainCode::NotOffered);
    if (count < 0) return code(ChainCode::BadEntry);
    if (!memory.contains(requests, uint64_t(count) * kBatchRequestBytes) || !memory.contains(ids, uint64_t(count) * 4))
        return code(ChainCode::Fault);
    // Every request is read and checked before any is chained, so a bad one chains nothing.
    std::vector<ChainRequest> batch;
    batch.reserve(size_t(count));
    for (int32_t i = 0; i < count; ++i) {
        const uint64_t at = requests + uint64_t(i) * kBatchRequestBytes;
        const uint32_t name = *memory.read<uint32_t>(at);
        const uint32_t input = *memory.read<uint32_t>(at + 4);
        const uint32_t inputLen = *memory.read<uint32_t>(at + 8);
        int32_t failure = 0;
        auto text = readName(memory, name, failure);
        if (!text) return failure;
        if (!memory.contains(input, inputLen)) return code(ChainCode::Fault);
        batch.push_back({{ChainTarget::Kind::Function, std::move(*text), 0}, *readInput(memory, input, inputLen)});
    }
    Chainer::BatchOutcome chained = call.chainer()->chainBatch(std::move(batch));
    if (chained.code) return chained.code;
    for (size_t i = 0; i < chained.ids.size(); ++i) memory.write<uint32_t>(ids + i * 4, uint32_t(chained.ids[i]));
    return count;
}

AwaitOutcome awaitCall(CallContext& call, int32_t id, int32_t timeoutMs) {
    if (!call.chainer()) return {code(ChainCode::NotOffered), false};
    std::optional<std::chrono::milliseconds> timeout;
    if (timeoutMs >= 0) timeout = std::chrono::milliseconds(timeoutMs);
    return call.chainer()->await(id, timeout);
}

AwaitOutcome awaitCallOutput(CallContext& call, const wasi::GuestMemory& memory, int32_t id, uint32_t buffer,
                             uint32_t bufferLen) {
    if (!memory.contains(buffer, bufferLen)) return {code(ChainCode::Fault), false};
    AwaitOutcome outcome = awaitCall(call, id, -1);
    if (outcome.interrupted || outcome.code == code(ChainCode::NotYours) ||
        outcome.code == code(ChainCode::AlreadyAwaited) || outcome.code == code(ChainCode::NotOffered))
        return outcome;
    if (bufferLen > 0) copyOut(memory, call.chainer()->output(id), buffer, bufferLen, true);
    return outcome;
}

int32_t callOutput(const CallContext& call, const wasi::GuestMemory& memory, int32_t id, uint32_t buffer,
                   uint32_t bufferLen) {
    if (!call.chainer()) return code(ChainCode::NotOffered);
    return copyOut(memory, call.chainer()->output(id), buffer, bufferLen, true);
}

int32_t callError(const CallContext& call, const wasi::GuestMemory& memory, int32_t id, uint32_t buffer,
                  uint32_t bufferLen) {
    if (!call.chainer()) return code(ChainCode::NotOffered);
    return copyOut(memory, call.chainer()->error(id), buffer, bufferLen, false);
}

int32_t releaseCall(CallContext& call, int32_t id) {
    if (!call.chainer()) return code(ChainCode::NotOffered);
    return call.chainer()->release(id);
}

}  // namespace faaslet::serverless
