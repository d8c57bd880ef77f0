#pragma once
// The data types of wasi_snapshot_preview1 as they lie in guest memory (wasm32: pointers and sizes
// are u32, everything little-endian, structs laid out with natural alignment). Offsets are spelled
// out instead of mirrored in host structs, so nothing depends on the host compiler's layout.

#include <cstdint>

namespace faaslet::wasi::preview1 {

// Rights (u64 flags): which operations a descriptor allows.
namespace right {
constexpr uint64_t FdDatasync = 1ull << 0;
constexpr uint64_t FdRead = 1ull << 1;
constexpr uint64_t FdSeek = 1ull << 2;
constexpr uint64_t FdFdstatSetFlags = 1ull << 3;
constexpr uint64_t FdSync = 1ull << 4;
constexpr uint64_t FdTell = 1ull << 5;
constexpr uint64_t FdWrite = 1ull << 6;
constexpr uint64_t FdAdvise = 1ull << 7;
constexpr uint64_t FdAllocate = 1ull << 8;
constexpr uint64_t PathCreateDirectory = 1ull << 9;
constexpr uint64_t PathCreateFile = 1ull << 10;
constexpr uint64_t PathLinkSource = 1ull << 11;
constexpr uint64_t PathLinkTarget = 1ull << 12;
constexpr uint64_t PathOpen = 1ull << 13;
constexpr uint64_t FdReaddir = 1ull << 14;
constexpr uint64_t PathReadlink = 1ull << 15;
constexpr uint64_t PathRenameSource = 1ull << 16;
constexpr uint64_t PathRenameTarget = 1ull << 17;
constexpr uint64_t PathFilestatGet = 1ull << 18;
constexpr uint64_t PathFilestatSetSize = 1ull << 19;
constexpr uint64_t PathFilestatSetTimes = 1ull << 20;
constexpr uint64_t FdFilestatGet = 1ull << 21;
constexpr uint64_t FdFilestatSetSize = 1ull << 22;
constexpr uint64_t FdFilestatSetTimes = 1ull << 23;
constexpr uint64_t PathSymlink = 1ull << 24;
constexpr uint64_t PathRemoveDirectory = 1ull << 25;
constexpr uint64_t PathUnlinkFile = 1ull << 26;
constexpr uint64_t PollFdReadwrite = 1ull << 27;
constexpr uint64_t SockShutdown = 1ull << 28;
constexpr uint64_t SockAccept = 1ull << 29;
constexpr uint64_t All = (1ull << 30) - 1;
}  // namespace right

// What each kind of descriptor can do at most.
namespace rights {
constexpr uint64_t RegularFile = right::FdDatasync | right::FdRead | right::FdSeek | right::FdFdstatSetFlags |
                                 right::FdSync | right::FdTell | right::FdWrite | right::FdAdvise |
                                 right::FdAllocate | right::FdFilestatGet | right::FdFilestatSetSize |
                                 right::FdFilestatSetTimes | right::PollFdReadwrite;
constexpr uint64_t Directory =
    right::FdDatasync | right::FdFdstatSetFlags | right::FdSync | right::PathCreateDirectory |
    right::PathCreateFile | right::PathLinkSource | right::PathLinkTarget | right::PathOpen |
    right::FdReaddir | right::PathReadlink | right::PathRenameSource | right::PathRenameTarget |
    right::PathFilestatGet | right::PathFilestatSetSize | right::PathFilestatSetTimes | right::FdFilestatGet |
    right::FdFilestatSetTimes | right::PathSymlink | right::PathRemoveDirectory | right::PathUnlinkFile |
    right::PollFdReadwrite;
// Terminals, pipes and other streams: no seek or tell (wasi-libc's isatty looks for exactly that).
constexpr uint64_t Stream =
    right::FdRead | right::FdWrite | right::FdFdstatSetFlags | right::FdFilestatGet | right::PollFdReadwrite;
constexpr uint64_t Socket = Stream | right::SockShutdown | right::SockAccept;
// Everything that changes a file or a directory: what a read-only preopen withholds. The link and
// rename sources are in it too, or a file of a read-only tree could be linked or moved into a
// writable one.
constexpr uint64_t Mutating =
    right::FdWrite | right::FdAllocate | right::FdFilestatSetSize | right::FdFilestatSetTimes |
    right::PathCreateDirectory | right::PathCreateFile | right::PathLinkSource | right::PathLinkTarget |
    right::PathRenameSource | right::PathRenameTarget | right::PathFilestatSetSize |
    right::PathFilestatSetTimes | right::PathSymlink | right::PathRemoveDirectory | right::PathUnlinkFile;
}  // namespace rights

enum class FileType : uint8_t {
    Unknown = 0,
    BlockDevice = 1,
    CharacterDevice = 2,
    Directory = 3,
    RegularFile = 4,
    SocketDgram = 5,
    SocketStream = 6,
    SymbolicLink = 7,
};

// fdflags (u16)
namespace fdflags {
constexpr uint16_t Append = 1 << 0;
constexpr uint16_t Dsync = 1 << 1;
constexpr uint16_t Nonblock = 1 << 2;
constexpr uint16_t Rsync = 1 << 3;
constexpr uint16_t Sync = 1 << 4;
constexpr uint16_t All = 0x1f;
}  // namespace fdflags

// oflags (u16) of path_open
namespace oflags {
constexpr uint16_t Creat = 1 << 0;
constexpr uint16_t Directory = 1 << 1;
constexpr uint16_t Excl = 1 << 2;
constexpr uint16_t Trunc = 1 << 3;
constexpr uint16_t All = 0xf;
}  // namespace oflags

// lookupflags (u32)
constexpr uint32_t kLookupSymlinkFollow = 1;

// fstflags (u16)
namespace fstflags {
constexpr uint16_t Atim = 1 << 0;
constexpr uint16_t AtimNow = 1 << 1;
constexpr uint16_t Mtim = 1 << 2;
constexpr uint16_t MtimNow = 1 << 3;
constexpr uint16_t All = 0xf;
}  // namespace fstflags

// whence (u8)
constexpr uint8_t kWhenceSet = 0, kWhenceCur = 1, kWhenceEnd = 2;

// advice (u8): normal, sequential, random, willneed, dontneed, noreuse.
constexpr uint8_t kAdviceMax = 5;

// clockid (u32)
constexpr uint32_t kClockRealtime = 0, kClockMonotonic = 1, kClockProcessCputime = 2, kClockThreadCputime = 3;

// eventtype (u8)
constexpr uint8_t kEventClock = 0, kEventFdRead = 1, kEventFdWrite = 2;
// subclockflags (u16)
constexpr uint16_t kSubclockAbstime = 1;
// eventrwflags (u16)
constexpr uint16_t kEventFdReadwriteHangup = 1;

// riflags, roflags, siflags (u16), sdflags (u8) of the socket functions.
constexpr uint16_t kRecvPeek = 1, kRecvWaitall = 2;
constexpr uint16_t kRecvDataTruncated = 1;
constexpr uint8_t kShutdownRead = 1, kShutdownWrite = 2;

// preopentype (u8)
constexpr uint8_t kPreopenDir = 0;

// Layouts: sizes and field offsets.
namespace iovec {  // iovec and ciovec: { buf: u32, buf_len: u32 }
constexpr uint32_t Size = 8, Buf = 0, BufLen = 4;
}
namespace fdstat {  // { fs_filetype: u8, fs_flags: u16, fs_rights_base: u64, fs_rights_inheriting: u64 }
constexpr uint32_t Size = 24, FileType = 0, Flags = 2, RightsBase = 8, RightsInheriting = 16;
}
namespace filestat {  // { dev, ino: u64, filetype: u8, nlink, size, atim, mtim, ctim: u64 }
constexpr uint32_t Size = 64, Dev = 0, Ino = 8, FileType = 16, Nlink = 24, FileSize = 32, Atim = 40,
                   Mtim = 48, Ctim = 56;
}
namespace prestat {  // { tag: u8, u: { pr_name_len: u32 } }
constexpr uint32_t Size = 8, Tag = 0, NameLen = 4;
}
namespace dirent {  // { d_next: u64, d_ino: u64, d_namlen: u32, d_type: u8 }, then the name, no NUL
constexpr uint32_t Size = 24, Next = 0, Ino = 8, NameLen = 16, Type = 20;
}
namespace subscription {  // { userdata: u64, u: { tag: u8, clock | fd_readwrite } }
constexpr uint32_t Size = 48, Userdata = 0, Tag = 8;
constexpr uint32_t ClockId = 16, ClockTimeout = 24, ClockPrecision = 32, ClockFlags = 40;
constexpr uint32_t FdReadwriteFd = 16;
}  // namespace subscription
namespace event {  // { userdata: u64, error: u16, type: u8, fd_readwrite: { nbytes: u64, flags: u16 } }
constexpr uint32_t Size = 32, Userdata = 0, Error = 8, Type = 10, NBytes = 16, Flags = 24;
}

}  // namespace faaslet::wasi::preview1
