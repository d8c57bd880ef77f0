#pragma once
// The errno values of wasi_snapshot_preview1, and the mapping from the host's errno.

#include <cstdint>

namespace faaslet::hostiface {

enum class WasiErrno : uint16_t {
    Success = 0,
    TooBig = 1,
    Access = 2,
    Again = 6,
    BadF = 8,
    Busy = 10,
    Exist = 20,
    Fault = 21,
    FBig = 22,
    Intr = 27,
    Inval = 28,
    Io = 29,
    IsDir = 31,
    Loop = 32,
    MFile = 33,
    NameTooLong = 37,
    NoEnt = 44,
    NoMem = 48,
    NoSpc = 51,
    NoSys = 52,
    NotDir = 54,
    NotEmpty = 55,
    NotSup = 58,
    Perm = 63,
    Pipe = 64,
    Range = 68,
    RoFs = 69,
    SPipe = 70,
    NotCapable = 76,
};

WasiErrno wasiErrnoFromHost(int hostErrno);

}  // namespace faaslet::hostiface
