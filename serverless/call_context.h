#pragma once
// One call's side of the serverless interface: the input the call was given and the output it
// writes, bounded by the function's maximum. Knows nothing of the runtime; a Faaslet gives each
// call a context (or reuses one through setInput/clearOutput).

#include <cstdint>
#include <span>
#include <utility>
#include <vector>

namespace faaslet::serverless {

class CallContext {
public:
    CallContext(std::vector<uint8_t> input, uint64_t maxOutputBytes)
        : input_(std::move(input)), maxOutputBytes_(maxOutputBytes) {}

    std::span<const uint8_t> input() const { return input_; }
    void setInput(std::vector<uint8_t> input) { input_ = std::move(input); }

    std::span<const uint8_t> output() const { return output_; }
    std::vector<uint8_t> takeOutput() { return std::exchange(output_, {}); }
    void clearOutput() { output_.clear(); }
    uint64_t maxOutputBytes() const { return maxOutputBytes_; }

    // Replaces the output, as Faasm's __faasm_write_output does; false (output unchanged) when
    // `bytes` is longer than the maximum.
    bool setOutput(std::span<const uint8_t> bytes) {
        if (bytes.size() > maxOutputBytes_) return false;
        output_.assign(bytes.begin(), bytes.end());
        return true;
    }

private:
    std::vector<uint8_t> input_;
    std::vector<uint8_t> output_;
    uint64_t maxOutputBytes_;
};

}  // namespace faaslet::serverless
