#include "text/token_cursor.h"

#include "fmt/format.h"

namespace faaslet::text {

const Token& TokenCursor::peek(size_t ahead) const {
    size_t i = at_ + ahead;
    return i < tokens_.size() ? tokens_[i] : tokens_.back();
}

const Token& TokenCursor::next() {
    const Token& t = peek();
    if (at_ + 1 < tokens_.size()) ++at_;
    return t;
}

bool TokenCursor::isKeyword(std::string_view keyword, size_t ahead) const {
    const Token& t = peek(ahead);
    return t.kind == TokenKind::Keyword && t.text == keyword;
}

bool TokenCursor::atForm(std::string_view keyword, size_t ahead) const {
    return is(TokenKind::LParen, ahead) && isKeyword(keyword, ahead + 1);
}

void TokenCursor::expectLParen() {
    if (!is(TokenKind::LParen)) expected("`(`");
    next();
}

void TokenCursor::expectRParen() {
    if (!is(TokenKind::RParen)) expected("`)`");
    next();
}

void TokenCursor::expectKeyword(std::string_view keyword) {
    if (!isKeyword(keyword)) expected(fmt::format("`{}`", keyword));
    next();
}

void TokenCursor::expectForm(std::string_view keyword) {
    expectLParen();
    expectKeyword(keyword);
}

std::string_view TokenCursor::expectKeywordToken(const char* what) {
    if (!is(TokenKind::Keyword)) expected(what);
    return next().text;
}

std::string TokenCursor::expectString(const char* what) {
    if (!is(TokenKind::String)) expected(what);
    return next().value;
}

const Token* TokenCursor::takeId() {
    return is(TokenKind::Id) ? &next() : nullptr;
}

bool TokenCursor::takeKeyword(std::string_view keyword) {
    if (!isKeyword(keyword)) return false;
    next();
    return true;
}

void TokenCursor::skipToFormEnd() {
    int depth = 1;
    while (depth > 0) {
        const Token& t = peek();
        if (t.kind == TokenKind::End) expected("`)`");
        if (t.kind == TokenKind::LParen) ++depth;
        if (t.kind == TokenKind::RParen) --depth;
        next();
    }
}

void TokenCursor::fail(const Token& at, std::string message) const {
    throw SyntaxError{at.pos, std::move(message)};
}

void TokenCursor::expected(std::string_view what) const {
    fail(peek(), fmt::format("expected {}, found {}", what, describe(peek())));
}

}  // namespace faaslet::text
