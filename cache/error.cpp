#include "cache/error.h"

#include <cerrno>
#include <cstring>

namespace faaslet::cache {

CacheError CacheError::fromErrno(int err, const std::string& what) {
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

const char* toString(CacheError::Kind kind) {
    switch (kind) {
        case CacheError::Kind::NotFound: return "not found";
        case CacheError::Kind::Unwritable: return "cache not writable";
        case CacheError::Kind::NoSpace: return "no space";
        case CacheError::Kind::Io: return "I/O error";
        case CacheError::Kind::Damaged: return "damaged entry";
        case CacheError::Kind::InvalidArgument: return "invalid argument";
        case CacheError::Kind::Untrusted: return "cache directory not trusted";
    }
    return "?";
}

std::string CacheError::toString() const {
    return std::string(cache::toString(kind)) + ": " + message;
}

}  // namespace faaslet::cache
