#pragma once
// Errors in a WebAssembly module, as values a user can act on: where (section, function, byte
// offset) and what was expected.

#include <cstddef>
#include <cstdint>
#include <exception>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "common/expected.h"

namespace faaslet::wasm {

struct Error {
    // The spec distinguishes a binary that does not parse (malformed) from one that parses but
    // breaks a typing or structural rule (invalid); the spec suite asserts which one a module is.
    // A module that may be fine by the spec but is larger than faaslet accepts (more locals, types,
    // functions, ... than the decoder's limits) is neither: it hits an implementation limit, which
    // a user can lift, unlike a broken module. A module that uses a proposal beyond 2.0 that faaslet
    // does not run (module/proposals.h) is Unsupported: the error names the proposal.
    enum class Kind : uint8_t { Malformed, Invalid, ImplementationLimit, Unsupported };

    Kind kind = Kind::Malformed;
    std::string section;              // "code", "type", ... or "header"
    std::optional<uint32_t> function; // function index, for errors inside a function body
    size_t offset = 0;                // byte offset in the module
    std::string message;

    // e.g. "code section, function 12 at 0x3f1: type mismatch: expected i32, found f64"
    std::string toString() const;
    // What a user is told about `subject` (a file, a function): "SUBJECT: KIND: " + toString(),
    // KIND as kindName() words it.
    std::string toStringFor(std::string_view subject) const;
};

// "malformed", "invalid", "implementation limit" or "unsupported": what a message says the error is.
const char* kindName(Error::Kind kind);

// Thrown inside the decoder and validator, where unwinding keeps the parsing code straight; the
// public entry points (decode, validate) catch it and return the Error as a value.
class ModuleError : public std::exception {
public:
    explicit ModuleError(Error error) : error_(std::move(error)), text_(error_.toString()) {}
    const Error& error() const { return error_; }
    const char* what() const noexcept override { return text_.c_str(); }

private:
    Error error_;
    std::string text_;
};

template <class T>
using Result = Expected<T, Error>;
using Status = StatusOf<Error>;

}  // namespace faaslet::wasm
