#include "serverless/io_functions.h"

#include <algorithm>
#include <limits>

#include "fmt/format.h"
#include "serverless/payload_copies.h"
#include "serverless/prefault.h"
#include "wasi/errors.h"

namespace faaslet::serverless {

namespace {

int32_t negated(wasi::WasiErrno error) {
    return -int32_t(error);
}

}  // namespace

int32_t readInput(const CallContext& call, const wasi::GuestMemory& memory, uint32_t buffer, uint32_t bufferLen) {
    const auto input = call.input();
    if (input.size() > uint64_t(std::numeric_limits<int32_t>::max())) return negated(wasi::WasiErrno::Overflow);
    if (bufferLen == 0) return int32_t(input.size());
    auto target = memory.range(buffer, bufferLen);
    if (!target) return negated(wasi::WasiErrno::Fault);
    const size_t copied = std::min<size_t>(bufferLen, input.size());
    prefaultForWrite(target->first(copied));
    std::copy_n(input.begin(), copied, target->begin());
    countPayloadCopy(copied);
    return int32_t(copied);
}

std::optional<std::string> writeOutput(CallContext& call, const wasi::GuestMemory& memory, uint32_t buffer,
                                       uint32_t length) {
    auto source = memory.range(buffer, length);
    if (!source)
        return fmt::format("__faasm_write_output: the {} bytes at {:#x} are not inside linear memory ({} bytes)",
                           length, buffer, memory.size());
    if (!call.setOutput(*source))
        return fmt::format("__faasm_write_output: {} bytes of output, more than the function's bound of {} bytes",
                           length, call.maxOutputBytes());
    countPayloadCopy(length);
    return std::nullopt;
}

}  // namespace faaslet::serverless
