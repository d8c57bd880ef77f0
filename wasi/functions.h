#pragma once
// The functions of wasi_snapshot_preview1. Each takes the instance's WASI state, a checked view of
// its memory and the call's parameters as the wasm signature has them (i32 as uint32_t, i64 as
// uint64_t; pointers are guest addresses), and returns the WASI errno it puts on the guest's stack.
// proc_exit instead returns WasiExit: the binding layer ends the guest's call with it (see
// wasi_table.h). Nothing here knows about the runtime: a std::vector<uint8_t> serves as memory.
//
// Common rules: a guest pointer or length outside the memory is EFAULT before anything happens; a
// descriptor that is not open is EBADF, one without the right an operation needs ENOTCAPABLE; guest
// strings are bounded by their length, never scanned for a NUL; what the host cannot do is ENOSYS
// or ENOTSUP, never a pretended success.

#include <cstdint>

#include "wasi/guest_memory.h"
#include "wasi/context.h"
#include "wasi/errors.h"

namespace faaslet::wasi {

// proc_exit's result: the guest asked to end with this status.
struct WasiExit {
    uint32_t code;
};

// wasi_args_env.cpp
WasiErrno argsGet(WasiContext&, const GuestMemory&, uint32_t argv, uint32_t argvBuf);
WasiErrno argsSizesGet(WasiContext&, const GuestMemory&, uint32_t argcOut, uint32_t argvBufSizeOut);
WasiErrno environGet(WasiContext&, const GuestMemory&, uint32_t environPointers, uint32_t environBuf);
WasiErrno environSizesGet(WasiContext&, const GuestMemory&, uint32_t countOut, uint32_t bufSizeOut);

// wasi_clock_random.cpp
WasiErrno clockResGet(WasiContext&, const GuestMemory&, uint32_t clockId, uint32_t resolutionOut);
WasiErrno clockTimeGet(WasiContext&, const GuestMemory&, uint32_t clockId, uint64_t precision,
                       uint32_t timeOut);
WasiErrno randomGet(WasiContext&, const GuestMemory&, uint32_t buf, uint32_t bufLen);

// wasi_fd.cpp: reading, writing and positioning
WasiErrno fdRead(WasiContext&, const GuestMemory&, uint32_t fd, uint32_t iovs, uint32_t iovsLen,
                 uint32_t nreadOut);
WasiErrno fdWrite(WasiContext&, const GuestMemory&, uint32_t fd, uint32_t iovs, uint32_t iovsLen,
                  uint32_t nwrittenOut);
WasiErrno fdPread(WasiContext&, const GuestMemory&, uint32_t fd, uint32_t iovs, uint32_t iovsLen,
                  uint64_t offset, uint32_t nreadOut);
WasiErrno fdPwrite(WasiContext&, const GuestMemory&, uint32_t fd, uint32_t iovs, uint32_t iovsLen,
                   uint64_t offset, uint32_t nwrittenOut);
WasiErrno fdSeek(WasiContext&, const GuestMemory&, uint32_t fd, uint64_t offset, uint32_t whence,
                 uint32_t newOffsetOut);
WasiErrno fdTell(WasiContext&, const GuestMemory&, uint32_t fd, uint32_t offsetOut);
WasiErrno fdClose(WasiContext&, const GuestMemory&, uint32_t fd);
WasiErrno fdRenumber(WasiContext&, const GuestMemory&, uint32_t fd, uint32_t to);

// wasi_fd_attributes.cpp: descriptor and file attributes
WasiErrno fdAdvise(WasiContext&, const GuestMemory&, uint32_t fd, uint64_t offset, uint64_t len,
                   uint32_t advice);
WasiErrno fdAllocate(WasiContext&, const GuestMemory&, uint32_t fd, uint64_t offset, uint64_t len);
WasiErrno fdDatasync(WasiContext&, const GuestMemory&, uint32_t fd);
WasiErrno fdSync(WasiContext&, const GuestMemory&, uint32_t fd);
WasiErrno fdFdstatGet(WasiContext&, const GuestMemory&, uint32_t fd, uint32_t fdstatOut);
WasiErrno fdFdstatSetFlags(WasiContext&, const GuestMemory&, uint32_t fd, uint32_t flags);
WasiErrno fdFdstatSetRights(WasiContext&, const GuestMemory&, uint32_t fd, uint64_t rightsBase,
                            uint64_t rightsInheriting);
WasiErrno fdFilestatGet(WasiContext&, const GuestMemory&, uint32_t fd, uint32_t filestatOut);
WasiErrno fdFilestatSetSize(WasiContext&, const GuestMemory&, uint32_t fd, uint64_t size);
WasiErrno fdFilestatSetTimes(WasiContext&, const GuestMemory&, uint32_t fd, uint64_t atim, uint64_t mtim,
                             uint32_t fstFlags);
WasiErrno fdPrestatGet(WasiContext&, const GuestMemory&, uint32_t fd, uint32_t prestatOut);
WasiErrno fdPrestatDirName(WasiContext&, const GuestMemory&, uint32_t fd, uint32_t path, uint32_t pathLen);

// wasi_readdir.cpp
WasiErrno fdReaddir(WasiContext&, const GuestMemory&, uint32_t fd, uint32_t buf, uint32_t bufLen,
                    uint64_t cookie, uint32_t bufusedOut);

// wasi_path.cpp: every path is resolved beneath its directory descriptor (virtual_fs.h)
WasiErrno pathCreateDirectory(WasiContext&, const GuestMemory&, uint32_t fd, uint32_t path, uint32_t pathLen);
WasiErrno pathFilestatGet(WasiContext&, const GuestMemory&, uint32_t fd, uint32_t lookupFlags, uint32_t path,
                          uint32_t pathLen, uint32_t filestatOut);
WasiErrno pathFilestatSetTimes(WasiContext&, const GuestMemory&, uint32_t fd, uint32_t lookupFlags,
                               uint32_t path, uint32_t pathLen, uint64_t atim, uint64_t mtim,
                               uint32_t fstFlags);
WasiErrno pathLink(WasiContext&, const GuestMemory&, uint32_t oldFd, uint32_t oldLookupFlags,
                   uint32_t oldPath, uint32_t oldPathLen, uint32_t newFd, uint32_t newPath,
                   uint32_t newPathLen);
WasiErrno pathOpen(WasiContext&, const GuestMemory&, uint32_t fd, uint32_t lookupFlags, uint32_t path,
                   uint32_t pathLen, uint32_t oflags, uint64_t rightsBase, uint64_t rightsInheriting,
                   uint32_t fdflags, uint32_t fdOut);
WasiErrno pathReadlink(WasiContext&, const GuestMemory&, uint32_t fd, uint32_t path, uint32_t pathLen,
                       uint32_t buf, uint32_t bufLen, uint32_t bufusedOut);
WasiErrno pathRemoveDirectory(WasiContext&, const GuestMemory&, uint32_t fd, uint32_t path, uint32_t pathLen);
WasiErrno pathRename(WasiContext&, const GuestMemory&, uint32_t fd, uint32_t oldPath, uint32_t oldPathLen,
                     uint32_t newFd, uint32_t newPath, uint32_t newPathLen);
WasiErrno pathSymlink(WasiContext&, const GuestMemory&, uint32_t oldPath, uint32_t oldPathLen, uint32_t fd,
                      uint32_t newPath, uint32_t newPathLen);
WasiErrno pathUnlinkFile(WasiContext&, const GuestMemory&, uint32_t fd, uint32_t path, uint32_t pathLen);

// wasi_poll.cpp
WasiErrno pollOneoff(WasiContext&, const GuestMemory&, uint32_t in, uint32_t out, uint32_t nsubscriptions,
                     uint32_t neventsOut);

// wasi_proc.cpp
WasiExit procExit(WasiContext&, const GuestMemory&, uint32_t code);
WasiErrno procRaise(WasiContext&, const GuestMemory&, uint32_t signal);
WasiErrno schedYield(WasiContext&, const GuestMemory&);

// wasi_sock.cpp: on sockets the host handed in (WasiContext::addHostDescriptor)
WasiErrno sockAccept(WasiContext&, const GuestMemory&, uint32_t fd, uint32_t flags, uint32_t fdOut);
WasiErrno sockRecv(WasiContext&, const GuestMemory&, uint32_t fd, uint32_t riData, uint32_t riDataLen,
                   uint32_t riFlags, uint32_t roDatalenOut, uint32_t roFlagsOut);
WasiErrno sockSend(WasiContext&, const GuestMemory&, uint32_t fd, uint32_t siData, uint32_t siDataLen,
                   uint32_t siFlags, uint32_t soDatalenOut);
WasiErrno sockShutdown(WasiContext&, const GuestMemory&, uint32_t fd, uint32_t how);

}  // namespace faaslet::wasi
