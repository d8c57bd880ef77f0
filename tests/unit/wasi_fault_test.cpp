// Bad guest pointers and lengths for every function: EFAULT (or EINVAL for counts past a limit),
// never a crash and never a byte touched outside the guest's memory (canaries on both sides).

#include <gtest/gtest.h>
#include <sys/socket.h>

#include <random>

#include "wasi/function_table.h"
#include "wasi_test_support.h"

namespace faaslet::wasi {
namespace {

using namespace testing_support;
namespace fs = std::filesystem;

class WasiFault : public ::testing::Test, public Sandbox {
protected:
    void SetUp() override {
        writeFile(sandbox / "file", "0123456789");
        fs::create_symlink("file", sandbox / "link");
        fs::create_directory(sandbox / "dir");
        ASSERT_EQ(open("file", &file, 0, kReadWriteFile), WasiErrno::Success);
        path = g.put("file");
        linkPath = g.put("link");
        dirPath = g.put("dir");
        buf = g.alloc(256);
        iov = g.iovecs({{buf, 16}});
        out = g.alloc(64);
        end = g.size();
    }
    void TearDown() override { EXPECT_TRUE(g.canariesIntact()); }

    uint32_t file = 0, path = 0, linkPath = 0, dirPath = 0, buf = 0, iov = 0, out = 0, end = 0;
    const GuestMemory& m() { return g.memory; }
};

TEST_F(WasiFault, ArgsAndEnvironment) {
    EXPECT_EQ(argsGet(wasi, m(), kBad, buf), WasiErrno::Fault);
    EXPECT_EQ(argsGet(wasi, m(), out, end), WasiErrno::Fault);
    EXPECT_EQ(argsSizesGet(wasi, m(), end - 3, out), WasiErrno::Fault);
    EXPECT_EQ(argsSizesGet(wasi, m(), out, kBad), WasiErrno::Fault);
    EXPECT_EQ(environGet(wasi, m(), 0xffffffff, buf), WasiErrno::Fault);
    EXPECT_EQ(environSizesGet(wasi, m(), out, end), WasiErrno::Fault);
}

TEST_F(WasiFault, ClocksRandomness) {
    EXPECT_EQ(clockResGet(wasi, m(), 0, end - 7), WasiErrno::Fault);
    EXPECT_EQ(clockTimeGet(wasi, m(), 0, 0, kBad), WasiErrno::Fault);
    EXPECT_EQ(randomGet(wasi, m(), end - 1, 2), WasiErrno::Fault);
    EXPECT_EQ(randomGet(wasi, m(), buf, 0xffffffff), WasiErrno::Fault);
}

TEST_F(WasiFault, ReadingAndWriting) {
    for (auto f : {fdRead, fdWrite}) {
        EXPECT_EQ(f(wasi, m(), file, kBad, 1, out), WasiErrno::Fault);
        EXPECT_EQ(f(wasi, m(), file, end - 4, 1, out), WasiErrno::Fault);
        EXPECT_EQ(f(wasi, m(), file, iov, 1, end - 2), WasiErrno::Fault);
        EXPECT_EQ(f(wasi, m(), file, g.iovecs({{end - 8, 9}}), 1, out), WasiErrno::Fault);
        EXPECT_EQ(f(wasi, m(), file, g.iovecs({{buf, 4}, {kBad, 4}}), 2, out), WasiErrno::Fault);
        EXPECT_EQ(f(wasi, m(), file, iov, 0x20000000, out), WasiErrno::Inval);
    }
    for (auto f : {fdPread, fdPwrite}) {
        EXPECT_EQ(f(wasi, m(), file, kBad, 1, 0, out), WasiErrno::Fault);
        EXPECT_EQ(f(wasi, m(), file, g.iovecs({{buf, 0xfffffff0}}), 1, 0, out), WasiErrno::Fault);
        EXPECT_EQ(f(wasi, m(), file, iov, 1, 0, kBad), WasiErrno::Fault);
    }
    EXPECT_EQ(readFile(sandbox / "file"), "0123456789") << "failed writes wrote nothing";
    EXPECT_EQ(fdSeek(wasi, m(), file, 0, 0, end - 7), WasiErrno::Fault);
    EXPECT_EQ(fdTell(wasi, m(), file, kBad), WasiErrno::Fault);
}

TEST_F(WasiFault, DescriptorAttributes) {
    EXPECT_EQ(fdFdstatGet(wasi, m(), file, end - 23), WasiErrno::Fault);
    EXPECT_EQ(fdFilestatGet(wasi, m(), file, end - 63), WasiErrno::Fault);
    EXPECT_EQ(fdFilestatGet(wasi, m(), file, kBad), WasiErrno::Fault);
    EXPECT_EQ(fdPrestatGet(wasi, m(), kPreopen, end - 7), WasiErrno::Fault);
    EXPECT_EQ(fdPrestatDirName(wasi, m(), kPreopen, end - 7, 8), WasiErrno::Fault);
    EXPECT_EQ(fdPrestatDirName(wasi, m(), kPreopen, buf, 0xffffffff), WasiErrno::Fault);
    EXPECT_EQ(fdReaddir(wasi, m(), kPreopen, kBad, 100, 0, out), WasiErrno::Fault);
    EXPECT_EQ(fdReaddir(wasi, m(), kPreopen, buf, 0xffffffff, 0, out), WasiErrno::Fault);
    EXPECT_EQ(fdReaddir(wasi, m(), kPreopen, buf, 100, 0, end), WasiErrno::Fault);
}

TEST_F(WasiFault, Paths) {
    EXPECT_EQ(pathCreateDirectory(wasi, m(), kPreopen, kBad, 4), WasiErrno::Fault);
    EXPECT_EQ(pathCreateDirectory(wasi, m(), kPreopen, end - 2, 4), WasiErrno::Fault);
    EXPECT_EQ(pathFilestatGet(wasi, m(), kPreopen, 0, kBad, 4, out), WasiErrno::Fault);
    EXPECT_EQ(pathFilestatGet(wasi, m(), kPreopen, 0, path, 4, end - 8), WasiErrno::Fault);
    EXPECT_EQ(pathFilestatSetTimes(wasi, m(), kPreopen, 0, path, 0xffffffff, 0, 0, 0), WasiErrno::Fault);
    EXPECT_EQ(pathLink(wasi, m(), kPreopen, 0, kBad, 4, kPreopen, path, 4), WasiErrno::Fault);
    EXPECT_EQ(pathLink(wasi, m(), kPreopen, 0, path, 4, kPreopen, end, 1), WasiErrno::Fault);
    EXPECT_EQ(pathOpen(wasi, m(), kPreopen, 0, kBad, 4, 0, kReadFile, 0, 0, out), WasiErrno::Fault);
    EXPECT_EQ(pathOpen(wasi, m(), kPreopen, 0, path, 4, 0, kReadFile, 0, 0, end - 3), WasiErrno::Fault);
    // No file was created by an open whose result could not be stored.
    const uint32_t fresh = g.put("fresh");
    EXPECT_EQ(pathOpen(wasi, m(), kPreopen, 0, fresh, 5, preview1::oflags::Creat, kReadWriteFile, 0, 0, kBad),
              WasiErrno::Fault);
    EXPECT_FALSE(fs::exists(sandbox / "fresh"));
    EXPECT_EQ(pathReadlink(wasi, m(), kPreopen, kBad, 4, buf, 16, out), WasiErrno::Fault);
    EXPECT_EQ(pathReadlink(wasi, m(), kPreopen, linkPath, 4, end - 2, 16, out), WasiErrno::Fault);
    EXPECT_EQ(pathReadlink(wasi, m(), kPreopen, linkPath, 4, buf, 16, kBad), WasiErrno::Fault);
    EXPECT_EQ(pathRemoveDirectory(wasi, m(), kPreopen, dirPath, 0xfffffffd), WasiErrno::Fault);
    EXPECT_EQ(pathRename(wasi, m(), kPreopen, kBad, 4, kPreopen, path, 4), WasiErrno::Fault);
    EXPECT_EQ(pathRename(wasi, m(), kPreopen, path, 4, kPreopen, kBad, 4), WasiErrno::Fault);
    EXPECT_EQ(pathSymlink(wasi, m(), kBad, 4, kPreopen, path, 4), WasiErrno::Fault);
    EXPECT_EQ(pathSymlink(wasi, m(), path, 4, kPreopen, end - 1, 4), WasiErrno::Fault);
    EXPECT_EQ(pathUnlinkFile(wasi, m(), kPreopen, kBad, 4), WasiErrno::Fault);
    EXPECT_TRUE(fs::exists(sandbox / "file"));
    EXPECT_TRUE(fs::exists(sandbox / "dir"));
}

TEST_F(WasiFault, PollAndSockets) {
    const uint32_t subs = g.alloc(48);
    g.memory.write<uint8_t>(subs + 8, preview1::kEventClock);
    g.memory.write<uint32_t>(subs + 16, preview1::kClockMonotonic);
    EXPECT_EQ(pollOneoff(wasi, m(), kBad, out, 1, out), WasiErrno::Fault);
    EXPECT_EQ(pollOneoff(wasi, m(), subs, end - 31, 1, out), WasiErrno::Fault);
    EXPECT_EQ(pollOneoff(wasi, m(), subs, out, 1, end - 3), WasiErrno::Fault);
    EXPECT_EQ(pollOneoff(wasi, m(), subs, out, 0x10000000, out), WasiErrno::Fault);
    int pair[2];
    ASSERT_EQ(::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, pair), 0);
    UniqueFd peer(pair[1]);
    const uint32_t sock = *wasi.addHostDescriptor(UniqueFd(pair[0]));
    EXPECT_EQ(sockRecv(wasi, m(), sock, iov, 1, 0, kBad, out), WasiErrno::Fault);
    EXPECT_EQ(sockRecv(wasi, m(), sock, iov, 1, 0, out, end - 1), WasiErrno::Fault);
    EXPECT_EQ(sockSend(wasi, m(), sock, g.iovecs({{end, 1}}), 1, 0, out), WasiErrno::Fault);
    EXPECT_EQ(sockAccept(wasi, m(), sock, 0, kBad), WasiErrno::Fault);
}

// Every function with arguments drawn from troublesome values (0, the end of memory, just past it,
// the top of the address space, random), over memory that is half random bytes: whatever the
// result, the process survives, the errno is one WASI has, and nothing outside memory or outside
// the sandbox changes.
TEST_F(WasiFault, EveryFunctionSurvivesGarbage) {
    std::mt19937_64 random(12345);
    const std::string outside = snapshot(top.path(), sandbox);
    for (uint32_t i = g.size() / 4; i < g.size() / 2; ++i) g.bytes()[i] = uint8_t(random());
    const uint32_t size = g.size();
    const uint32_t words[] = {0,  1,        2,    3,        4,    8,          24,
                              48, size - 1, size, size + 1, kBad, 0xffffffff, 0x7fffffff};
    const uint64_t longs[] = {0, 1, 2, ~0ull, 1ull << 63, uint64_t(INT64_MAX)};
    size_t calls = 0;
    for (const WasiFunction& f : wasiFunctions()) {
        // poll_oneoff could wait for a random clock; it has tests of its own.
        if (f.name == "poll_oneoff") continue;
        for (int round = 0; round < 300; ++round) {
            std::vector<abi::Value> args(f.params.size());
            for (size_t p = 0; p < args.size(); ++p) {
                args[p] = abi::Value{};
                if (f.params[p] == wasm::ValType::I64) {
                    args[p].i64 = random() % 4 == 0 ? random() : longs[random() % std::size(longs)];
                } else {
                    args[p].i32 = random() % 4 == 0 ? uint32_t(random()) : words[random() % std::size(words)];
                }
            }
            auto outcome = f.call(wasi, g.memory, args);
            if (auto* e = std::get_if<WasiErrno>(&outcome)) EXPECT_LE(uint16_t(*e), 76u) << f.name;
            ++calls;
        }
        ASSERT_TRUE(g.canariesIntact()) << f.name;
    }
    EXPECT_GT(calls, 10000u);
    EXPECT_EQ(snapshot(top.path(), sandbox), outside);
}

}  // namespace
}  // namespace faaslet::wasi
