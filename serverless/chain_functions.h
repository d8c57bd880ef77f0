#pragma once
// Chained calls as the guest reaches them, the serverless API's second part. Faasm's functions
// (faasm/cpp, libfaasm/faasm/host_interface.h), imported from "env" like the first part:
//
//   unsigned int __faasm_chain_name(const char* name, const unsigned char* input, long inputLen);
//   unsigned int __faasm_chain_ptr(int (*funcPtr)(), const unsigned char* input, long inputLen);
//   int __faasm_await_call(unsigned int id);
//   int __faasm_await_call_output(unsigned int id, char* buffer, long bufferLen);
//
// and faaslet's extensions where Faasm has none, under names of their own:
//
//   int __faaslet_chain_export(const char* exportName, const unsigned char* input, long inputLen);
//   int __faaslet_chain_batch(const faaslet_chain_request* requests, int count, unsigned int* ids);
//   int __faaslet_await_call_timeout(unsigned int id, int timeoutMs);
//   long __faaslet_call_output(unsigned int id, char* buffer, long bufferLen);
//   long __faaslet_call_error(unsigned int id, char* buffer, long bufferLen);
//   int __faaslet_call_release(unsigned int id);
//
// Chain functions return a call id (1 to 2^31 - 1) or a negative ChainCode (chaining.h); awaits
// the callee's return code or a ChainCode. Every guest range is checked before a byte is touched;
// an input is copied once out of the caller's memory, an output once into it.

#include <cstdint>

#include "serverless/call_context.h"
#include "serverless/chaining.h"
#include "wasi/guest_memory.h"

namespace faaslet::serverless {

// The longest function or export name a chain function reads (its NUL not counted).
constexpr uint32_t kMaxChainNameBytes = 255;
// A batch request in guest memory: three little-endian u32 (name, input, inputLen).
constexpr uint32_t kBatchRequestBytes = 12;

int32_t chainName(CallContext& call, const wasi::GuestMemory& memory, uint32_t name, uint32_t input,
                  uint32_t inputLen);
int32_t chainExport(CallContext& call, const wasi::GuestMemory& memory, uint32_t exportName, uint32_t input,
                    uint32_t inputLen);
int32_t chainTableSlot(CallContext& call, const wasi::GuestMemory& memory, uint32_t tableIndex, uint32_t input,
                       uint32_t inputLen);
// The number of calls chained (all of them, their ids written to `ids`), or a ChainCode (none).
int32_t chainBatch(CallContext& call, const wasi::GuestMemory& memory, uint32_t requests, int32_t count,
                   uint32_t ids);

// timeoutMs < 0: wait as long as it takes.
AwaitOutcome awaitCall(CallContext& call, int32_t id, int32_t timeoutMs);
// Awaits, then copies min(bufferLen, output size) bytes of the output to `buffer`.
AwaitOutcome awaitCallOutput(CallContext& call, const wasi::GuestMemory& memory, int32_t id, uint32_t buffer,
                             uint32_t bufferLen);
// bufferLen 0: the size in bytes; else copies min(bufferLen, size) bytes and returns how many.
int32_t callOutput(const CallContext& call, const wasi::GuestMemory& memory, int32_t id, uint32_t buffer,
                   uint32_t bufferLen);
int32_t callError(const CallContext& call, const wasi::GuestMemory& memory, int32_t id, uint32_t buffer,
                  uint32_t bufferLen);
// The id is forgotten (its result freed): 0, or a ChainCode.
int32_t releaseCall(CallContext& call, int32_t id);

}  // namespace faaslet::serverless
