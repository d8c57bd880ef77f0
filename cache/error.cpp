#include "cache/error.h"

#include <cerrno>
#include <cstring>

namespace faaslet::cache {

Error Error::fromErrno(int err, const std::string& what) {
    Kind kind = Kind::Io;
    switch (err) {
        case EROFS:
        case EACCES:
        case EPERM:
        case ENOTDIR:
        case EEXIST: kind = Kind::Unwritable; break;
        case ENOSPC:
        case EDQUOT:
        case EFBIG: kind = Kind::NoSpace; break;
        default: break;
    }
    return {kind, what + ": " + std::strerror(err), err};
}

const char* toString(Error::Kind kind) {
    switch (kind) {
        case Error::Kind::NotFound: return "not found";
        case Error::Kind::Unwritable: return "cache not writable";
        case Error::Kind::NoSpace: return "no space";
        case Error::Kind::Io: return "I/O error";
        case Error::Kind::Damaged: return "damaged entry";
        case Error::Kind::InvalidArgument: return "invalid argument";
        case Error::Kind::Untrusted: return "cache directory not trusted";
    }
    return "?";
}

std::string Error::toString() const {
    return std::string(cache::toString(kind)) + ": " + message;
}

}  // namespace faaslet::cache
