#pragma once
// The tokens of the WebAssembly text format (spec 6.3): parentheses, keywords, identifiers,
// strings and number-like atoms, with their line and column. Whitespace, line comments, nested
// block comments and annotations `(@name ...)` are skipped here, so the parser never sees them.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "text/syntax_error.h"

namespace faaslet::text {

enum class TokenKind : uint8_t {
    LParen,
    RParen,
    Keyword,   // starts with a lower-case letter: `func`, `i32.add`, `offset=4`
    Id,        // `$name`
    String,    // `"..."`: `value` holds the bytes after escapes
    Number,    // starts with a digit or a sign: integers and floats, checked when used
    Reserved,  // any other run of identifier characters and strings: always an error where used
    End,       // after the last token
};

struct Token {
    TokenKind kind = TokenKind::End;
    std::string_view text;  // the token as written (for String: with quotes and escapes)
    std::string value;      // String: the decoded bytes
    Position pos;
};

const char* toString(TokenKind kind);
// How a token is named in messages: `func`, "a string", the end of the input.
std::string describe(const Token& token);

// Splits `source` into tokens, the last one End. The tokens' `text` views `source`, which must
// outlive them. Throws SyntaxError on a character that cannot start a token, an unterminated
// string, block comment or annotation, a bad escape or invalid UTF-8.
std::vector<Token> tokenize(std::string_view source);

}  // namespace faaslet::text
