#pragma once
// Helpers for the cache's tests: a private temporary directory, whole-file reads and writes, and
// ways to damage a file in place.

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <stdexcept>
#include <string>
#include <vector>

#include "cache/cache_key.h"
#include "tests/support/temp_dir.h"

namespace faaslet::cache::test {

using faaslet::test::TempDir;

inline std::vector<uint8_t> bytesOf(const std::string& text) {
    return {text.begin(), text.end()};
}

// Deterministic filler of `size` bytes that differs with `seed`.
inline std::vector<uint8_t> pattern(size_t size, uint32_t seed) {
    std::vector<uint8_t> out(size);
    uint32_t x = seed * 2654435761u + 1;
    for (auto& b : out) {
        x = x * 1103515245u + 12345u;
        b = uint8_t(x >> 16);
    }
    return out;
}

inline std::vector<uint8_t> readBytes(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error("cannot read " + path.string());
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

inline void writeBytes(const std::filesystem::path& path, const std::vector<uint8_t>& bytes) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(bytes.data()), std::streamsize(bytes.size()));
    if (!out) throw std::runtime_error("cannot write " + path.string());
}

inline void flipByte(const std::filesystem::path& path, size_t offset) {
    auto bytes = readBytes(path);
    bytes.at(offset) ^= 0x5a;
    writeBytes(path, bytes);
}

inline void truncateTo(const std::filesystem::path& path, uintmax_t size) {
    std::filesystem::resize_file(path, size);
}

inline void append(const std::filesystem::path& path, const std::vector<uint8_t>& extra) {
    auto bytes = readBytes(path);
    bytes.insert(bytes.end(), extra.begin(), extra.end());
    writeBytes(path, bytes);
}

// Sets a file's modification time to `seconds` after the epoch.
inline void setModificationTime(const std::filesystem::path& path, int64_t seconds) {
    const struct timespec times[2] = {{0, UTIME_OMIT}, {seconds, 0}};
    if (::utimensat(AT_FDCWD, path.c_str(), times, 0) != 0) throw std::runtime_error("utimensat failed");
}

inline CacheKey keyNumber(uint32_t n) {
    auto wasm = pattern(64, n);
    KeyInputs inputs;
    inputs.wasm = wasm;
    inputs.compilerVersion = "test";
    return deriveKey(inputs);
}

}  // namespace faaslet::cache::test
