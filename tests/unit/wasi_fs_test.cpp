// Files and directories in a preopened temporary directory, under both path-resolution strategies
// (openat2 and the component walk).

#include <gtest/gtest.h>
#include <malloc.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>

#include <cstring>
#include <map>

#include "wasi/virtual_fs.h"
#include "wasi/functions.h"
#include "wasi_test_support.h"

namespace faaslet::wasi {
namespace {

using namespace testing_support;
namespace fs = std::filesystem;

class WasiFs : public ::testing::TestWithParam<ResolveStrategy>, public Sandbox {
protected:
    void SetUp() override { setResolveStrategy(GetParam()); }
    void TearDown() override {
        setResolveStrategy(ResolveStrategy::Auto);
        EXPECT_TRUE(g.canariesIntact());
    }
};

std::string strategyName(const ::testing::TestParamInfo<ResolveStrategy>& info) {
    return info.param == ResolveStrategy::Openat2 ? "openat2" : "walk";
}

INSTANTIATE_TEST_SUITE_P(Strategies, WasiFs,
                         ::testing::Values(ResolveStrategy::Openat2, ResolveStrategy::Walk), strategyName);

TEST_P(WasiFs, PreopenIsAnnouncedByName) {
    const uint32_t prestat = g.alloc(8), name = g.alloc(16);
    ASSERT_EQ(fdPrestatGet(wasi, g.memory, kPreopen, prestat), WasiErrno::Success);
    EXPECT_EQ(*g.memory.read<uint8_t>(prestat), 0u);
    EXPECT_EQ(g.u32(prestat + 4), 8u);
    ASSERT_EQ(fdPrestatDirName(wasi, g.memory, kPreopen, name, 8), WasiErrno::Success);
    EXPECT_EQ(g.read(name, 8), "/sandbox");
    EXPECT_EQ(fdPrestatDirName(wasi, g.memory, kPreopen, name, 7), WasiErrno::NameTooLong);
    // The scan ends at the first descriptor that is not a preopen.
    EXPECT_EQ(fdPrestatGet(wasi, g.memory, 4, prestat), WasiErrno::BadF);
    EXPECT_EQ(fdPrestatGet(wasi, g.memory, 1, prestat), WasiErrno::BadF);
    const uint32_t st = g.alloc(24);
    ASSERT_EQ(fdFdstatGet(wasi, g.memory, kPreopen, st), WasiErrno::Success);
    EXPECT_EQ(*g.memory.read<uint8_t>(st), uint8_t(preview1::FileType::Directory));
}

TEST_P(WasiFs, CreateWriteSeekRead) {
    uint32_t fd;
    ASSERT_EQ(open("data.txt", &fd, preview1::oflags::Creat | preview1::oflags::Excl, kReadWriteFile),
              WasiErrno::Success);
    uint32_t written;
    ASSERT_EQ(write(fd, "hello, world", &written), WasiErrno::Success);
    EXPECT_EQ(written, 12u);
    EXPECT_EQ(readFile(sandbox / "data.txt"), "hello, world");

    const uint32_t pos = g.alloc(8);
    ASSERT_EQ(fdTell(wasi, g.memory, fd, pos), WasiErrno::Success);
    EXPECT_EQ(g.u64(pos), 12u);
    ASSERT_EQ(fdSeek(wasi, g.memory, fd, uint64_t(-5), preview1::kWhenceCur, pos), WasiErrno::Success);
    EXPECT_EQ(g.u64(pos), 7u);
    std::string text;
    ASSERT_EQ(read(fd, text), WasiErrno::Success);
    EXPECT_EQ(text, "world");
    ASSERT_EQ(fdSeek(wasi, g.memory, fd, 0, preview1::kWhenceSet, pos), WasiErrno::Success);
    ASSERT_EQ(read(fd, text, 5), WasiErrno::Success);
    EXPECT_EQ(text, "hello");
    ASSERT_EQ(fdSeek(wasi, g.memory, fd, uint64_t(-1), preview1::kWhenceEnd, pos), WasiErrno::Success);
    EXPECT_EQ(g.u64(pos), 11u);
    EXPECT_EQ(fdSeek(wasi, g.memory, fd, uint64_t(-100), preview1::kWhenceSet, pos), WasiErrno::Inval);
    EXPECT_EQ(fdSeek(wasi, g.memory, fd, 0, 3, pos), WasiErrno::Inval);
    EXPECT_EQ(fdSeek(wasi, g.memory, fd, 0, preview1::kWhenceSet, kBad), WasiErrno::Fault);

    // Positioned reads and writes leave the position alone.
    const uint32_t buf = g.alloc(16), iov = g.iovecs({{buf, 5}}), n = g.alloc(4);
    ASSERT_EQ(fdPread(wasi, g.memory, fd, iov, 1, 7, n), WasiErrno::Success);
    EXPECT_EQ(g.read(buf, g.u32(n)), "world");
    const uint32_t caps = g.put("WORLD"), capsIov = g.iovecs({{caps, 5}});
    ASSERT_EQ(fdPwrite(wasi, g.memory, fd, capsIov, 1, 7, n), WasiErrno::Success);
    ASSERT_EQ(fdTell(wasi, g.memory, fd, pos), WasiErrno::Success);
    EXPECT_EQ(g.u64(pos), 11u);
    EXPECT_EQ(readFile(sandbox / "data.txt"), "hello, WORLD");
    EXPECT_EQ(fdPread(wasi, g.memory, fd, iov, 1, uint64_t(1) << 63, n), WasiErrno::Inval);

    EXPECT_EQ(open("data.txt", nullptr, preview1::oflags::Creat | preview1::oflags::Excl, kReadWriteFile),
              WasiErrno::Exist);
    ASSERT_EQ(fdClose(wasi, g.memory, fd), WasiErrno::Success);
    EXPECT_EQ(write(fd, "x"), WasiErrno::BadF);
}

TEST_P(WasiFs, OpenFlagsAndRights) {
    writeFile(sandbox / "f", "0123456789");
    uint32_t fd;
    // Read-only rights: no writing, and the host file is opened read-only too.
    ASSERT_EQ(open("f", &fd), WasiErrno::Success);
    EXPECT_EQ(write(fd, "x"), WasiErrno::NotCapable);
    const uint32_t st = g.alloc(24);
    ASSERT_EQ(fdFdstatGet(wasi, g.memory, fd, st), WasiErrno::Success);
    EXPECT_EQ(*g.memory.read<uint8_t>(st), uint8_t(preview1::FileType::RegularFile));
    EXPECT_EQ(g.u64(st + 8) & preview1::right::FdWrite, 0u);
    EXPECT_EQ(g.u64(st + 8) & preview1::right::PathOpen, 0u) << "directory rights do not apply to a file";
    // Truncation.
    ASSERT_EQ(open("f", &fd, preview1::oflags::Trunc, kReadWriteFile), WasiErrno::Success);
    EXPECT_EQ(readFile(sandbox / "f"), "");
    // Append.
    ASSERT_EQ(write(fd, "abc"), WasiErrno::Success);
    ASSERT_EQ(open("f", &fd, 0, kReadWriteFile, kFollow, preview1::fdflags::Append), WasiErrno::Success);
    ASSERT_EQ(write(fd, "def"), WasiErrno::Success);
    EXPECT_EQ(readFile(sandbox / "f"), "abcdef");
    ASSERT_EQ(fdFdstatGet(wasi, g.memory, fd, st), WasiErrno::Success);
    EXPECT_EQ(*g.memory.read<uint16_t>(st + 2), preview1::fdflags::Append);
    // Flags that can change, and those Linux cannot change on an open file.
    ASSERT_EQ(fdFdstatSetFlags(wasi, g.memory, fd, 0), WasiErrno::Success);
    const uint32_t pos = g.alloc(8);
    ASSERT_EQ(fdSeek(wasi, g.memory, fd, 0, preview1::kWhenceSet, pos), WasiErrno::Success);
    ASSERT_EQ(write(fd, "X"), WasiErrno::Success);
    EXPECT_EQ(readFile(sandbox / "f"), "Xbcdef");
    EXPECT_EQ(fdFdstatSetFlags(wasi, g.memory, fd, preview1::fdflags::Sync), WasiErrno::NotSup);
    EXPECT_EQ(fdFdstatSetFlags(wasi, g.memory, fd, 0x20), WasiErrno::Inval);
    // O_DIRECTORY on a file, a missing file, unknown flags.
    EXPECT_EQ(open("f", nullptr, preview1::oflags::Directory), WasiErrno::NotDir);
    EXPECT_EQ(open("missing", nullptr), WasiErrno::NoEnt);
    EXPECT_EQ(open("f", nullptr, 0x10), WasiErrno::Inval);
    EXPECT_EQ(open("f", nullptr, 0, kReadFile, 2), WasiErrno::Inval);
    // Writing a directory; creating one with path_open.
    EXPECT_EQ(open(".", nullptr, 0, kReadWriteFile), WasiErrno::IsDir);
    EXPECT_EQ(open("newdir", nullptr, preview1::oflags::Directory | preview1::oflags::Creat, kAllRights),
              WasiErrno::Inval);
    // A directory descriptor is not a file to read, and a file is not a directory to open in.
    uint32_t dir;
    ASSERT_EQ(open(".", &dir, preview1::oflags::Directory, kAllRights), WasiErrno::Success);
    std::string text;
    EXPECT_EQ(read(dir, text), WasiErrno::IsDir);  // as read(2) on Linux
    EXPECT_EQ(open("x", nullptr, 0, kReadFile, kFollow, 0, fd), WasiErrno::NotDir);
}

TEST_P(WasiFs, FileAttributes) {
    uint32_t fd;
    ASSERT_EQ(create("attrs", &fd), WasiErrno::Success);
    ASSERT_EQ(fdFilestatSetSize(wasi, g.memory, fd, 1000), WasiErrno::Success);
    const uint32_t st = g.alloc(64);
    ASSERT_EQ(fdFilestatGet(wasi, g.memory, fd, st), WasiErrno::Success);
    EXPECT_EQ(*g.memory.read<uint8_t>(st + 16), uint8_t(preview1::FileType::RegularFile));
    EXPECT_EQ(g.u64(st + 24), 1u);     // nlink
    EXPECT_EQ(g.u64(st + 32), 1000u);  // size
    struct stat host;
    ASSERT_EQ(::stat((sandbox / "attrs").c_str(), &host), 0);
    EXPECT_EQ(g.u64(st + 8), uint64_t(host.st_ino));
    EXPECT_EQ(g.u64(st + 0), uint64_t(host.st_dev));

    ASSERT_EQ(fdFilestatSetTimes(wasi, g.memory, fd, 1'000'000'000'123ull, 2'000'000'000'456ull,
                                 preview1::fstflags::Atim | preview1::fstflags::Mtim),
              WasiErrno::Success);
    ASSERT_EQ(fdFilestatGet(wasi, g.memory, fd, st), WasiErrno::Success);
    EXPECT_EQ(g.u64(st + 40), 1'000'000'000'123ull);
    EXPECT_EQ(g.u64(st + 48), 2'000'000'000'456ull);
    EXPECT_EQ(fdFilestatSetTimes(wasi, g.memory, fd, 0, 0, preview1::fstflags::Atim | preview1::fstflags::AtimNow),
              WasiErrno::Inval);
    EXPECT_EQ(fdFilestatSetTimes(wasi, g.memory, fd, 0, 0, 0x10), WasiErrno::Inval);

    ASSERT_EQ(fdAllocate(wasi, g.memory, fd, 0, 5000), WasiErrno::Success);
    ASSERT_EQ(fdFilestatGet(wasi, g.memory, fd, st), WasiErrno::Success);
    EXPECT_EQ(g.u64(st + 32), 5000u);
    EXPECT_EQ(fdAllocate(wasi, g.memory, fd, uint64_t(INT64_MAX), 2), WasiErrno::FBig);
    EXPECT_EQ(fdAdvise(wasi, g.memory, fd, 0, 100, 3), WasiErrno::Success);
    EXPECT_EQ(fdAdvise(wasi, g.memory, fd, 0, 100, 6), WasiErrno::Inval);
    EXPECT_EQ(fdDatasync(wasi, g.memory, fd), WasiErrno::Success);
    EXPECT_EQ(fdSync(wasi, g.memory, fd), WasiErrno::Success);
    EXPECT_EQ(fdFilestatSetSize(wasi, g.memory, fd, uint64_t(-1)), WasiErrno::FBig);

    // The same through the path.
    preview1::FileType type;
    uint64_t size;
    ASSERT_EQ(stat("attrs", kFollow, &type, &size), WasiErrno::Success);
    EXPECT_EQ(type, preview1::FileType::RegularFile);
    EXPECT_EQ(size, 5000u);
    ASSERT_EQ(setTimes("attrs", kFollow, 7'000'000'000ull), WasiErrno::Success);
    ASSERT_EQ(::stat((sandbox / "attrs").c_str(), &host), 0);
    EXPECT_EQ(host.st_mtim.tv_sec, 7);
    ASSERT_EQ(stat(".", kFollow, &type), WasiErrno::Success);
    EXPECT_EQ(type, preview1::FileType::Directory);
    EXPECT_EQ(stat("attrs/", kFollow), WasiErrno::NotDir);
    EXPECT_EQ(stat("nothing", kFollow), WasiErrno::NoEnt);
}

TEST_P(WasiFs, DirectoriesRenameAndUnlink) {
    ASSERT_EQ(mkdir("dir"), WasiErrno::Success);
    EXPECT_EQ(mkdir("dir"), WasiErrno::Exist);
    ASSERT_EQ(mkdir("dir/sub/"), WasiErrno::Success);
    EXPECT_EQ(mkdir("missing/sub"), WasiErrno::NoEnt);
    EXPECT_EQ(mkdir("."), WasiErrno::Exist);
    EXPECT_TRUE(fs::is_directory(sandbox / "dir" / "sub"));

    ASSERT_EQ(create("dir/sub/file"), WasiErrno::Success);
    EXPECT_EQ(rmdir("dir/sub"), WasiErrno::NotEmpty);
    EXPECT_EQ(rmdir("dir/sub/file"), WasiErrno::NotDir);
    EXPECT_EQ(unlink("dir/sub"), WasiErrno::IsDir);
    EXPECT_EQ(unlink("dir/sub/file/"), WasiErrno::NotDir);

    // Renames: a file, a directory, over an existing file.
    ASSERT_EQ(rename("dir/sub/file", "dir/moved"), WasiErrno::Success);
    EXPECT_TRUE(fs::exists(sandbox / "dir" / "moved"));
    EXPECT_FALSE(fs::exists(sandbox / "dir" / "sub" / "file"));
    ASSERT_EQ(rename("dir/sub", "renamed"), WasiErrno::Success);
    EXPECT_TRUE(fs::is_directory(sandbox / "renamed"));
    writeFile(sandbox / "other", "other");
    ASSERT_EQ(rename("other", "dir/moved"), WasiErrno::Success);
    EXPECT_EQ(readFile(sandbox / "dir" / "moved"), "other");
    EXPECT_EQ(rename("dir/moved", "renamed/"), WasiErrno::NotDir);
    EXPECT_EQ(rename("absent", "x"), WasiErrno::NoEnt);

    ASSERT_EQ(unlink("dir/moved"), WasiErrno::Success);
    EXPECT_EQ(unlink("dir/moved"), WasiErrno::NoEnt);
    ASSERT_EQ(rmdir("renamed"), WasiErrno::Success);
    ASSERT_EQ(rmdir("dir/"), WasiErrno::Success);
    EXPECT_EQ(rmdir("."), WasiErrno::Inval);
    EXPECT_TRUE(fs::is_empty(sandbox));
}

TEST_P(WasiFs, RenameBetweenDirectoryDescriptors) {
    ASSERT_EQ(mkdir("a"), WasiErrno::Success);
    ASSERT_EQ(mkdir("b"), WasiErrno::Success);
    writeFile(sandbox / "a" / "f", "moving");
    uint32_t a, b;
    ASSERT_EQ(open("a", &a, preview1::oflags::Directory, kAllRights), WasiErrno::Success);
    ASSERT_EQ(open("b", &b, preview1::oflags::Directory, kAllRights), WasiErrno::Success);
    ASSERT_EQ(rename("f", "g", a, b), WasiErrno::Success);
    EXPECT_EQ(readFile(sandbox / "b" / "g"), "moving");
    // Paths relative to the subdirectory descriptor.
    uint32_t fd;
    ASSERT_EQ(open("g", &fd, 0, kReadFile, kFollow, 0, b), WasiErrno::Success);
    std::string text;
    ASSERT_EQ(read(fd, text), WasiErrno::Success);
    EXPECT_EQ(text, "moving");
}

TEST_P(WasiFs, SymlinksAndHardLinksInside) {
    writeFile(sandbox / "target", "through the link");
    ASSERT_EQ(mkdir("d"), WasiErrno::Success);
    ASSERT_EQ(symlink("target", "link"), WasiErrno::Success);
    ASSERT_EQ(symlink("../target", "d/up"), WasiErrno::Success);
    ASSERT_EQ(symlink("d", "dirlink"), WasiErrno::Success);
    EXPECT_EQ(symlink("target", "link"), WasiErrno::Exist);

    std::string text;
    ASSERT_EQ(readlink("d/up", &text), WasiErrno::Success);
    EXPECT_EQ(text, "../target");
    EXPECT_EQ(readlink("target"), WasiErrno::Inval);

    uint32_t fd;
    ASSERT_EQ(open("d/up", &fd), WasiErrno::Success);
    ASSERT_EQ(read(fd, text), WasiErrno::Success);
    EXPECT_EQ(text, "through the link");
    ASSERT_EQ(open("dirlink/up", &fd), WasiErrno::Success);
    EXPECT_EQ(open("link", nullptr, 0, kReadFile, 0), WasiErrno::Loop) << "no-follow on a final symlink";

    preview1::FileType type;
    ASSERT_EQ(stat("link", 0, &type), WasiErrno::Success);
    EXPECT_EQ(type, preview1::FileType::SymbolicLink);
    ASSERT_EQ(stat("link", kFollow, &type), WasiErrno::Success);
    EXPECT_EQ(type, preview1::FileType::RegularFile);
    ASSERT_EQ(stat("dirlink/", 0, &type), WasiErrno::Success);
    EXPECT_EQ(type, preview1::FileType::Directory) << "a trailing slash follows";

    ASSERT_EQ(link("target", "hard"), WasiErrno::Success);
    EXPECT_EQ(readFile(sandbox / "hard"), "through the link");
    ASSERT_EQ(link("link", "hard-via-follow", kFollow), WasiErrno::Success);
    EXPECT_FALSE(fs::is_symlink(sandbox / "hard-via-follow"));
    ASSERT_EQ(link("link", "hard-to-link", 0), WasiErrno::Success);
    EXPECT_TRUE(fs::is_symlink(sandbox / "hard-to-link"));
    EXPECT_EQ(link("d", "dirhard"), WasiErrno::Perm);

    // Unlinking a link removes the link, not its target.
    ASSERT_EQ(unlink("link"), WasiErrno::Success);
    EXPECT_TRUE(fs::exists(sandbox / "target"));
    EXPECT_EQ(rmdir("dirlink"), WasiErrno::NotDir);
    EXPECT_TRUE(fs::is_directory(sandbox / "d"));
}

TEST_P(WasiFs, ReaddirListsEverythingAcrossCalls) {
    std::vector<std::string> expected = {".", ".."};
    for (int i = 0; i < 150; ++i) {
        const std::string name = "entry-with-a-longish-name-" + std::to_string(i);
        writeFile(sandbox / name, "");
        expected.push_back(name);
    }
    ASSERT_EQ(mkdir("subdir"), WasiErrno::Success);
    expected.push_back("subdir");
    std::sort(expected.begin(), expected.end());

    uint32_t dir;
    ASSERT_EQ(open(".", &dir, preview1::oflags::Directory, kAllRights), WasiErrno::Success);
    EXPECT_EQ(list(dir, 4096), expected);
    EXPECT_EQ(list(dir, 100), expected) << "a buffer that holds one or two entries at a time";
    EXPECT_EQ(list(kPreopen, 256), expected) << "the preopen itself";
}

// Listing is streamed from the kernel: descriptors that each read part of a large directory
// hold no copy of it (40 such descriptors of a 100,000-entry directory once held 1.2 GB).
TEST_P(WasiFs, ReaddirHoldsNoListingPerDescriptor) {
    constexpr int kEntries = 5000, kDescriptors = 40;
    for (int i = 0; i < kEntries; ++i) writeFile(sandbox / ("entry-" + std::to_string(i)), "");
    const uint32_t buf = g.alloc(4096), used = g.alloc(4);
    std::vector<uint32_t> dirs(kDescriptors);
    for (uint32_t& dir : dirs) ASSERT_EQ(open(".", &dir, preview1::oflags::Directory, kAllRights), WasiErrno::Success);
    const size_t before = ::mallinfo2().uordblks;
    for (uint32_t dir : dirs) {
        ASSERT_EQ(fdReaddir(wasi, g.memory, dir, buf, 4096, 0, used), WasiErrno::Success);
        EXPECT_EQ(g.u32(used), 4096u) << "a full buffer: the directory has more";
    }
    const size_t after = ::mallinfo2().uordblks;
    EXPECT_LT(after - std::min(after, before), size_t(64 * 1024))
        << "a listing of " << kEntries << " entries is about " << kEntries * 40 << " bytes per descriptor";
    for (uint32_t dir : dirs) EXPECT_EQ(fdClose(wasi, g.memory, dir), WasiErrno::Success);
}

TEST_P(WasiFs, ReaddirRecordLayoutAndCookies) {
    writeFile(sandbox / "file", "");
    ASSERT_EQ(mkdir("dir"), WasiErrno::Success);
    uint32_t dir;
    ASSERT_EQ(open(".", &dir, preview1::oflags::Directory, kAllRights), WasiErrno::Success);
    const uint32_t buf = g.alloc(1024), used = g.alloc(4);
    ASSERT_EQ(fdReaddir(wasi, g.memory, dir, buf, 1024, 0, used), WasiErrno::Success);
    std::map<std::string, std::pair<uint8_t, uint64_t>> seen;  // name -> (type, inode)
    std::vector<std::pair<std::string, uint64_t>> order;       // name, d_next
    uint32_t at = 0;
    while (at < g.u32(used)) {
        const uint32_t nameLength = g.u32(buf + at + 16);
        const std::string name = g.read(buf + at + 24, nameLength);
        seen[name] = {*g.memory.read<uint8_t>(buf + at + 20), g.u64(buf + at + 8)};
        order.emplace_back(name, g.u64(buf + at));
        at += 24 + nameLength;
    }
    EXPECT_EQ(at, g.u32(used));
    ASSERT_EQ(seen.size(), 4u);
    EXPECT_EQ(seen["file"].first, uint8_t(preview1::FileType::RegularFile));
    EXPECT_EQ(seen["dir"].first, uint8_t(preview1::FileType::Directory));
    struct stat host;
    ASSERT_EQ(::stat((sandbox / "file").c_str(), &host), 0);
    EXPECT_EQ(seen["file"].second, uint64_t(host.st_ino));

    // d_next is where the next entry starts: listing from it gives the entries after, and from the
    // last one nothing more. A cookie no directory position can be gives nothing either.
    for (size_t i = 0; i < order.size(); ++i) {
        ASSERT_EQ(fdReaddir(wasi, g.memory, dir, buf, 1024, order[i].second, used), WasiErrno::Success);
        if (i + 1 == order.size()) {
            EXPECT_EQ(g.u32(used), 0u);
        } else {
            ASSERT_GE(g.u32(used), 24u);
            EXPECT_EQ(g.read(buf + 24, g.u32(buf + 16)), order[i + 1].first) << "after " << order[i].first;
        }
    }
    ASSERT_EQ(fdReaddir(wasi, g.memory, dir, buf, 1024, ~0ull, used), WasiErrno::Success);
    EXPECT_EQ(g.u32(used), 0u);
    // A buffer smaller than one record is filled with its start.
    ASSERT_EQ(fdReaddir(wasi, g.memory, dir, buf, 10, 0, used), WasiErrno::Success);
    EXPECT_EQ(g.u32(used), 10u);
    ASSERT_EQ(fdReaddir(wasi, g.memory, dir, buf, 0, 0, used), WasiErrno::Success);
    EXPECT_EQ(g.u32(used), 0u);

    uint32_t file;
    ASSERT_EQ(open("file", &file), WasiErrno::Success);
    EXPECT_EQ(fdReaddir(wasi, g.memory, file, buf, 1024, 0, used), WasiErrno::NotDir);
    EXPECT_EQ(fdReaddir(wasi, g.memory, 1, buf, 1024, 0, used), WasiErrno::NotDir);
}

TEST_P(WasiFs, ReadOnlyPreopenAllowsReadingOnly) {
    fs::create_directory(top / "ro");
    writeFile(top / "ro" / "data", "shared data");
    fs::create_directory(top / "ro" / "sub");
    auto fd = wasi.addPreopen({(top / "ro").string(), "/ro", PreopenAccess::ReadOnly});
    ASSERT_TRUE(fd.ok());
    const uint32_t ro = *fd;
    const std::string before = snapshot(top / "ro");

    uint32_t file;
    ASSERT_EQ(open("data", &file, 0, kReadFile, kFollow, 0, ro), WasiErrno::Success);
    std::string text;
    ASSERT_EQ(read(file, text), WasiErrno::Success);
    EXPECT_EQ(text, "shared data");
    EXPECT_EQ(write(file, "x"), WasiErrno::NotCapable);
    EXPECT_EQ(fdFilestatSetSize(wasi, g.memory, file, 0), WasiErrno::NotCapable);
    EXPECT_EQ(fdFilestatSetTimes(wasi, g.memory, file, 0, 0, preview1::fstflags::MtimNow), WasiErrno::NotCapable);
    EXPECT_EQ(fdAllocate(wasi, g.memory, file, 0, 100), WasiErrno::NotCapable);

    EXPECT_EQ(open("data", nullptr, 0, kReadWriteFile, kFollow, 0, ro), WasiErrno::NotCapable);
    EXPECT_EQ(open("data", nullptr, preview1::oflags::Trunc, kReadFile, kFollow, 0, ro), WasiErrno::NotCapable);
    EXPECT_EQ(open("new", nullptr, preview1::oflags::Creat, kReadFile, kFollow, 0, ro), WasiErrno::NotCapable);
    EXPECT_EQ(mkdir("newdir", ro), WasiErrno::NotCapable);
    EXPECT_EQ(unlink("data", ro), WasiErrno::NotCapable);
    EXPECT_EQ(rmdir("sub", ro), WasiErrno::NotCapable);
    EXPECT_EQ(symlink("data", "link", ro), WasiErrno::NotCapable);
    EXPECT_EQ(setTimes("data", kFollow, 0, ro), WasiErrno::NotCapable);
    EXPECT_EQ(rename("data", "renamed", ro, ro), WasiErrno::NotCapable);
    // Read-global, write-local: nothing of the shared tree can be linked or moved into the private
    // one, where it could be written.
    EXPECT_EQ(link("data", "stolen", 0, ro, kPreopen), WasiErrno::NotCapable);
    EXPECT_EQ(rename("data", "stolen", ro, kPreopen), WasiErrno::NotCapable);
    EXPECT_FALSE(fs::exists(sandbox / "stolen"));

    // A directory opened beneath it is just as read-only; rights cannot be regained.
    uint32_t sub;
    ASSERT_EQ(open("sub", &sub, preview1::oflags::Directory, kAllRights, kFollow, 0, ro), WasiErrno::Success)
        << "rights that do not apply to a directory are dropped";
    const uint32_t subStat = g.alloc(24);
    ASSERT_EQ(fdFdstatGet(wasi, g.memory, sub, subStat), WasiErrno::Success);
    EXPECT_EQ(g.u64(subStat + 8) & preview1::rights::Mutating, 0u);
    EXPECT_EQ(g.u64(subStat + 16) & preview1::rights::Mutating, 0u);
    EXPECT_EQ(open("x", nullptr, preview1::oflags::Creat, kReadWriteFile, kFollow, 0, sub),
              WasiErrno::NotCapable);
    EXPECT_EQ(fdFdstatSetRights(wasi, g.memory, sub, kAllRights, kAllRights), WasiErrno::NotCapable);
    EXPECT_EQ(list(ro), (std::vector<std::string>{".", "..", "data", "sub"}));
    EXPECT_EQ(snapshot(top / "ro"), before);
}

TEST_P(WasiFs, DescriptorTableHasALimit) {
    writeFile(sandbox / "f", "");
    WasiConfig config = Sandbox::config();
    config.maxDescriptors = 8;
    WasiContext small(config);
    ASSERT_TRUE(small.addPreopen({sandbox.string(), "/", PreopenAccess::ReadWrite}).ok());
    g.rewindScratch();
    const uint32_t path = g.scratchPut("f"), out = g.scratch(4);
    std::vector<uint32_t> opened;
    for (int i = 0; i < 4; ++i) {
        ASSERT_EQ(pathOpen(small, g.memory, kPreopen, 0, path, 1, 0, kReadFile, 0, 0, out),
                  WasiErrno::Success);
        opened.push_back(g.u32(out));
    }
    EXPECT_EQ(opened, (std::vector<uint32_t>{4, 5, 6, 7}));
    EXPECT_EQ(pathOpen(small, g.memory, kPreopen, 0, path, 1, 0, kReadFile, 0, 0, out), WasiErrno::MFile);
    // The lowest free number is reused.
    ASSERT_EQ(fdClose(small, g.memory, 5), WasiErrno::Success);
    ASSERT_EQ(pathOpen(small, g.memory, kPreopen, 0, path, 1, 0, kReadFile, 0, 0, out), WasiErrno::Success);
    EXPECT_EQ(g.u32(out), 5u);
}

TEST_P(WasiFs, SocketsHandedInByTheHost) {
    int pair[2];
    ASSERT_EQ(::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, pair), 0);
    UniqueFd peer(pair[1]);
    auto fd = wasi.addHostDescriptor(UniqueFd(pair[0]));
    ASSERT_TRUE(fd.ok());
    const uint32_t st = g.alloc(24);
    ASSERT_EQ(fdFdstatGet(wasi, g.memory, *fd, st), WasiErrno::Success);
    EXPECT_EQ(*g.memory.read<uint8_t>(st), uint8_t(preview1::FileType::SocketStream));

    const uint32_t text = g.put("ping"), iov = g.iovecs({{text, 4}}), n = g.alloc(4), flags = g.alloc(2);
    ASSERT_EQ(sockSend(wasi, g.memory, *fd, iov, 1, 0, n), WasiErrno::Success);
    EXPECT_EQ(g.u32(n), 4u);
    char buffer[8] = {};
    ASSERT_EQ(::read(peer.get(), buffer, sizeof buffer), 4);
    EXPECT_STREQ(buffer, "ping");
    ASSERT_EQ(::write(peer.get(), "pong!", 5), 5);
    const uint32_t in = g.alloc(3), inIov = g.iovecs({{in, 3}});
    ASSERT_EQ(sockRecv(wasi, g.memory, *fd, inIov, 1, preview1::kRecvPeek, n, flags), WasiErrno::Success);
    EXPECT_EQ(g.read(in, 3), "pon");
    ASSERT_EQ(sockRecv(wasi, g.memory, *fd, inIov, 1, 0, n, flags), WasiErrno::Success);
    EXPECT_EQ(g.u32(n), 3u);
    EXPECT_EQ(sockSend(wasi, g.memory, *fd, iov, 1, 1, n), WasiErrno::Inval);
    EXPECT_EQ(sockRecv(wasi, g.memory, *fd, inIov, 1, 4, n, flags), WasiErrno::Inval);
    EXPECT_EQ(sockRecv(wasi, g.memory, *fd, kBad, 1, 0, n, flags), WasiErrno::Fault);
    EXPECT_EQ(sockSend(wasi, g.memory, *fd, iov, 1, 0, kBad), WasiErrno::Fault);
    EXPECT_EQ(sockShutdown(wasi, g.memory, *fd, 0), WasiErrno::Inval);
    ASSERT_EQ(sockShutdown(wasi, g.memory, *fd, preview1::kShutdownWrite), WasiErrno::Success);
    EXPECT_EQ(::read(peer.get(), buffer, sizeof buffer), 0) << "the peer sees end of file";
    // A peer that is gone: EPIPE, not a SIGPIPE that would kill the process.
    peer.reset();
    EXPECT_EQ(sockSend(wasi, g.memory, *fd, iov, 1, 0, n), WasiErrno::Pipe);
    // Socket calls on things that are not sockets.
    EXPECT_EQ(sockShutdown(wasi, g.memory, 1, preview1::kShutdownRead), WasiErrno::NotCapable);
    EXPECT_EQ(sockSend(wasi, g.memory, 1, iov, 1, 0, n), WasiErrno::NotSock);
    uint32_t file;
    ASSERT_EQ(create("notasocket", &file), WasiErrno::Success);
    EXPECT_EQ(sockAccept(wasi, g.memory, file, 0, n), WasiErrno::NotCapable);
}

TEST_P(WasiFs, AcceptOnAListeningSocket) {
    UniqueFd listener(::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0));
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    const std::string socketPath = (top / "sock").string();
    ASSERT_LT(socketPath.size(), sizeof address.sun_path);
    std::strcpy(address.sun_path, socketPath.c_str());
    ASSERT_EQ(::bind(listener.get(), reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
    ASSERT_EQ(::listen(listener.get(), 1), 0);
    auto fd = wasi.addHostDescriptor(std::move(listener));
    ASSERT_TRUE(fd.ok());
    const uint32_t out = g.alloc(4);
    UniqueFd client(::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0));
    ASSERT_EQ(::connect(client.get(), reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
    EXPECT_EQ(sockAccept(wasi, g.memory, *fd, 0, kBad), WasiErrno::Fault);
    EXPECT_EQ(sockAccept(wasi, g.memory, *fd, preview1::fdflags::Append, out), WasiErrno::Inval);
    ASSERT_EQ(sockAccept(wasi, g.memory, *fd, 0, out), WasiErrno::Success);
    ASSERT_EQ(::write(client.get(), "hi", 2), 2);
    std::string text;
    ASSERT_EQ(read(g.u32(out), text), WasiErrno::Success);
    EXPECT_EQ(text, "hi");
}

}  // namespace
}  // namespace faaslet::wasi
