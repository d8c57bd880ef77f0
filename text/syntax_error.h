#pragma once
// Where in the text something went wrong, and what was expected there.

#include <cstdint>
#include <string>

namespace faaslet::text {

struct Position {
    uint32_t line = 1;
    uint32_t column = 1;  // in bytes from the start of the line, 1-based
};

// Thrown by the lexer and parsers; the public entry points return it as a value.
struct SyntaxError {
    Position pos;
    std::string message;  // "expected a value type, found `i33`"

    // "3:14: expected a value type, found `i33`"
    std::string toString() const;
};

}  // namespace faaslet::text
