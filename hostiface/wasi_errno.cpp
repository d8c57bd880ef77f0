#include "hostiface/wasi_errno.h"

#include <cerrno>

namespace faaslet::hostiface {

WasiErrno wasiErrnoFromHost(int hostErrno) {
    switch (hostErrno) {
        case 0: return WasiErrno::Success;
        case E2BIG: return WasiErrno::TooBig;
        case EACCES: return WasiErrno::Access;
        case EAGAIN: return WasiErrno::Again;
        case EBADF: return WasiErrno::BadF;
        case EBUSY: return WasiErrno::Busy;
        case EEXIST: return WasiErrno::Exist;
        case EFAULT: return WasiErrno::Fault;
        case EFBIG: return WasiErrno::FBig;
        case EINTR: return WasiErrno::Intr;
        case EINVAL: return WasiErrno::Inval;
        case EISDIR: return WasiErrno::IsDir;
        case ELOOP: return WasiErrno::Loop;
        case EMFILE: return WasiErrno::MFile;
        case ENAMETOOLONG: return WasiErrno::NameTooLong;
        case ENOENT: return WasiErrno::NoEnt;
        case ENOMEM: return WasiErrno::NoMem;
        case ENOSPC: return WasiErrno::NoSpc;
        case ENOSYS: return WasiErrno::NoSys;
        case ENOTDIR: return WasiErrno::NotDir;
        case ENOTEMPTY: return WasiErrno::NotEmpty;
        case EOPNOTSUPP: return WasiErrno::NotSup;
        case EPERM: return WasiErrno::Perm;
        case EPIPE: return WasiErrno::Pipe;
        case ERANGE: return WasiErrno::Range;
        case EROFS: return WasiErrno::RoFs;
        case ESPIPE: return WasiErrno::SPipe;
        default: return WasiErrno::Io;
    }
}

}  // namespace faaslet::hostiface
