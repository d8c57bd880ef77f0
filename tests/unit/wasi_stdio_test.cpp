// Stdio: captured into buffers for serverless calls, or the process's own.

#include <fcntl.h>
#include <gtest/gtest.h>
#include <limits.h>

#include "wasi/functions.h"
#include "wasi_test_support.h"

namespace faaslet::wasi {
namespace {

using namespace testing_support;

WasiConfig captured(std::string input = {}, size_t limit = size_t(64) << 20) {
    WasiConfig config;
    config.stdio = StdioMode::Capture;
    config.stdinData = std::move(input);
    config.captureLimit = limit;
    return config;
}

TEST(WasiStdio, WritesToCapturedStdoutAndStderrGatherEveryBuffer) {
    Guest g;
    WasiContext wasi(captured());
    const uint32_t hello = g.put("Hello, "), world = g.put("world!\n");
    const uint32_t iov = g.iovecs({{hello, 7}, {world, 7}, {world, 0}}), n = g.alloc(4);
    ASSERT_EQ(fdWrite(wasi, g.memory, 1, iov, 3, n), WasiErrno::Success);
    EXPECT_EQ(g.u32(n), 14u);
    ASSERT_EQ(fdWrite(wasi, g.memory, 2, iov, 1, n), WasiErrno::Success);
    ASSERT_EQ(fdWrite(wasi, g.memory, 1, iov, 0, n), WasiErrno::Success);
    EXPECT_EQ(g.u32(n), 0u);
    EXPECT_EQ(wasi.capturedStdout(), "Hello, world!\n");
    EXPECT_EQ(wasi.capturedStderr(), "Hello, ");
}

TEST(WasiStdio, CapturedOutputIsBounded) {
    Guest g;
    WasiContext wasi(captured({}, 10));
    const uint32_t text = g.put("0123456789abcdef"), iov = g.iovecs({{text, 16}}), n = g.alloc(4);
    ASSERT_EQ(fdWrite(wasi, g.memory, 1, iov, 1, n), WasiErrno::Success);
    EXPECT_EQ(g.u32(n), 10u) << "a short write up to the limit";
    EXPECT_EQ(fdWrite(wasi, g.memory, 1, iov, 1, n), WasiErrno::NoSpc);
    EXPECT_EQ(wasi.capturedStdout(), "0123456789");
}

TEST(WasiStdio, CapturedStdinReadsTheGivenBytesThenEndOfFile) {
    Guest g;
    WasiContext wasi(captured("input bytes"));
    const uint32_t a = g.alloc(5), b = g.alloc(100), iov = g.iovecs({{a, 5}, {b, 100}}), n = g.alloc(4);
    ASSERT_EQ(fdRead(wasi, g.memory, 0, iov, 2, n), WasiErrno::Success);
    EXPECT_EQ(g.u32(n), 11u);
    EXPECT_EQ(g.read(a, 5), "input");
    EXPECT_EQ(g.read(b, 6), " bytes");
    ASSERT_EQ(fdRead(wasi, g.memory, 0, iov, 2, n), WasiErrno::Success);
    EXPECT_EQ(g.u32(n), 0u);
}

TEST(WasiStdio, ReadIntoTheIovecArrayItself) {
    // Overlapping buffers: the data lands on the iovec array it was described by. The array was
    // read before the transfer, so the host is not confused, and nothing outside is touched.
    Guest g;
    WasiContext wasi(captured(std::string(64, 'x')));
    const uint32_t iov = g.alloc(16), n = g.alloc(4);
    g.memory.write<uint32_t>(iov, iov);
    g.memory.write<uint32_t>(iov + 4, 16);
    g.memory.write<uint32_t>(iov + 8, iov + 4);
    g.memory.write<uint32_t>(iov + 12, 16);
    ASSERT_EQ(fdRead(wasi, g.memory, 0, iov, 2, n), WasiErrno::Success);
    EXPECT_EQ(g.u32(n), 32u);
    EXPECT_TRUE(g.canariesIntact());
}

TEST(WasiStdio, CapturedStreamsLookLikePipes) {
    Guest g;
    WasiContext wasi(captured());
    const uint32_t st = g.alloc(24), pos = g.alloc(8);
    for (uint32_t fd : {0u, 1u, 2u}) {
        ASSERT_EQ(fdFdstatGet(wasi, g.memory, fd, st), WasiErrno::Success);
        EXPECT_EQ(*g.memory.read<uint8_t>(st), uint8_t(preview1::FileType::Unknown));
        const uint64_t rights = g.u64(st + 8);
        EXPECT_EQ(rights & (preview1::right::FdSeek | preview1::right::FdTell), 0u) << "not seekable";
        EXPECT_EQ(fdSeek(wasi, g.memory, fd, 0, preview1::kWhenceCur, pos), WasiErrno::NotCapable);
    }
    EXPECT_NE(g.u64(st + 8) & preview1::right::FdWrite, 0u);
    EXPECT_EQ(fdRead(wasi, g.memory, 1, g.iovecs({{pos, 8}}), 1, pos), WasiErrno::NotCapable);
    const uint32_t text = g.put("x"), iov = g.iovecs({{text, 1}});
    EXPECT_EQ(fdWrite(wasi, g.memory, 0, iov, 1, pos), WasiErrno::NotCapable);
    EXPECT_EQ(fdPwrite(wasi, g.memory, 1, iov, 1, 0, pos), WasiErrno::NotCapable);
    const uint32_t fst = g.alloc(64);
    ASSERT_EQ(fdFilestatGet(wasi, g.memory, 1, fst), WasiErrno::Success);
    EXPECT_EQ(*g.memory.read<uint8_t>(fst + 16), uint8_t(preview1::FileType::Unknown));
}

TEST(WasiStdio, CloseAndRenumber) {
    Guest g;
    WasiContext wasi(captured());
    const uint32_t text = g.put("to stderr"), iov = g.iovecs({{text, 9}}), n = g.alloc(4);
    // fd 1 becomes what fd 2 was; fd 2 is free.
    ASSERT_EQ(fdRenumber(wasi, g.memory, 2, 1), WasiErrno::Success);
    ASSERT_EQ(fdWrite(wasi, g.memory, 1, iov, 1, n), WasiErrno::Success);
    EXPECT_EQ(wasi.capturedStderr(), "to stderr");
    EXPECT_EQ(wasi.capturedStdout(), "");
    EXPECT_EQ(fdWrite(wasi, g.memory, 2, iov, 1, n), WasiErrno::BadF);
    EXPECT_EQ(fdRenumber(wasi, g.memory, 1, 2), WasiErrno::BadF) << "the target must be open";
    EXPECT_EQ(fdRenumber(wasi, g.memory, 7, 1), WasiErrno::BadF);
    EXPECT_EQ(fdRenumber(wasi, g.memory, 1, 1), WasiErrno::Success);
    EXPECT_EQ(fdClose(wasi, g.memory, 1), WasiErrno::Success);
    EXPECT_EQ(fdClose(wasi, g.memory, 1), WasiErrno::BadF);
    EXPECT_EQ(fdClose(wasi, g.memory, 0xffffffff), WasiErrno::BadF);
    EXPECT_EQ(fdWrite(wasi, g.memory, 1, iov, 1, n), WasiErrno::BadF);
}

TEST(WasiStdio, IovecArraysAreCheckedWhole) {
    Guest g;
    WasiContext wasi(captured("abc"));
    const uint32_t n = g.alloc(4), buf = g.alloc(8);
    // More buffers than readv(2) takes.
    EXPECT_EQ(fdWrite(wasi, g.memory, 1, 0, IOV_MAX + 1, n), WasiErrno::Inval);
    EXPECT_EQ(fdWrite(wasi, g.memory, 1, 0, 0xffffffff, n), WasiErrno::Inval);
    EXPECT_EQ(fdRead(wasi, g.memory, 0, 0, 0x80000000, n), WasiErrno::Inval);
    // IOV_MAX buffers are fine if the array fits (all 1024 point at the same 8 bytes).
    const uint32_t many = g.alloc(8 * IOV_MAX);
    for (uint32_t i = 0; i < IOV_MAX; ++i) {
        g.memory.write<uint32_t>(many + 8 * i, buf);
        g.memory.write<uint32_t>(many + 8 * i + 4, 8);
    }
    ASSERT_EQ(fdWrite(wasi, g.memory, 1, many, IOV_MAX, n), WasiErrno::Success);
    EXPECT_EQ(g.u32(n), 8u * IOV_MAX);
    // An array that runs past the end, or wraps around the address space.
    EXPECT_EQ(fdWrite(wasi, g.memory, 1, g.size() - 8, 2, n), WasiErrno::Fault);
    EXPECT_EQ(fdWrite(wasi, g.memory, 1, 0xfffffff8, 2, n), WasiErrno::Fault);
    // A buffer that does not fit, a buffer at a wrapping address, a huge length.
    EXPECT_EQ(fdWrite(wasi, g.memory, 1, g.iovecs({{g.size() - 4, 5}}), 1, n), WasiErrno::Fault);
    EXPECT_EQ(fdWrite(wasi, g.memory, 1, g.iovecs({{0xffffffff, 2}}), 1, n), WasiErrno::Fault);
    EXPECT_EQ(fdRead(wasi, g.memory, 0, g.iovecs({{buf, 0xffffffff}}), 1, n), WasiErrno::Fault);
    // The count's own address.
    EXPECT_EQ(fdWrite(wasi, g.memory, 1, g.iovecs({{buf, 1}}), 1, g.size() - 3), WasiErrno::Fault);
    EXPECT_EQ(wasi.remainingStdin(), "abc") << "failed reads consume nothing";
    EXPECT_TRUE(g.canariesIntact());
}

TEST(WasiStdio, InheritedStdioIsTheProcesssButCannotBeReconfigured) {
    Guest g;
    WasiContext wasi{WasiConfig{}};
    const uint32_t st = g.alloc(24);
    ASSERT_EQ(fdFdstatGet(wasi, g.memory, 2, st), WasiErrno::Success);
    EXPECT_EQ(g.u64(st + 8) & preview1::right::FdFdstatSetFlags, 0u);
    EXPECT_EQ(fdFdstatSetFlags(wasi, g.memory, 2, preview1::fdflags::Nonblock), WasiErrno::NotCapable);
    EXPECT_EQ(fdFilestatSetTimes(wasi, g.memory, 2, 0, 0, preview1::fstflags::MtimNow), WasiErrno::NotCapable);
    // Closing it takes it from the guest only.
    ASSERT_EQ(fdClose(wasi, g.memory, 2), WasiErrno::Success);
    EXPECT_EQ(fdFdstatGet(wasi, g.memory, 2, st), WasiErrno::BadF);
    EXPECT_NE(::fcntl(2, F_GETFD), -1) << "the process's stderr is still open";
}

// wasi-libc looks for preopens from fd 3 on: a process without stderr must not move one to 2.
TEST(WasiStdio, PreopensStartAtThreeWhenTheProcessLacksSomeStdio) {
    TempDir dir;
    const int savedStderr = ::dup(2);
    ASSERT_GE(savedStderr, 0);
    ::close(2);
    WasiContext wasi{WasiConfig{}};
    ::dup2(savedStderr, 2);
    ::close(savedStderr);
    auto fd = wasi.addPreopen({dir.path().string(), "."});
    ASSERT_TRUE(fd);
    EXPECT_EQ(*fd, 3u);
    EXPECT_EQ(wasi.get(2), nullptr) << "the guest has no stderr either";
}

TEST(WasiStdio, RightsOnlyShrink) {
    Guest g;
    WasiContext wasi(captured());
    const uint32_t st = g.alloc(24), text = g.put("x"), iov = g.iovecs({{text, 1}}), n = g.alloc(4);
    ASSERT_EQ(fdFdstatGet(wasi, g.memory, 1, st), WasiErrno::Success);
    const uint64_t rights = g.u64(st + 8);
    EXPECT_EQ(fdFdstatSetRights(wasi, g.memory, 1, rights | preview1::right::FdSeek, 0), WasiErrno::NotCapable);
    ASSERT_EQ(fdFdstatSetRights(wasi, g.memory, 1, rights & ~preview1::right::FdWrite, 0), WasiErrno::Success);
    EXPECT_EQ(fdWrite(wasi, g.memory, 1, iov, 1, n), WasiErrno::NotCapable);
    EXPECT_EQ(fdFdstatSetRights(wasi, g.memory, 1, rights, 0), WasiErrno::NotCapable) << "no way back";
}

}  // namespace
}  // namespace faaslet::wasi
