#pragma once
// One call's side of the serverless interface: the input the call was given, the output it
// writes (bounded by the function's maximum) and, where the host offers it, the Chainer its chained
// calls go through. Knows nothing of the runtime; a Faaslet gives each call a context (or reuses
// one through viewInput/clearOutput).

#include <cstdint>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "serverless/payload_buffers.h"

namespace faaslet::serverless {

class Chainer;

class CallContext {
public:
    CallContext(std::vector<uint8_t> input, uint64_t maxOutputBytes)
        : owned_(std::move(input)), input_(owned_), maxOutputBytes_(maxOutputBytes) {}
    CallContext(const CallContext&) = delete;
    CallContext& operator=(const CallContext&) = delete;

    std::span<const uint8_t> input() const { return input_; }
    // The context keeps these bytes.
    void setInput(std::vector<uint8_t> input) {
        owned_ = std::move(input);
        input_ = owned_;
    }
    // The context only views these bytes, which the caller keeps until the next viewInput or
    // setInput: a Faaslet's one copy of a call's input serves WASI stdin and this API alike.
    void viewInput(std::span<const uint8_t> input) {
        owned_.clear();
        input_ = input;
    }

    std::span<const uint8_t> output() const {
        return {reinterpret_cast<const uint8_t*>(output_.data()), output_.size()};
    }
    // Moved out, not copied: a call's result takes the bytes the guest wrote.
    std::string takeOutput() { return std::exchange(output_, {}); }
    void clearOutput() { output_.clear(); }
    uint64_t maxOutputBytes() const { return maxOutputBytes_; }

    // Replaces the output, as Faasm's __faasm_write_output does; false (output unchanged) when
    // `bytes` is longer than the maximum.
    bool setOutput(std::span<const uint8_t> bytes) {
        if (bytes.size() > maxOutputBytes_) return false;
        if (output_.capacity() < bytes.size()) output_ = payloadBuffers().take(bytes.size());
        output_.assign(reinterpret_cast<const char*>(bytes.data()), bytes.size());
        return true;
    }

    // Null where chaining is not offered (a Proto-Faaslet's initialisation, a bare instance).
    Chainer* chainer() const { return chainer_; }
    void setChainer(Chainer* chainer) { chainer_ = chainer; }

private:
    std::vector<uint8_t> owned_;
    std::span<const uint8_t> input_;
    std::string output_;
    uint64_t maxOutputBytes_;
    Chainer* chainer_ = nullptr;
};

}  // namespace faaslet::serverless
