#pragma once
// A function's settings: what the runtime needs to run its calls, with defaults that suit a small
// function. Parsed from the command line (or an HTTP request) as text, checked by validate(), and
// stored beside the module as JSON (settings_json.h).

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "functions/error.h"

namespace faaslet::functions {

// A host directory the guest sees under `guestPath`.
struct Preopen {
    std::string hostPath;   // absolute (made so when parsed, since calls run elsewhere)
    std::string guestPath;
    bool writable = false;  // read-only unless asked: a function should not change its inputs

    bool operator==(const Preopen&) const = default;
};

inline constexpr uint64_t kWasmPageBytes = 65536;

struct Settings {
    // An export called once after instantiation, before the snapshot (like Faasm's zygote); empty:
    // none.
    std::string initExport;
    // Per call. A minute covers real work; a guest stuck in a loop frees its Faaslet after it.
    std::chrono::milliseconds timeout{60'000};
    // Linear memory a call may grow to: memory.grow fails past it, and a module whose initial
    // memory is larger is refused when added. A multiple of the 64 KiB page. 256 MiB keeps a pool
    // of Faaslets within a small machine's memory.
    uint64_t maxMemoryBytes = uint64_t(256) << 20;
    // Faaslets of this function alive at once (each runs one call). 8: more than the cores of a
    // small host, so a blocked call does not stall the function.
    uint32_t maxFaaslets = 8;
    // The guest's environment, in order; names unique.
    std::vector<std::pair<std::string, std::string>> environment;
    std::vector<Preopen> preopens;
    // cgroup v2 cpu.weight of the function's Faaslets (1-10000; the kernel's default is 100).
    uint32_t cpuWeight = 100;
    // Bytes of output a call may write (the serverless API) and of stdout/stderr captured each.
    uint64_t maxOutputBytes = uint64_t(16) << 20;

    bool operator==(const Settings&) const = default;
};

// The ranges validate() enforces, for messages and the README.
inline constexpr std::chrono::milliseconds kMinTimeout{1};
inline constexpr std::chrono::milliseconds kMaxTimeout{24 * 3600 * 1000};
inline constexpr uint64_t kMaxMemoryBytes = uint64_t(65536) * kWasmPageBytes;  // 4 GiB, all of wasm32
inline constexpr uint32_t kMaxFaasletsLimit = 4096;
inline constexpr uint32_t kMinCpuWeight = 1;
inline constexpr uint32_t kMaxCpuWeight = 10000;
inline constexpr uint64_t kMaxOutputLimit = uint64_t(1) << 30;

// InvalidSettings naming the setting, the value and what is allowed, for the first value out of
// range (settings read back from JSON are checked the same way).
Status validate(const Settings& settings);

// The parsers of the values as users write them. Each error names `setting` (an option such as
// "--timeout") and says what was expected.
// "500ms", "2s", "1m", "1h" (a whole number and a unit).
Result<std::chrono::milliseconds> parseDuration(std::string_view text, std::string_view setting);
// "64M", "1G", "65536": cache/size_limit.h's sizes.
Result<uint64_t> parseByteSize(std::string_view text, std::string_view setting);
// A whole number in [min, max].
Result<uint32_t> parseCount(std::string_view text, std::string_view setting, uint32_t min, uint32_t max);
// "NAME=VALUE", NAME non-empty and without '='.
Result<std::pair<std::string, std::string>> parseEnvironmentEntry(std::string_view text);
// "HOST[::GUEST]": HOST must be an existing directory and is made absolute; GUEST defaults to
// HOST as written.
Result<Preopen> parsePreopen(std::string_view text, bool writable);

// "500ms", "2s", "1m": the largest unit that divides the duration, for people and for parsing back.
std::string formatDuration(std::chrono::milliseconds duration);

}  // namespace faaslet::functions
