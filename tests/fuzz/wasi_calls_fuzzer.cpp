// libFuzzer entry point for WASI: a sequence of preview1 calls with arbitrary arguments over a
// 64 KiB guest memory (whose bytes the input also sets) and one preopened scratch directory.
// Every call must answer with an errno (or proc_exit's exit), never crash, leak, touch memory
// outside the guest's, or reach outside the preopen.
//
// Input: 4 KiB of initial guest memory (paths, iovecs and structs the calls point at), then per
// call one byte choosing the function and 8 bytes per parameter. Calls that would wait
// (poll_oneoff, sched_yield, reads of a blocking descriptor) are kept short: clocks are bounded
// to 1 ms and stdin is captured.

#include <sys/stat.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <string>
#include <vector>

#include "wasi/context.h"
#include "wasi/function_table.h"

namespace {

using namespace faaslet;
using wasi::WasiContext;

constexpr size_t kMemory = 64 * 1024;
constexpr size_t kInitialBytes = 4096;

const std::filesystem::path& scratchRoot() {
    static const std::filesystem::path root = [] {
        std::string pattern = (std::filesystem::temp_directory_path() / "faaslet-fuzz-wasi-XXXXXX").string();
        if (!::mkdtemp(pattern.data())) std::abort();
        return std::filesystem::path(pattern);
    }();
    return root;
}

// poll_oneoff's clock subscriptions: a timeout field far in the future would make one input take
// forever, which libFuzzer would report as a hang of the fuzzer's making.
bool waitsTooLong(std::string_view name) {
    return name == "poll_oneoff";
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::filesystem::path sandbox = scratchRoot() / "sandbox";
    std::error_code ignored;
    std::filesystem::remove_all(sandbox, ignored);
    std::filesystem::create_directories(sandbox / "sub");

    wasi::WasiConfig config;
    config.args = {"fuzz"};
    config.stdio = wasi::StdioMode::Capture;
    config.stdinData = "input";
    config.captureLimit = 1 << 16;
    config.maxDescriptors = 64;
    WasiContext context(config);
    if (!context.addPreopen({sandbox.string(), "/", wasi::PreopenAccess::ReadWrite})) std::abort();

    std::vector<uint8_t> bytes(kMemory, 0);
    const size_t initial = std::min(size, kInitialBytes);
    std::memcpy(bytes.data(), data, initial);
    const wasi::GuestMemory memory(bytes);

    const auto functions = wasi::wasiFunctions();
    size_t at = initial;
    for (int calls = 0; at < size && calls < 64; ++calls) {
        const wasi::WasiFunction& f = functions[data[at++] % functions.size()];
        std::vector<abi::Value> args(f.params.size());
        std::memset(args.data(), 0, args.size() * sizeof(abi::Value));
        for (abi::Value& arg : args) {
            uint64_t raw = 0;
            const size_t n = std::min<size_t>(8, size - std::min(size, at));
            std::memcpy(&raw, data + at, n);
            at += n;
            // Small values are what reach the interesting paths (descriptors, lengths, flags):
            // most arguments are folded into a small range, one in four kept whole.
            arg.i64 = (raw & 3) == 0 ? raw >> 2 : (raw >> 2) % 256;
        }
        if (waitsTooLong(f.name)) continue;
        const wasi::WasiOutcome outcome = f.call(context, memory, args);
        if (std::holds_alternative<wasi::WasiExit>(outcome)) break;
    }
    return 0;
}
