#include "wasi/errors.h"

#include <cstddef>
#include <iterator>

namespace faaslet::wasi {

namespace {

// The host errno of one that has none: notcapable is WASI's own.
constexpr int kNone = -1;

struct ErrnoRow {
    WasiErrno wasi;
    int host;
    const char* name;  // in the witx
};

// One row per WASI errno, in the order of their values, so a WASI errno is its own index.
constexpr ErrnoRow kErrnos[] = {
    {WasiErrno::Success, 0, "success"},
    {WasiErrno::TooBig, E2BIG, "2big"},
    {WasiErrno::Access, EACCES, "acces"},
    {WasiErrno::AddrInUse, EADDRINUSE, "addrinuse"},
    {WasiErrno::AddrNotAvail, EADDRNOTAVAIL, "addrnotavail"},
    {WasiErrno::AfNoSupport, EAFNOSUPPORT, "afnosupport"},
    {WasiErrno::Again, EAGAIN, "again"},  // EWOULDBLOCK is the same value on Linux
    {WasiErrno::Already, EALREADY, "already"},
    {WasiErrno::BadF, EBADF, "badf"},
    {WasiErrno::BadMsg, EBADMSG, "badmsg"},
    {WasiErrno::Busy, EBUSY, "busy"},
    {WasiErrno::Canceled, ECANCELED, "canceled"},
    {WasiErrno::Child, ECHILD, "child"},
    {WasiErrno::ConnAborted, ECONNABORTED, "connaborted"},
    {WasiErrno::ConnRefused, ECONNREFUSED, "connrefused"},
    {WasiErrno::ConnReset, ECONNRESET, "connreset"},
    {WasiErrno::DeadLk, EDEADLK, "deadlk"},
    {WasiErrno::DestAddrReq, EDESTADDRREQ, "destaddrreq"},
    {WasiErrno::Dom, EDOM, "dom"},
    {WasiErrno::DQuot, EDQUOT, "dquot"},
    {WasiErrno::Exist, EEXIST, "exist"},
    {WasiErrno::Fault, EFAULT, "fault"},
    {WasiErrno::FBig, EFBIG, "fbig"},
    {WasiErrno::HostUnreach, EHOSTUNREACH, "hostunreach"},
    {WasiErrno::IdRm, EIDRM, "idrm"},
    {WasiErrno::IlSeq, EILSEQ, "ilseq"},
    {WasiErrno::InProgress, EINPROGRESS, "inprogress"},
    {WasiErrno::Intr, EINTR, "intr"},
    {WasiErrno::Inval, EINVAL, "inval"},
    {WasiErrno::Io, EIO, "io"},
    {WasiErrno::IsConn, EISCONN, "isconn"},
    {WasiErrno::IsDir, EISDIR, "isdir"},
    {WasiErrno::Loop, ELOOP, "loop"},
    {WasiErrno::MFile, EMFILE, "mfile"},
    {WasiErrno::MLink, EMLINK, "mlink"},
    {WasiErrno::MsgSize, EMSGSIZE, "msgsize"},
    {WasiErrno::Multihop, EMULTIHOP, "multihop"},
    {WasiErrno::NameTooLong, ENAMETOOLONG, "nametoolong"},
    {WasiErrno::NetDown, ENETDOWN, "netdown"},
    {WasiErrno::NetReset, ENETRESET, "netreset"},
    {WasiErrno::NetUnreach, ENETUNREACH, "netunreach"},
    {WasiErrno::NFile, ENFILE, "nfile"},
    {WasiErrno::NoBufs, ENOBUFS, "nobufs"},
    {WasiErrno::NoDev, ENODEV, "nodev"},
    {WasiErrno::NoEnt, ENOENT, "noent"},
    {WasiErrno::NoExec, ENOEXEC, "noexec"},
    {WasiErrno::NoLck, ENOLCK, "nolck"},
    {WasiErrno::NoLink, ENOLINK, "nolink"},
    {WasiErrno::NoMem, ENOMEM, "nomem"},
    {WasiErrno::NoMsg, ENOMSG, "nomsg"},
    {WasiErrno::NoProtoOpt, ENOPROTOOPT, "noprotoopt"},
    {WasiErrno::NoSpc, ENOSPC, "nospc"},
    {WasiErrno::NoSys, ENOSYS, "nosys"},
    {WasiErrno::NotConn, ENOTCONN, "notconn"},
    {WasiErrno::NotDir, ENOTDIR, "notdir"},
    {WasiErrno::NotEmpty, ENOTEMPTY, "notempty"},
    {WasiErrno::NotRecoverable, ENOTRECOVERABLE, "notrecoverable"},
    {WasiErrno::NotSock, ENOTSOCK, "notsock"},
    {WasiErrno::NotSup, EOPNOTSUPP, "notsup"},  // ENOTSUP is the same value on Linux
    {WasiErrno::NoTty, ENOTTY, "notty"},
    {WasiErrno::NxIo, ENXIO, "nxio"},
    {WasiErrno::Overflow, EOVERFLOW, "overflow"},
    {WasiErrno::OwnerDead, EOWNERDEAD, "ownerdead"},
    {WasiErrno::Perm, EPERM, "perm"},
    {WasiErrno::Pipe, EPIPE, "pipe"},
    {WasiErrno::Proto, EPROTO, "proto"},
    {WasiErrno::ProtoNoSupport, EPROTONOSUPPORT, "protonosupport"},
    {WasiErrno::ProtoType, EPROTOTYPE, "prototype"},
    {WasiErrno::Range, ERANGE, "range"},
    {WasiErrno::RoFs, EROFS, "rofs"},
    {WasiErrno::SPipe, ESPIPE, "spipe"},
    {WasiErrno::Srch, ESRCH, "srch"},
    {WasiErrno::Stale, ESTALE, "stale"},
    {WasiErrno::TimedOut, ETIMEDOUT, "timedout"},
    {WasiErrno::TxtBsy, ETXTBSY, "txtbsy"},
    {WasiErrno::XDev, EXDEV, "xdev"},
    {WasiErrno::NotCapable, kNone, "notcapable"},
};

constexpr bool inValueOrder() {
    for (size_t i = 0; i < std::size(kErrnos); ++i)
        if (size_t(kErrnos[i].wasi) != i) return false;
    return true;
}
static_assert(std::size(kErrnos) == 77 && inValueOrder());

}  // namespace

WasiErrno wasiErrnoFromHost(int hostErrno) {
    if (hostErrno != kNone)
        for (const ErrnoRow& row : kErrnos)
            if (row.host == hostErrno) return row.wasi;
    return WasiErrno::Io;
}

const char* wasiErrnoName(WasiErrno e) {
    const auto index = size_t(e);
    return index < std::size(kErrnos) ? kErrnos[index].name : "unknown";
}

}  // namespace faaslet::wasi
