// Attempts to reach outside a preopened directory: `..`, absolute paths, symlinks to / and to the
// parent, symlink chains and loops, magic links, hard links and renames across the boundary, NUL
// bytes, over-long paths, and races that swap a directory or a file for a symlink mid-operation.
// Each must fail with the right errno and leave everything outside the sandbox as it was (checked
// after every test), under both path-resolution strategies.

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <thread>

#include "wasi/virtual_fs.h"
#include "wasi/functions.h"
#include "wasi_test_support.h"

namespace faaslet::wasi {
namespace {

using namespace testing_support;
namespace fs = std::filesystem;

class WasiEscape : public ::testing::TestWithParam<ResolveStrategy>, public Sandbox {
protected:
    void SetUp() override {
        setResolveStrategy(GetParam());
        // Outside the sandbox.
        writeFile(top / "secret", "SECRET");
        fs::create_directory(top / "outside_dir");
        writeFile(top / "outside_dir" / "x", "X");
        fs::create_directory(top / "ro");
        writeFile(top / "ro" / "data", "shared");
        // Inside, as the host left it.
        writeFile(sandbox / "file.txt", "inside");
        fs::create_directory(sandbox / "sub");
        writeFile(sandbox / "sub" / "inner.txt", "inner");
        fs::create_symlink("/", sandbox / "toRoot");
        fs::create_symlink("..", sandbox / "toParent");
        fs::create_symlink("../secret", sandbox / "toSecret");
        fs::create_symlink("../outside_dir", sandbox / "toOutsideDir");
        fs::create_symlink("chain2", sandbox / "chain1");
        fs::create_symlink("sub/chain3", sandbox / "chain2");
        fs::create_symlink("../../secret", sandbox / "sub" / "chain3");
        fs::create_symlink("loopB", sandbox / "loopA");
        fs::create_symlink("loopA", sandbox / "loopB");
        fs::create_symlink((sandbox / "file.txt").string(), sandbox / "absInside");
        fs::create_symlink("../created_outside", sandbox / "dangling");
        fs::create_symlink("/proc/self/root", sandbox / "proc");
        fs::create_symlink("../..", sandbox / "sub" / "up");
        fs::create_symlink("../ro/data", sandbox / "toOtherPreopen");
        outsideBefore_ = snapshot(top.path(), sandbox);
    }
    void TearDown() override {
        setResolveStrategy(ResolveStrategy::Auto);
        EXPECT_EQ(snapshot(top.path(), sandbox), outsideBefore_) << "something outside the sandbox changed";
        EXPECT_FALSE(fs::exists(top / "created_outside"));
        EXPECT_TRUE(g.canariesIntact());
    }

    // Opens and reads a whole file, or returns the errno.
    WasiErrno slurp(std::string_view path, std::string& out) {
        uint32_t fd;
        if (auto e = open(path, &fd); e != WasiErrno::Success) return e;
        auto e = read(fd, out);
        fdClose(wasi, g.memory, fd);
        return e;
    }

private:
    std::string outsideBefore_;
};

std::string strategyName(const ::testing::TestParamInfo<ResolveStrategy>& info) {
    return info.param == ResolveStrategy::Openat2 ? "openat2" : "walk";
}

INSTANTIATE_TEST_SUITE_P(Strategies, WasiEscape,
                         ::testing::Values(ResolveStrategy::Openat2, ResolveStrategy::Walk), strategyName);

TEST_P(WasiEscape, DotDotFromTheRoot) {
    EXPECT_EQ(open(".."), WasiErrno::NotCapable);
    EXPECT_EQ(open("../secret"), WasiErrno::NotCapable);
    EXPECT_EQ(open("./../secret"), WasiErrno::NotCapable);
    EXPECT_EQ(open("../sandbox/file.txt"), WasiErrno::NotCapable) << "even back into the sandbox";
    EXPECT_EQ(stat("..", kFollow), WasiErrno::NotCapable);
    EXPECT_EQ(stat("..", 0), WasiErrno::NotCapable);
    EXPECT_EQ(open("..", nullptr, preview1::oflags::Directory, kAllRights), WasiErrno::NotCapable);
}

TEST_P(WasiEscape, DotDotAfterDescending) {
    EXPECT_EQ(open("sub/../../secret"), WasiErrno::NotCapable);
    EXPECT_EQ(open("sub/./../sub/../../outside_dir/x"), WasiErrno::NotCapable);
    std::string text;
    ASSERT_EQ(slurp("sub/../file.txt", text), WasiErrno::Success) << "`..` that stays inside is fine";
    EXPECT_EQ(text, "inside");
    ASSERT_EQ(slurp("sub/../sub/inner.txt", text), WasiErrno::Success);
    EXPECT_EQ(text, "inner");
}

TEST_P(WasiEscape, AbsolutePaths) {
    EXPECT_EQ(open("/etc/passwd"), WasiErrno::NotCapable);
    EXPECT_EQ(open("/"), WasiErrno::NotCapable);
    EXPECT_EQ(open((top / "secret").string()), WasiErrno::NotCapable);
    EXPECT_EQ(open((sandbox / "file.txt").string()), WasiErrno::NotCapable) << "no absolute paths at all";
    EXPECT_EQ(stat("/etc", kFollow), WasiErrno::NotCapable);
    EXPECT_EQ(mkdir("/tmp/faaslet-escape"), WasiErrno::NotCapable);
    EXPECT_FALSE(fs::exists("/tmp/faaslet-escape"));
}

TEST_P(WasiEscape, SymlinkToTheHostRoot) {
    EXPECT_EQ(open("toRoot/etc/passwd"), WasiErrno::NotCapable);
    EXPECT_EQ(open("toRoot", nullptr, preview1::oflags::Directory, kAllRights), WasiErrno::NotCapable);
    EXPECT_EQ(stat("toRoot", kFollow), WasiErrno::NotCapable);
    EXPECT_EQ(stat("toRoot/", 0), WasiErrno::NotCapable) << "a trailing slash follows";
    EXPECT_EQ(mkdir("toRoot/tmp/faaslet-escape"), WasiErrno::NotCapable);
    // The link itself is inside and may be looked at.
    preview1::FileType type;
    ASSERT_EQ(stat("toRoot", 0, &type), WasiErrno::Success);
    EXPECT_EQ(type, preview1::FileType::SymbolicLink);
}

TEST_P(WasiEscape, SymlinkToTheParent) {
    EXPECT_EQ(open("toParent/secret"), WasiErrno::NotCapable);
    EXPECT_EQ(open("toParent/sandbox/file.txt"), WasiErrno::NotCapable);
    EXPECT_EQ(open("toSecret"), WasiErrno::NotCapable);
    EXPECT_EQ(open("toOutsideDir/x"), WasiErrno::NotCapable);
    EXPECT_EQ(stat("toSecret", kFollow), WasiErrno::NotCapable);
    EXPECT_EQ(open("sub/up/secret"), WasiErrno::NotCapable) << "a link whose `..` climbs past the root";
    EXPECT_EQ(open("toParent/"), WasiErrno::NotCapable);
}

TEST_P(WasiEscape, SymlinkChainsAndLoops) {
    EXPECT_EQ(open("chain1"), WasiErrno::NotCapable);
    EXPECT_EQ(stat("chain1", kFollow), WasiErrno::NotCapable);
    EXPECT_EQ(open("loopA"), WasiErrno::Loop);
    EXPECT_EQ(open("loopA/x"), WasiErrno::Loop);
    // A chain of 50 links (more than Linux follows), each staying inside.
    for (int i = 0; i < 50; ++i)
        fs::create_symlink("l" + std::to_string(i + 1), sandbox / ("l" + std::to_string(i)));
    fs::create_symlink("file.txt", sandbox / "l50");
    EXPECT_EQ(open("l0"), WasiErrno::Loop);
    std::string text;
    ASSERT_EQ(slurp("l30", text), WasiErrno::Success);
    EXPECT_EQ(text, "inside");
}

TEST_P(WasiEscape, AbsoluteSymlinksAreRefusedEvenPointingInside) {
    EXPECT_EQ(open("absInside"), WasiErrno::NotCapable);
    EXPECT_EQ(open("proc/etc/passwd"), WasiErrno::NotCapable) << "a magic link through /proc";
    EXPECT_EQ(open("proc"), WasiErrno::NotCapable);
}

TEST_P(WasiEscape, NulBytesAreRefusedNotTruncated) {
    using namespace std::string_literals;
    EXPECT_EQ(open("file.txt\0../../secret"s), WasiErrno::Inval);
    EXPECT_EQ(open("\0"s), WasiErrno::Inval);
    EXPECT_EQ(mkdir("new\0dir"s), WasiErrno::Inval);
    EXPECT_FALSE(fs::exists(sandbox / "new"));
    EXPECT_EQ(unlink("file.txt\0"s), WasiErrno::Inval);
    EXPECT_TRUE(fs::exists(sandbox / "file.txt"));
    EXPECT_EQ(symlink("../secret\0"s, "nul-target"), WasiErrno::Inval);
    EXPECT_EQ(rename("file.txt", "x\0y"s), WasiErrno::Inval);
}

TEST_P(WasiEscape, OverlongPaths) {
    std::string longPath;
    while (longPath.size() < 5000) longPath += "sub/../";
    EXPECT_EQ(open(longPath + "file.txt"), WasiErrno::NameTooLong);
    EXPECT_EQ(mkdir(std::string(kMaxGuestPath + 1, 'a')), WasiErrno::NameTooLong);
    EXPECT_EQ(open(std::string(300, 'n')), WasiErrno::NameTooLong) << "a component past NAME_MAX";
    std::string longButFine;
    while (longButFine.size() < 3990) longButFine += "./";
    std::string text;
    ASSERT_EQ(slurp(longButFine + "file.txt", text), WasiErrno::Success);
    EXPECT_EQ(text, "inside");
    // A path length past the end of memory is a fault, not a long path.
    g.rewindScratch();
    const uint32_t out = g.scratch(4);
    EXPECT_EQ(pathOpen(wasi, g.memory, kPreopen, 0, 100, 0xffffffff, 0, kReadFile, 0, 0, out),
              WasiErrno::Fault);
}

TEST_P(WasiEscape, HardLinksOut) {
    EXPECT_EQ(link("../secret", "stolen"), WasiErrno::NotCapable);
    EXPECT_EQ(link("toSecret", "stolen", kFollow), WasiErrno::NotCapable);
    EXPECT_EQ(link("chain1", "stolen", kFollow), WasiErrno::NotCapable);
    EXPECT_EQ(link("toOutsideDir/x", "stolen"), WasiErrno::NotCapable);
    EXPECT_EQ(link("file.txt", "../planted"), WasiErrno::NotCapable);
    EXPECT_EQ(link("file.txt", "toOutsideDir/planted"), WasiErrno::NotCapable);
    EXPECT_FALSE(fs::exists(sandbox / "stolen"));
    // Without following, the link itself is what gets linked: still only text inside the sandbox.
    ASSERT_EQ(link("toSecret", "stolen-link", 0), WasiErrno::Success);
    EXPECT_TRUE(fs::is_symlink(sandbox / "stolen-link"));
    EXPECT_EQ(open("stolen-link"), WasiErrno::NotCapable);
}

TEST_P(WasiEscape, RenamesAcrossTheBoundary) {
    EXPECT_EQ(rename("file.txt", "../moved"), WasiErrno::NotCapable);
    EXPECT_EQ(rename("file.txt", "toOutsideDir/moved"), WasiErrno::NotCapable);
    EXPECT_EQ(rename("../secret", "here"), WasiErrno::NotCapable);
    EXPECT_EQ(rename("toParent/secret", "here"), WasiErrno::NotCapable);
    EXPECT_EQ(rename("sub", "toParent/sub"), WasiErrno::NotCapable);
    EXPECT_EQ(rename("sub", "../sub"), WasiErrno::NotCapable);
    EXPECT_EQ(rename(".", "../gone"), WasiErrno::NotCapable);
    EXPECT_NE(rename(".", "gone"), WasiErrno::Success) << "the root itself cannot move";
    EXPECT_TRUE(fs::exists(sandbox / "file.txt"));
    EXPECT_FALSE(fs::exists(sandbox / "here"));
}

TEST_P(WasiEscape, CreatingOutside) {
    EXPECT_EQ(mkdir("../newdir"), WasiErrno::NotCapable);
    EXPECT_EQ(mkdir("toOutsideDir/newdir"), WasiErrno::NotCapable);
    EXPECT_EQ(open("../new", nullptr, preview1::oflags::Creat, kReadWriteFile), WasiErrno::NotCapable);
    EXPECT_EQ(open("toParent/new", nullptr, preview1::oflags::Creat, kReadWriteFile), WasiErrno::NotCapable);
    // O_CREAT through a dangling link whose target is outside: nothing is created there.
    EXPECT_EQ(open("dangling", nullptr, preview1::oflags::Creat, kReadWriteFile), WasiErrno::NotCapable);
    EXPECT_EQ(open("dangling", nullptr, preview1::oflags::Creat | preview1::oflags::Excl, kReadWriteFile),
              WasiErrno::Exist);
    EXPECT_EQ(symlink("file.txt", "../planted-link"), WasiErrno::NotCapable);
    EXPECT_EQ(symlink("x", "toOutsideDir/planted-link"), WasiErrno::NotCapable);
}

TEST_P(WasiEscape, RemovingOutside) {
    EXPECT_EQ(unlink("../secret"), WasiErrno::NotCapable);
    EXPECT_EQ(unlink("toOutsideDir/x"), WasiErrno::NotCapable);
    EXPECT_EQ(unlink("toParent/secret"), WasiErrno::NotCapable);
    EXPECT_EQ(rmdir("../outside_dir"), WasiErrno::NotCapable);
    EXPECT_EQ(rmdir(".."), WasiErrno::NotCapable);
    EXPECT_EQ(rmdir("sub/.."), WasiErrno::NotEmpty)
        << "names the root itself (ENOTEMPTY, as rmdir(2) says for \"..\")";
    EXPECT_EQ(unlink("toParent/"), WasiErrno::NotDir) << "a link to a directory, not the directory";
    EXPECT_EQ(rmdir("toOutsideDir"), WasiErrno::NotDir);
    // Unlinking a link to the outside removes the link only.
    ASSERT_EQ(unlink("toSecret"), WasiErrno::Success);
    EXPECT_EQ(readFile(top / "secret"), "SECRET");
}

TEST_P(WasiEscape, SymlinksTheGuestMakes) {
    EXPECT_EQ(symlink("/etc/passwd", "abs"), WasiErrno::NotCapable);
    EXPECT_FALSE(fs::exists(sandbox / "abs"));
    // A relative target whose `..` climbs out, read from the link's own directory, is refused at
    // creation: nothing is left on the host for host tools or a wider preopen to follow.
    EXPECT_EQ(symlink("../secret", "sneaky"), WasiErrno::NotCapable);
    EXPECT_EQ(symlink("../../secret", "sub/sneaky"), WasiErrno::NotCapable);
    EXPECT_EQ(symlink("sub/../../secret", "sneaky"), WasiErrno::NotCapable) << "climbs out mid-way";
    EXPECT_EQ(symlink("../sandbox/file.txt", "sneaky"), WasiErrno::NotCapable) << "even back in";
    EXPECT_FALSE(fs::is_symlink(sandbox / "sneaky"));
    EXPECT_FALSE(fs::is_symlink(sandbox / "sub" / "sneaky"));
    // Targets that stay inside work, `..` included; the link's directory is where it is read from,
    // also when the path to it went through another link.
    ASSERT_EQ(symlink("../file.txt", "sub/up-file"), WasiErrno::Success);
    std::string text;
    ASSERT_EQ(slurp("sub/up-file", text), WasiErrno::Success);
    EXPECT_EQ(text, "inside");
    ASSERT_EQ(symlink("sub/../file.txt", "roundabout"), WasiErrno::Success);
    ASSERT_EQ(slurp("roundabout", text), WasiErrno::Success);
    EXPECT_EQ(text, "inside");
    fs::create_symlink("sub", sandbox / "toSub");
    ASSERT_EQ(symlink("../file.txt", "toSub/through-link"), WasiErrno::Success);
    ASSERT_EQ(slurp("sub/through-link", text), WasiErrno::Success);
    EXPECT_EQ(text, "inside");
    EXPECT_EQ(symlink("../../secret", "toSub/through-link-out"), WasiErrno::NotCapable);
    std::string target;
    ASSERT_EQ(readlink("sub/up-file", &target), WasiErrno::Success);
    EXPECT_EQ(target, "../file.txt");
    ASSERT_EQ(symlink("nowhere", "sub/sneakier"), WasiErrno::Success);
    EXPECT_EQ(open("sub/sneakier"), WasiErrno::NoEnt) << "relative to sub/, which has no `nowhere`";
}

TEST_P(WasiEscape, MetadataOutside) {
    EXPECT_EQ(stat("../secret", 0), WasiErrno::NotCapable);
    EXPECT_EQ(stat("toOutsideDir/x", 0), WasiErrno::NotCapable);
    EXPECT_EQ(setTimes("toSecret", kFollow, 0), WasiErrno::NotCapable);
    EXPECT_EQ(setTimes("../secret", 0, 0), WasiErrno::NotCapable);
    EXPECT_EQ(setTimes("toOutsideDir/", 0, 0), WasiErrno::NotCapable);
    EXPECT_EQ(readlink("../x"), WasiErrno::NotCapable);
    EXPECT_EQ(readlink("toParent/sandbox/toSecret"), WasiErrno::NotCapable);
    // Setting the times of a link without following changes the link, not its target.
    ASSERT_EQ(setTimes("toSecret", 0, 1'000'000'000), WasiErrno::Success);
}

TEST_P(WasiEscape, SubdirectoryDescriptorIsItsOwnRoot) {
    uint32_t sub;
    ASSERT_EQ(open("sub", &sub, preview1::oflags::Directory, kAllRights), WasiErrno::Success);
    EXPECT_EQ(open("../file.txt", nullptr, 0, kReadFile, kFollow, 0, sub), WasiErrno::NotCapable);
    EXPECT_EQ(open("up/secret", nullptr, 0, kReadFile, kFollow, 0, sub), WasiErrno::NotCapable);
    EXPECT_EQ(rename("inner.txt", "../moved", sub, sub), WasiErrno::NotCapable);
    // A link made through it is read from beneath it too, as it will be followed through it.
    EXPECT_EQ(symlink("../file.txt", "up-file", sub), WasiErrno::NotCapable);
    EXPECT_FALSE(fs::is_symlink(sandbox / "sub" / "up-file"));
    EXPECT_EQ(symlink("inner.txt", "same", sub), WasiErrno::Success);
    EXPECT_EQ(open("inner.txt", nullptr, 0, kReadFile, kFollow, 0, sub), WasiErrno::Success);
    EXPECT_TRUE(fs::exists(sandbox / "sub" / "inner.txt"));
}

TEST_P(WasiEscape, OtherPreopensAreNotReachableThroughLinks) {
    ASSERT_TRUE(wasi.addPreopen({(top / "ro").string(), "/ro", PreopenAccess::ReadOnly}).ok());
    EXPECT_EQ(open("toOtherPreopen"), WasiErrno::NotCapable);
    EXPECT_EQ(open("toOtherPreopen", nullptr, 0, kReadWriteFile), WasiErrno::NotCapable);
}

TEST_P(WasiEscape, EmptyPathsAndNonDirectoryRoots) {
    EXPECT_EQ(open(""), WasiErrno::NoEnt);
    EXPECT_EQ(mkdir(""), WasiErrno::NoEnt);
    EXPECT_EQ(unlink(""), WasiErrno::NoEnt);
    uint32_t file;
    ASSERT_EQ(open("file.txt", &file), WasiErrno::Success);
    EXPECT_EQ(open("../secret", nullptr, 0, kReadFile, kFollow, 0, file), WasiErrno::NotDir);
    EXPECT_EQ(open("x", nullptr, 0, kReadFile, kFollow, 0, 1), WasiErrno::NotDir) << "stdout is no directory";
    EXPECT_EQ(open("x", nullptr, 0, kReadFile, kFollow, 0, 99), WasiErrno::BadF);
}

long exchange(const fs::path& a, const fs::path& b) {
    return ::syscall(SYS_renameat2, AT_FDCWD, a.c_str(), AT_FDCWD, b.c_str(), 2 /* RENAME_EXCHANGE */);
}

// Another process keeps swapping a directory of the sandbox for a symlink to the outside while the
// guest opens a file through it: the guest sees the inside file or ENOTCAPABLE, never the secret.
TEST_P(WasiEscape, RaceSwappingADirectoryForASymlink) {
    fs::create_directory(sandbox / "swap");
    writeFile(sandbox / "swap" / "x", "inside");
    fs::create_symlink("../outside_dir", sandbox / "alt");
    ASSERT_EQ(exchange(sandbox / "swap", sandbox / "alt"), 0) << std::strerror(errno);
    std::atomic<bool> stop{false};
    std::thread attacker([&] {
        while (!stop.load()) exchange(sandbox / "swap", sandbox / "alt");
    });
    int inside = 0, refused = 0;
    for (int i = 0; i < 3000; ++i) {
        std::string text;
        WasiErrno e = slurp("swap/x", text);
        ASSERT_NE(text, "X") << "read the outside file";
        if (e == WasiErrno::Success) ++inside;
        if (e == WasiErrno::NotCapable) ++refused;
    }
    stop = true;
    attacker.join();
    EXPECT_GT(inside + refused, 0);
}

TEST_P(WasiEscape, RaceSwappingTheLastComponentForASymlink) {
    writeFile(sandbox / "final", "inside, final");
    fs::create_symlink("../secret", sandbox / "finalalt");
    struct stat secret;
    ASSERT_EQ(::stat((top / "secret").c_str(), &secret), 0);
    ASSERT_EQ(exchange(sandbox / "final", sandbox / "finalalt"), 0) << std::strerror(errno);
    std::atomic<bool> stop{false};
    std::thread attacker([&] {
        while (!stop.load()) exchange(sandbox / "final", sandbox / "finalalt");
    });
    for (int i = 0; i < 3000; ++i) {
        std::string text;
        slurp("final", text);
        ASSERT_NE(text, "SECRET") << "read the outside file";
        g.rewindScratch();
        const uint32_t p = g.scratchPut("final"), st = g.scratch(64);
        if (pathFilestatGet(wasi, g.memory, kPreopen, kFollow, p, 5, st) == WasiErrno::Success)
            ASSERT_NE(g.u64(st + 8), uint64_t(secret.st_ino)) << "stat of the outside file";
    }
    stop = true;
    attacker.join();
}

}  // namespace
}  // namespace faaslet::wasi
