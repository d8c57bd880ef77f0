#pragma once
// Helpers for the WASI tests: guest memory as a plain byte vector with canaries on both sides (a
// host access outside the guest's bytes would change them), a bump allocator to place strings,
// iovecs and out-parameters in it, temporary directories, and a sandboxed guest with helpers for
// the path functions.

#include <gtest/gtest.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "wasi/guest_memory.h"
#include "wasi/context.h"
#include "wasi/errors.h"
#include "wasi/functions.h"
#include "wasi/preview1_types.h"
#include "tests/support/temp_dir.h"

namespace faaslet::wasi {

// So failures print "notcapable (76)" instead of a raw number.
inline void PrintTo(WasiErrno e, std::ostream* os) {
    *os << wasiErrnoName(e) << " (" << int(e) << ")";
}

namespace testing_support {

constexpr uint32_t kBad = 0xfffffff0u;  // a guest address far outside any test memory

class Guest {
public:
    static constexpr size_t kCanary = 4096;
    static constexpr uint8_t kCanaryByte = 0xa5;

    // The first half is for the test's own allocations (alloc, put, iovecs); the second for
    // scratch: what the helpers place for one call (scratchPut), reused by the next.
    explicit Guest(size_t size = 128 * 1024)
        : storage_(size + 2 * kCanary, 0), scratchStart_(uint32_t(size / 2)) {
        std::fill_n(storage_.begin(), kCanary, kCanaryByte);
        std::fill_n(storage_.end() - kCanary, kCanary, kCanaryByte);
        memory = GuestMemory(std::span<uint8_t>(storage_.data() + kCanary, size));
    }

    GuestMemory memory;

    uint32_t size() const { return uint32_t(memory.size()); }
    uint8_t* bytes() { return storage_.data() + kCanary; }

    // True when nothing outside the guest's bytes was touched.
    bool canariesIntact() const {
        for (size_t i = 0; i < kCanary; ++i)
            if (storage_[i] != kCanaryByte || storage_[storage_.size() - 1 - i] != kCanaryByte) return false;
        return true;
    }

    uint32_t alloc(uint32_t size, uint32_t align = 8) {
        next_ = (next_ + align - 1) / align * align;
        const uint32_t at = next_;
        next_ += size;
        EXPECT_LE(next_, scratchStart_) << "test guest memory exhausted";
        return at;
    }
    // Scratch space for one call's arguments: rewindScratch() before the call, then place them.
    void rewindScratch() { scratchNext_ = scratchStart_; }
    uint32_t scratch(uint32_t size, uint32_t align = 8) {
        scratchNext_ = (scratchNext_ + align - 1) / align * align;
        const uint32_t at = scratchNext_;
        scratchNext_ += size;
        EXPECT_LE(scratchNext_, this->size()) << "test scratch memory exhausted";
        return at;
    }
    uint32_t scratchPut(std::string_view text) {
        const uint32_t at = scratch(uint32_t(text.size()) + 1, 1);
        std::memcpy(bytes() + at, text.data(), text.size());
        bytes()[at + text.size()] = 0;
        return at;
    }
    uint32_t put(std::string_view text) {
        const uint32_t at = alloc(uint32_t(text.size()) + 1, 1);
        std::memcpy(bytes() + at, text.data(), text.size());
        return at;
    }
    // An iovec array over the given (address, length) buffers.
    uint32_t iovecs(std::initializer_list<std::pair<uint32_t, uint32_t>> buffers) {
        const uint32_t at = alloc(8 * uint32_t(buffers.size()));
        uint32_t i = 0;
        for (auto [address, length] : buffers) {
            memory.write<uint32_t>(at + 8 * i, address);
            memory.write<uint32_t>(at + 8 * i + 4, length);
            ++i;
        }
        return at;
    }
    std::string read(uint32_t address, uint32_t length) { return *memory.readString(address, length); }
    uint32_t u32(uint32_t address) { return *memory.read<uint32_t>(address); }
    uint64_t u64(uint32_t address) { return *memory.read<uint64_t>(address); }

private:
    std::vector<uint8_t> storage_;
    uint32_t scratchStart_;
    uint32_t scratchNext_ = scratchStart_;
    uint32_t next_ = 64;  // leave address 0 alone: a null pointer is still a valid wasm address
};

using faaslet::test::TempDir;

inline void writeFile(const std::filesystem::path& path, std::string_view content) {
    std::ofstream out(path, std::ios::binary);
    out << content;
}

inline std::string readFile(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

// Everything under `root` but `exclude` (names, types, sizes, contents and modification times), to
// show that a test left it exactly as it was.
inline std::string snapshot(const std::filesystem::path& root, const std::filesystem::path& exclude = {}) {
    std::ostringstream out;
    std::vector<std::filesystem::path> entries;
    for (auto it = std::filesystem::recursive_directory_iterator(root); it != std::filesystem::end(it);
         ++it) {
        if (!exclude.empty() && it->path() == exclude) {
            it.disable_recursion_pending();
            continue;
        }
        entries.push_back(it->path());
    }
    std::sort(entries.begin(), entries.end());
    for (const auto& p : entries) {
        struct stat st;
        ::lstat(p.c_str(), &st);
        out << p.string() << " mode=" << st.st_mode << " size=" << st.st_size
            << " mtime=" << st.st_mtim.tv_sec << "." << st.st_mtim.tv_nsec;
        if (S_ISREG(st.st_mode)) out << " content=" << readFile(p);
        out << "\n";
    }
    return out.str();
}

namespace right = preview1::right;
constexpr uint64_t kReadFile = right::FdRead | right::FdSeek | right::FdTell | right::FdFilestatGet |
                               right::FdReaddir | right::FdAdvise | right::PollFdReadwrite;
constexpr uint64_t kReadWriteFile = preview1::rights::RegularFile;
constexpr uint64_t kAllRights = preview1::rights::Directory | preview1::rights::RegularFile;
constexpr uint32_t kFollow = preview1::kLookupSymlinkFollow;
constexpr uint32_t kPreopen = 3;  // the first preopen: stdio is 0-2

// A guest with captured stdio and a writable preopen "/sandbox" (descriptor 3) of a fresh directory
// `sandbox` inside `top`, and helpers that place a call's arguments in scratch memory.
class Sandbox {
public:
    Sandbox() : wasi(config()), sandbox(top / "sandbox") {
        std::filesystem::create_directory(sandbox);
        auto fd = wasi.addPreopen({sandbox.string(), "/sandbox", PreopenAccess::ReadWrite});
        EXPECT_TRUE(fd.ok());
        EXPECT_EQ(fd.ok() ? *fd : 0u, kPreopen);
    }
    static WasiConfig config() {
        WasiConfig c;
        c.args = {"test"};
        c.stdio = StdioMode::Capture;
        return c;
    }

    TempDir top;
    Guest g;
    WasiContext wasi;
    std::filesystem::path sandbox;

    WasiErrno open(std::string_view path, uint32_t* fd = nullptr, uint32_t oflags = 0,
                   uint64_t rights = kReadFile, uint32_t lookup = kFollow, uint32_t fdflags = 0,
                   uint32_t dir = kPreopen) {
        g.rewindScratch();
        const uint32_t p = g.scratchPut(path), out = g.scratch(4);
        WasiErrno e = pathOpen(wasi, g.memory, dir, lookup, p, uint32_t(path.size()), oflags, rights,
                               kAllRights, fdflags, out);
        if (fd) *fd = e == WasiErrno::Success ? g.u32(out) : UINT32_MAX;
        return e;
    }
    WasiErrno create(std::string_view path, uint32_t* fd = nullptr) {
        return open(path, fd, preview1::oflags::Creat | preview1::oflags::Trunc, kReadWriteFile);
    }
    WasiErrno write(uint32_t fd, std::string_view data, uint32_t* written = nullptr) {
        g.rewindScratch();
        const uint32_t buf = g.scratchPut(data), iov = g.scratch(8), out = g.scratch(4);
        g.memory.write<uint32_t>(iov, buf);
        g.memory.write<uint32_t>(iov + 4, uint32_t(data.size()));
        WasiErrno e = fdWrite(wasi, g.memory, fd, iov, 1, out);
        if (written) *written = g.u32(out);
        return e;
    }
    WasiErrno read(uint32_t fd, std::string& out, uint32_t max = 4096) {
        g.rewindScratch();
        const uint32_t buf = g.scratch(max, 1), iov = g.scratch(8), n = g.scratch(4);
        g.memory.write<uint32_t>(iov, buf);
        g.memory.write<uint32_t>(iov + 4, max);
        WasiErrno e = fdRead(wasi, g.memory, fd, iov, 1, n);
        out = e == WasiErrno::Success ? g.read(buf, g.u32(n)) : std::string();
        return e;
    }
    WasiErrno mkdir(std::string_view path, uint32_t dir = kPreopen) {
        g.rewindScratch();
        return pathCreateDirectory(wasi, g.memory, dir, g.scratchPut(path), uint32_t(path.size()));
    }
    WasiErrno rmdir(std::string_view path, uint32_t dir = kPreopen) {
        g.rewindScratch();
        return pathRemoveDirectory(wasi, g.memory, dir, g.scratchPut(path), uint32_t(path.size()));
    }
    WasiErrno unlink(std::string_view path, uint32_t dir = kPreopen) {
        g.rewindScratch();
        return pathUnlinkFile(wasi, g.memory, dir, g.scratchPut(path), uint32_t(path.size()));
    }
    WasiErrno rename(std::string_view from, std::string_view to, uint32_t fromDir = kPreopen,
                     uint32_t toDir = kPreopen) {
        g.rewindScratch();
        const uint32_t a = g.scratchPut(from), b = g.scratchPut(to);
        return pathRename(wasi, g.memory, fromDir, a, uint32_t(from.size()), toDir, b, uint32_t(to.size()));
    }
    WasiErrno link(std::string_view from, std::string_view to, uint32_t lookup = 0,
                   uint32_t fromDir = kPreopen, uint32_t toDir = kPreopen) {
        g.rewindScratch();
        const uint32_t a = g.scratchPut(from), b = g.scratchPut(to);
        return pathLink(wasi, g.memory, fromDir, lookup, a, uint32_t(from.size()), toDir, b,
                        uint32_t(to.size()));
    }
    WasiErrno symlink(std::string_view target, std::string_view path, uint32_t dir = kPreopen) {
        g.rewindScratch();
        const uint32_t a = g.scratchPut(target), b = g.scratchPut(path);
        return pathSymlink(wasi, g.memory, a, uint32_t(target.size()), dir, b, uint32_t(path.size()));
    }
    // path_filestat_get: the errno, and the filestat's type and size.
    WasiErrno stat(std::string_view path, uint32_t lookup = kFollow, preview1::FileType* type = nullptr,
                   uint64_t* size = nullptr, uint32_t dir = kPreopen) {
        g.rewindScratch();
        const uint32_t p = g.scratchPut(path), out = g.scratch(64);
        WasiErrno e = pathFilestatGet(wasi, g.memory, dir, lookup, p, uint32_t(path.size()), out);
        if (type) *type = preview1::FileType(*g.memory.read<uint8_t>(out + 16));
        if (size) *size = g.u64(out + 32);
        return e;
    }
    WasiErrno readlink(std::string_view path, std::string* target = nullptr, uint32_t dir = kPreopen) {
        g.rewindScratch();
        const uint32_t p = g.scratchPut(path), buf = g.scratch(512), used = g.scratch(4);
        WasiErrno e = pathReadlink(wasi, g.memory, dir, p, uint32_t(path.size()), buf, 512, used);
        if (target) *target = e == WasiErrno::Success ? g.read(buf, g.u32(used)) : std::string();
        return e;
    }
    WasiErrno setTimes(std::string_view path, uint32_t lookup, uint64_t mtim, uint32_t dir = kPreopen) {
        g.rewindScratch();
        return pathFilestatSetTimes(wasi, g.memory, dir, lookup, g.scratchPut(path), uint32_t(path.size()), 0,
                                    mtim, preview1::fstflags::Mtim);
    }
    // All names fd_readdir gives, reading with a buffer of `bufSize` bytes and following cookies.
    std::vector<std::string> list(uint32_t fd, uint32_t bufSize = 4096) {
        std::vector<std::string> names;
        uint64_t cookie = 0;
        for (int rounds = 0; rounds < 10000; ++rounds) {
            g.rewindScratch();
            const uint32_t buf = g.scratch(bufSize), used = g.scratch(4);
            EXPECT_EQ(fdReaddir(wasi, g.memory, fd, buf, bufSize, cookie, used), WasiErrno::Success);
            const uint32_t n = g.u32(used);
            uint32_t at = 0;
            bool progressed = false;
            while (at + 24 <= n) {
                const uint32_t nameLength = g.u32(buf + at + 16);
                if (at + 24 + nameLength > n) break;  // cut off: ask again from the last whole entry
                names.push_back(g.read(buf + at + 24, nameLength));
                cookie = g.u64(buf + at);
                at += 24 + nameLength;
                progressed = true;
            }
            if (n < bufSize) break;  // the buffer was not filled: the end
            EXPECT_TRUE(progressed) << "buffer too small for one entry";
            if (!progressed) break;
        }
        std::sort(names.begin(), names.end());
        return names;
    }
};

}  // namespace testing_support
}  // namespace faaslet::wasi
