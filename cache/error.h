#pragma once
// Errors of the cache's operations as values. None of them is fatal to a caller: on any of them a
// caller can compile into a scratch directory (cache/scratch.h) and run from there.

#include <cstdint>
#include <string>

#include "common/expected.h"

namespace faaslet::cache {

struct Error {
    enum class Kind : uint8_t {
        NotFound,         // no such entry
        Unwritable,       // the directory cannot be created or written (read-only, permissions,
                          // a file where a directory should be)
        NoSpace,          // the filesystem is full, or a quota or file-size limit was hit
        Io,               // any other system error
        Damaged,          // the entry exists but failed its integrity checks
        InvalidArgument,  // the caller's input cannot be stored (e.g. a name that is too long)
        Untrusted,        // other users can write the cache directory (directory_trust.h)
    };
    Kind kind = Kind::Io;
    std::string message;  // says which path and what happened
    int sysErrno = 0;     // the errno behind it, or 0

    static Error make(Kind kind, std::string message, int sysErrno = 0) {
        return {kind, std::move(message), sysErrno};
    }
    // `what` names the operation and path ("cannot create /x/y"); strerror(err) is appended. The
    // kind follows from the errno: EROFS, EACCES, EPERM, ENOTDIR, EEXIST -> Unwritable; ENOSPC,
    // EDQUOT, EFBIG -> NoSpace; everything else -> Io.
    static Error fromErrno(int err, const std::string& what);

    std::string toString() const;
};

const char* toString(Error::Kind kind);

template <class T>
using Result = Expected<T, Error>;
using Status = StatusOf<Error>;

}  // namespace faaslet::cache
