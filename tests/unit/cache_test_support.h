#pragma once
// Helpers for the cache's tests: a private temporary directory, whole-file reads and writes, and
// ways to damage a file in place.

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <stdexcept>
#include <string>
#include <vector>

#include "cache/cache_key.h"
#include "cache/hash.h"
#include "cache/object_cache.h"
#include "cache/sealing_key.h"
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

// What an attacker who can write an entry but not read the sealing key does after changing its
// files: recompute every plain SHA-256 in the header (payload digest at 80, header digest at 128
// over [0, 128); entry_format.h) so that the checksums agree again. The seal stays as it was.
inline void resealWithSha256(const std::filesystem::path& headerFile, const std::filesystem::path& objectFile) {
    auto header = readBytes(headerFile);
    auto field = [&](size_t offset, size_t size) {
        uint64_t value = 0;
        for (size_t i = 0; i < size; ++i) value |= uint64_t(header.at(offset + i)) << (8 * i);
        return value;
    };
    const uint64_t metadataSize = field(48, 8), nameSize = field(64, 4);
    const size_t metadataAt = 192;
    Sha256 payload;
    payload.update(std::span(header).subspan(metadataAt, metadataSize));
    payload.update(std::span(header).subspan(metadataAt + metadataSize, nameSize));
    payload.update(readBytes(objectFile));
    const Digest payloadDigest = payload.finish();
    std::copy(payloadDigest.begin(), payloadDigest.end(), header.begin() + 80);
    const Digest headerDigest = sha256(std::span(header.data(), 128));
    std::copy(headerDigest.begin(), headerDigest.end(), header.begin() + 128);
    writeBytes(headerFile, header);
}

// A sealing key of the tests' own, different for each seed.
inline SealingKey testKey(uint8_t seed = 1) {
    std::array<uint8_t, kSealingKeySize> bytes{};
    for (size_t i = 0; i < bytes.size(); ++i) bytes[i] = uint8_t(seed * 31 + i);
    return SealingKey(bytes);
}

// A cache at `directory` sealed with testKey(). Its objects are opaque bytes (no ObjectPolicy):
// the cache's own tests store patterns, and the ELF policy has tests of its own.
inline ObjectCache testCache(const std::filesystem::path& directory, uint8_t keySeed = 1) {
    return ObjectCache(directory, testKey(keySeed), ObjectPolicy());
}

}  // namespace faaslet::cache::test
