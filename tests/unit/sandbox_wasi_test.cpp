// The WASI functions still work on a sandboxed thread: each runs as the host functions of a guest
// do (inside a guarded call, where a system call missing from the allow-list would be a trap
// naming it), under both path-resolution strategies.

#include <gtest/gtest.h>
#include <sys/socket.h>

#include "common/unique_fd.h"
#include "wasi/virtual_fs.h"
#include "tests/unit/sandbox_test_support.h"
#include "tests/unit/wasi_test_support.h"

namespace faaslet::wasi {
namespace {

using namespace testing_support;
using sandbox::SandboxPolicy;
using namespace sandbox::testing_support;

class SandboxWasi : public ::testing::TestWithParam<ResolveStrategy>, public Sandbox {
protected:
    void SetUp() override { setResolveStrategy(GetParam()); }
    void TearDown() override { setResolveStrategy(ResolveStrategy::Auto); }

    // Runs `body` as a host function on a sandboxed thread; fails on a trap.
    void inSandboxedHostCall(std::function<void()> body, const SandboxPolicy& policy = {}) {
        auto function = hostFunction(std::move(body));
        onSandboxedThread(
            [&] {
                runtime::CallResult result = callHost(*function);
                EXPECT_TRUE(result.ok()) << result.error().toString();
            },
            policy);
    }

    uint32_t fdstatFlags(uint32_t fd) {
        const uint32_t fdstat = g.alloc(24);
        EXPECT_EQ(fdFdstatGet(wasi, g.memory, fd, fdstat), WasiErrno::Success);
        return *g.memory.read<uint16_t>(fdstat + 2);
    }
};

TEST_P(SandboxWasi, FilesAndDirectories) {
    inSandboxedHostCall([&] {
        ASSERT_EQ(mkdir("dir"), WasiErrno::Success);
        uint32_t fd = 0;
        ASSERT_EQ(create("dir/file", &fd), WasiErrno::Success);
        EXPECT_EQ(write(fd, "hello sandbox"), WasiErrno::Success);
        const uint32_t offset = g.alloc(8);
        EXPECT_EQ(fdSeek(wasi, g.memory, fd, 0, preview1::kWhenceSet, offset), WasiErrno::Success);
        std::string text;
        EXPECT_EQ(read(fd, text), WasiErrno::Success);
        EXPECT_EQ(text, "hello sandbox");
        EXPECT_EQ(fdAllocate(wasi, g.memory, fd, 0, 4096), WasiErrno::Success);
        EXPECT_EQ(fdAdvise(wasi, g.memory, fd, 0, 0, 0 /* normal */), WasiErrno::Success);
        EXPECT_EQ(fdFilestatSetSize(wasi, g.memory, fd, 5), WasiErrno::Success);
        EXPECT_EQ(fdFilestatSetTimes(wasi, g.memory, fd, 0, 1'000'000'000, preview1::fstflags::Mtim),
                  WasiErrno::Success);
        EXPECT_EQ(fdSync(wasi, g.memory, fd), WasiErrno::Success);
        EXPECT_EQ(fdDatasync(wasi, g.memory, fd), WasiErrno::Success);
        EXPECT_EQ(fdFdstatSetFlags(wasi, g.memory, fd, preview1::fdflags::Append), WasiErrno::Success);
        EXPECT_EQ(fdstatFlags(fd), preview1::fdflags::Append);
        const uint32_t filestat = g.alloc(64);
        EXPECT_EQ(fdFilestatGet(wasi, g.memory, fd, filestat), WasiErrno::Success);
        EXPECT_EQ(fdClose(wasi, g.memory, fd), WasiErrno::Success);

        uint64_t size = 0;
        EXPECT_EQ(stat("dir/file", kFollow, nullptr, &size), WasiErrno::Success);
        EXPECT_EQ(size, 5u);
        EXPECT_EQ(setTimes("dir/file", 0, 2'000'000'000), WasiErrno::Success);
        EXPECT_EQ(link("dir/file", "dir/hard"), WasiErrno::Success);
        EXPECT_EQ(symlink("file", "dir/soft"), WasiErrno::Success);
        std::string target;
        EXPECT_EQ(readlink("dir/soft", &target), WasiErrno::Success);
        EXPECT_EQ(target, "file");
        EXPECT_EQ(rename("dir/hard", "dir/moved"), WasiErrno::Success);
        uint32_t dir = 0;
        ASSERT_EQ(open("dir", &dir, preview1::oflags::Directory), WasiErrno::Success);
        EXPECT_EQ(list(dir), (std::vector<std::string>{".", "..", "file", "moved", "soft"}));
        EXPECT_EQ(fdClose(wasi, g.memory, dir), WasiErrno::Success);
        for (const char* name : {"dir/file", "dir/moved", "dir/soft"})
            EXPECT_EQ(unlink(name), WasiErrno::Success);
        EXPECT_EQ(rmdir("dir"), WasiErrno::Success);
    });
}

TEST_P(SandboxWasi, ClocksRandomPollAndYield) {
    inSandboxedHostCall([&] {
        const uint32_t time = g.alloc(8), random = g.alloc(32);
        EXPECT_EQ(clockTimeGet(wasi, g.memory, preview1::kClockMonotonic, 0, time), WasiErrno::Success);
        EXPECT_EQ(clockTimeGet(wasi, g.memory, preview1::kClockRealtime, 0, time), WasiErrno::Success);
        EXPECT_EQ(clockResGet(wasi, g.memory, preview1::kClockMonotonic, time), WasiErrno::Success);
        EXPECT_EQ(randomGet(wasi, g.memory, random, 32), WasiErrno::Success);
        // A 1 ms sleep through poll_oneoff.
        const uint32_t in = g.alloc(48), out = g.alloc(32), count = g.alloc(4);
        g.memory.write<uint8_t>(in + 8, preview1::kEventClock);
        g.memory.write<uint32_t>(in + 16, preview1::kClockMonotonic);
        g.memory.write<uint64_t>(in + 24, 1'000'000);
        EXPECT_EQ(pollOneoff(wasi, g.memory, in, out, 1, count), WasiErrno::Success);
        EXPECT_EQ(g.u32(count), 1u);
        EXPECT_EQ(schedYield(wasi, g.memory), WasiErrno::Success);
    });
}

INSTANTIATE_TEST_SUITE_P(Strategies, SandboxWasi,
                         ::testing::Values(ResolveStrategy::Openat2, ResolveStrategy::Walk),
                         [](const auto& info) {
                             return std::string(info.param == ResolveStrategy::Openat2 ? "openat2" : "walk");
                         });

// A connected socket handed to the guest, and its peer kept by the host.
struct HandedInSocket {
    explicit HandedInSocket(WasiContext& wasi) {
        int pair[2];
        EXPECT_EQ(::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, pair), 0);
        peer = UniqueFd(pair[1]);
        auto added = wasi.addHostDescriptor(UniqueFd(pair[0]));
        EXPECT_TRUE(added.ok());
        fd = added.ok() ? *added : 0;
    }
    UniqueFd peer;
    uint32_t fd = 0;
};

class SandboxWasiSockets : public ::testing::Test, public Sandbox {};

TEST_F(SandboxWasiSockets, IoOnASocketHandedIn) {
    HandedInSocket socket(wasi);
    const uint32_t text = g.put("ping"), iov = g.iovecs({{text, 4}}), n = g.alloc(4), flags = g.alloc(2);
    auto exchange = hostFunction([&] {
        EXPECT_EQ(sockSend(wasi, g.memory, socket.fd, iov, 1, 0, n), WasiErrno::Success);
        EXPECT_EQ(sockRecv(wasi, g.memory, socket.fd, iov, 1, 0, n, flags), WasiErrno::Success);
        EXPECT_EQ(sockShutdown(wasi, g.memory, socket.fd, preview1::kShutdownWrite), WasiErrno::Success);
    });
    ASSERT_EQ(::write(socket.peer.get(), "pong", 4), 4);
    onSandboxedThread([&] {
        runtime::CallResult result = callHost(*exchange);
        EXPECT_TRUE(result.ok()) << result.error().toString();
    });
    EXPECT_EQ(g.read(text, 4), "pong");
}

TEST_F(SandboxWasiSockets, WithoutSocketIoSendingTraps) {
    HandedInSocket socket(wasi);
    const uint32_t text = g.put("ping"), iov = g.iovecs({{text, 4}}), n = g.alloc(4);
    auto send = hostFunction([&] { sockSend(wasi, g.memory, socket.fd, iov, 1, 0, n); });
    SandboxPolicy policy;
    policy.socketIo = false;
    onSandboxedThread(
        [&] {
            runtime::CallResult result = callHost(*send);
            ASSERT_FALSE(result.ok());
            EXPECT_EQ(result.error().message, "sandbox: forbidden system call sendmsg (46)");
        },
        policy);
}

}  // namespace
}  // namespace faaslet::wasi
