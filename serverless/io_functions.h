#pragma once
// The call's input and output as the guest reaches them: Faasm's host interface, imported from
// module "env" (Faasm declares them without an import module, so clang imports them from "env"):
//
//   long __faasm_read_input(unsigned char* buffer, long bufferLen);   (i32, i32) -> i32
//   void __faasm_write_output(const char* output, long outputLen);    (i32, i32) -> ()
//
// Every guest range is checked through wasi::GuestMemory before a byte is touched. A call that
// can answer with an error does so as WASI would (a negative errno, EFAULT for a bad pointer); one
// that returns nothing stops the call with a trap whose message says what was wrong.

#include <cstdint>
#include <optional>
#include <string>

#include "serverless/call_context.h"
#include "wasi/guest_memory.h"

namespace faaslet::serverless {

// With bufferLen 0: the input's size in bytes. Otherwise copies the first min(bufferLen, size)
// bytes of the input to `buffer` and returns how many it copied. -EFAULT (-21) when
// [buffer, buffer + bufferLen) is not inside linear memory; -EOVERFLOW (-61) for a size an i32
// cannot hold.
int32_t readInput(const CallContext& call, const wasi::GuestMemory& memory, uint32_t buffer, uint32_t bufferLen);

// Replaces the call's output with the `length` bytes at `buffer` (any bytes: NULs included).
// The trap message when the range is not inside linear memory or `length` is more than the
// call's maximum output; nullopt when written.
std::optional<std::string> writeOutput(CallContext& call, const wasi::GuestMemory& memory, uint32_t buffer,
                                       uint32_t length);

}  // namespace faaslet::serverless
