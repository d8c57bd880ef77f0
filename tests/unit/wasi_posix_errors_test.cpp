// Errors a POSIX program checks for, as the WASI corpus (tests/wasi_corpus) found them: the guest
// must see what the same call gives natively on Linux.

#include <gtest/gtest.h>

#include "wasi/functions.h"
#include "wasi_test_support.h"

namespace faaslet::wasi {
namespace {

using namespace testing_support;

class WasiPosixErrors : public ::testing::Test, public Sandbox {
protected:
    void TearDown() override { EXPECT_TRUE(g.canariesIntact()); }

    WasiErrno pread(uint32_t fd) {
        g.rewindScratch();
        const uint32_t buf = g.scratch(16, 1), iov = g.scratch(8), n = g.scratch(4);
        g.memory.write<uint32_t>(iov, buf);
        g.memory.write<uint32_t>(iov + 4, 16);
        return fdPread(wasi, g.memory, fd, iov, 1, 0, n);
    }
};

TEST_F(WasiPosixErrors, ReadingADirectoryIsEisdir) {
    ASSERT_EQ(::mkdir((sandbox / "d").c_str(), 0755), 0);
    uint32_t dir;
    ASSERT_EQ(open("d", &dir, preview1::oflags::Directory, kAllRights), WasiErrno::Success);
    std::string out;
    EXPECT_EQ(read(dir, out), WasiErrno::IsDir);
    EXPECT_EQ(pread(dir), WasiErrno::IsDir);
    EXPECT_EQ(read(kPreopen, out), WasiErrno::IsDir) << "a preopen too";
    // Writing one stays a missing right: Linux says EBADF, and so does wasi-libc for ENOTCAPABLE.
    EXPECT_EQ(write(dir, "x"), WasiErrno::NotCapable);
    EXPECT_EQ(read(99, out), WasiErrno::BadF) << "no descriptor at all is still EBADF";
}

TEST_F(WasiPosixErrors, RemovingDotDotIsEnotemptyAndDotEinval) {
    ASSERT_EQ(mkdir("d"), WasiErrno::Success);
    ASSERT_EQ(mkdir("d/e"), WasiErrno::Success);
    EXPECT_EQ(rmdir("d/e/.."), WasiErrno::NotEmpty);
    EXPECT_EQ(rmdir("d/e/../"), WasiErrno::NotEmpty);
    EXPECT_EQ(rmdir("d/.."), WasiErrno::NotEmpty) << "the preopen itself";
    EXPECT_EQ(rmdir("d/e/."), WasiErrno::Inval);
    EXPECT_EQ(rmdir("."), WasiErrno::Inval);
    EXPECT_EQ(rmdir(".."), WasiErrno::NotCapable) << "confinement comes first";
    EXPECT_EQ(rmdir("d/e"), WasiErrno::Success);
    EXPECT_EQ(rmdir("d/..d"), WasiErrno::NoEnt) << "only a whole component";
}

}  // namespace
}  // namespace faaslet::wasi
