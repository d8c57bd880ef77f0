#pragma once
// Errors of the function registry as values: what kind (so callers can map them to exit statuses
// or HTTP codes) and a message for the user that names what was wrong and why.

#include <cstdint>
#include <string>

#include "common/expected.h"

namespace faaslet::functions {

struct Error {
    enum class Kind : uint8_t {
        InvalidName,      // not user/function in the allowed characters (function_name.h)
        InvalidSettings,  // a setting out of range or not in its format (settings.h)
        InvalidModule,    // malformed, invalid, does not compile, or needs more memory than allowed
        NotFound,         // no function of that name
        Untrusted,        // the data directory can be written by another user
        Io,               // the data directory cannot be read or written
        Damaged,          // a stored function's files are missing or do not parse
    };
    Kind kind = Kind::Io;
    std::string message;

    static Error make(Kind kind, std::string message) { return {kind, std::move(message)}; }
};

template <class T>
using Result = Expected<T, Error>;
using Status = StatusOf<Error>;

}  // namespace faaslet::functions
