#pragma once
// The errno values of wasi_snapshot_preview1 (the `errno` enum of its witx, a u16), and the mapping
// from the host's errno.

#include <cerrno>
#include <cstdint>

namespace faaslet::wasi {

enum class WasiErrno : uint16_t {
    Success = 0,
    TooBig = 1,  // 2big
    Access = 2,
    AddrInUse = 3,
    AddrNotAvail = 4,
    AfNoSupport = 5,
    Again = 6,
    Already = 7,
    BadF = 8,
    BadMsg = 9,
    Busy = 10,
    Canceled = 11,
    Child = 12,
    ConnAborted = 13,
    ConnRefused = 14,
    ConnReset = 15,
    DeadLk = 16,
    DestAddrReq = 17,
    Dom = 18,
    DQuot = 19,
    Exist = 20,
    Fault = 21,
    FBig = 22,
    HostUnreach = 23,
    IdRm = 24,
    IlSeq = 25,
    InProgress = 26,
    Intr = 27,
    Inval = 28,
    Io = 29,
    IsConn = 30,
    IsDir = 31,
    Loop = 32,
    MFile = 33,
    MLink = 34,
    MsgSize = 35,
    Multihop = 36,
    NameTooLong = 37,
    NetDown = 38,
    NetReset = 39,
    NetUnreach = 40,
    NFile = 41,
    NoBufs = 42,
    NoDev = 43,
    NoEnt = 44,
    NoExec = 45,
    NoLck = 46,
    NoLink = 47,
    NoMem = 48,
    NoMsg = 49,
    NoProtoOpt = 50,
    NoSpc = 51,
    NoSys = 52,
    NotConn = 53,
    NotDir = 54,
    NotEmpty = 55,
    NotRecoverable = 56,
    NotSock = 57,
    NotSup = 58,
    NoTty = 59,
    NxIo = 60,
    Overflow = 61,
    OwnerDead = 62,
    Perm = 63,
    Pipe = 64,
    Proto = 65,
    ProtoNoSupport = 66,
    ProtoType = 67,
    Range = 68,
    RoFs = 69,
    SPipe = 70,
    Srch = 71,
    Stale = 72,
    TimedOut = 73,
    TxtBsy = 74,
    XDev = 75,
    NotCapable = 76,  // the descriptor lacks a right, or a path would leave its directory
};

// The WASI errno for a host errno value; EIO for one WASI has no name for.
WasiErrno wasiErrnoFromHost(int hostErrno);

// The result of a host call that returns 0 or sets errno.
inline WasiErrno hostResult(int rc) {
    return rc == 0 ? WasiErrno::Success : wasiErrnoFromHost(errno);
}

// The witx name ("badf", "notcapable"), for messages and test output.
const char* wasiErrnoName(WasiErrno e);

}  // namespace faaslet::wasi
