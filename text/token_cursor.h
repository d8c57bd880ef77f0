#pragma once
// A position in a token list with the look-ahead and the "expected X, found Y" errors that the
// module and script parsers share.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "text/lexer.h"

namespace faaslet::text {

class TokenCursor {
public:
    // `tokens` ends with an End token (as tokenize() returns them) and outlives the cursor.
    explicit TokenCursor(const std::vector<Token>& tokens) : tokens_(tokens) {}

    const Token& peek(size_t ahead = 0) const;
    const Token& next();
    size_t mark() const { return at_; }
    void reset(size_t mark) { at_ = mark; }

    bool isKeyword(std::string_view keyword, size_t ahead = 0) const;
    bool is(TokenKind kind, size_t ahead = 0) const { return peek(ahead).kind == kind; }
    // `(` followed by the keyword.
    bool atForm(std::string_view keyword, size_t ahead = 0) const;

    void expectLParen();
    void expectRParen();
    void expectKeyword(std::string_view keyword);
    // `(` KEYWORD
    void expectForm(std::string_view keyword);
    std::string_view expectKeywordToken(const char* what);
    std::string expectString(const char* what);
    // Takes an identifier when the next token is one.
    const Token* takeId();
    bool takeKeyword(std::string_view keyword);

    // Skips the rest of a form whose `(` has been taken, through its `)`.
    void skipToFormEnd();

    [[noreturn]] void fail(const Token& at, std::string message) const;
    // "expected WHAT, found `x`" at the next token.
    [[noreturn]] void expected(std::string_view what) const;

private:
    const std::vector<Token>& tokens_;
    size_t at_ = 0;
};

}  // namespace faaslet::text
