#include "text/lexer.h"

#include "fmt/format.h"

namespace faaslet::text {

namespace {

bool isIdChar(unsigned char c) {
    if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) return true;
    switch (c) {
        case '!': case '#': case '$': case '%': case '&': case '\'': case '*': case '+': case '-':
        case '.': case '/': case ':': case '<': case '=': case '>': case '?': case '@': case '\\':
        case '^': case '_': case '`': case '|': case '~':
            return true;
        default: return false;
    }
}

int hexValue(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

void appendUtf8(std::string& out, uint32_t cp) {
    if (cp < 0x80) {
        out += char(cp);
    } else if (cp < 0x800) {
        out += char(0xc0 | (cp >> 6));
        out += char(0x80 | (cp & 0x3f));
    } else if (cp < 0x10000) {
        out += char(0xe0 | (cp >> 12));
        out += char(0x80 | ((cp >> 6) & 0x3f));
        out += char(0x80 | (cp & 0x3f));
    } else {
        out += char(0xf0 | (cp >> 18));
        out += char(0x80 | ((cp >> 12) & 0x3f));
        out += char(0x80 | ((cp >> 6) & 0x3f));
        out += char(0x80 | (cp & 0x3f));
    }
}

// The length of the UTF-8 sequence at s[i], or 0 when it is not a valid encoding of a scalar
// value (overlong forms, surrogates and values past U+10FFFF are invalid).
size_t utf8Length(std::string_view s, size_t i) {
    auto byte = [&](size_t k) { return i + k < s.size() ? (unsigned char)s[i + k] : 0u; };
    unsigned b0 = byte(0);
    auto cont = [&](size_t k) { return (byte(k) & 0xc0) == 0x80; };
    if (b0 < 0x80) return 1;
    if (b0 >= 0xc2 && b0 <= 0xdf) return cont(1) ? 2 : 0;
    if (b0 >= 0xe0 && b0 <= 0xef) {
        if (!cont(1) || !cont(2)) return 0;
        uint32_t cp = ((b0 & 0x0f) << 12) | ((byte(1) & 0x3f) << 6) | (byte(2) & 0x3f);
        return cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff) ? 0 : 3;
    }
    if (b0 >= 0xf0 && b0 <= 0xf4) {
        if (!cont(1) || !cont(2) || !cont(3)) return 0;
        uint32_t cp = ((b0 & 0x07) << 18) | ((byte(1) & 0x3f) << 12) | ((byte(2) & 0x3f) << 6) |
                      (byte(3) & 0x3f);
        return cp < 0x10000 || cp > 0x10ffff ? 0 : 4;
    }
    return 0;
}

class Lexer {
public:
    explicit Lexer(std::string_view src) : src_(src) {}

    std::vector<Token> run() {
        std::vector<Token> tokens;
        for (;;) {
            skipTrivia();
            if (at_ >= src_.size()) break;
            if (src_.compare(at_, 2, "(@") == 0 && at_ + 2 < src_.size() && isIdChar(src_[at_ + 2])) {
                skipAnnotation();
                continue;
            }
            tokens.push_back(next());
        }
        Token end;
        end.kind = TokenKind::End;
        end.pos = pos_;
        tokens.push_back(std::move(end));
        return tokens;
    }

private:
    [[noreturn]] void fail(Position p, std::string message) { throw SyntaxError{p, std::move(message)}; }

    char peek(size_t k = 0) const { return at_ + k < src_.size() ? src_[at_ + k] : '\0'; }

    // Advances over n bytes that contain no line break.
    void advance(size_t n = 1) {
        at_ += n;
        pos_.column += uint32_t(n);
    }

    // Advances over one character of a comment or string, which may be a line break or a
    // multi-byte UTF-8 sequence (counted as one column).
    void advanceChar() {
        if (src_[at_] == '\n') {
            ++at_;
            ++pos_.line;
            pos_.column = 1;
            return;
        }
        size_t n = utf8Length(src_, at_);
        if (n == 0) fail(pos_, "invalid UTF-8 encoding");
        at_ += n;
        ++pos_.column;
    }

    void skipTrivia() {
        while (at_ < src_.size()) {
            char c = src_[at_];
            if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
                advanceChar();
            } else if (c == ';' && peek(1) == ';') {
                while (at_ < src_.size() && src_[at_] != '\n' && src_[at_] != '\r') advanceChar();
            } else if (c == '(' && peek(1) == ';') {
                skipBlockComment();
            } else {
                return;
            }
        }
    }

    void skipBlockComment() {
        Position start = pos_;
        advance(2);
        int depth = 1;
        while (depth > 0) {
            if (at_ >= src_.size()) fail(start, "unterminated block comment");
            if (src_[at_] == '(' && peek(1) == ';') {
                advance(2);
                ++depth;
            } else if (src_[at_] == ';' && peek(1) == ')') {
                advance(2);
                --depth;
            } else {
                advanceChar();
            }
        }
    }

    // An annotation is skipped with everything inside it, which must still be well-formed tokens
    // with balanced parentheses.
    void skipAnnotation() {
        Position start = pos_;
        advance(2);
        int depth = 1;
        while (depth > 0) {
            skipTrivia();
            if (at_ >= src_.size()) fail(start, "unterminated annotation");
            Token t = next();
            if (t.kind == TokenKind::LParen) ++depth;
            if (t.kind == TokenKind::RParen) --depth;
        }
    }

    Token next() {
        Token t;
        t.pos = pos_;
        size_t begin = at_;
        char c = src_[at_];
        if (c == '(' || c == ')') {
            advance();
            t.kind = c == '(' ? TokenKind::LParen : TokenKind::RParen;
            t.text = src_.substr(begin, 1);
            return t;
        }
        // A token is the longest run of identifier characters and strings; a run that mixes them
        // (`$l"a"`) or holds two strings is reserved, and an error wherever it is used.
        size_t strings = 0, idChars = 0;
        while (at_ < src_.size()) {
            char d = src_[at_];
            if (d == '"') {
                readString(t.value);
                ++strings;
            } else if (isIdChar((unsigned char)d)) {
                advance();
                ++idChars;
            } else {
                break;
            }
        }
        if (at_ == begin) {
            if ((unsigned char)c >= 0x80)
                fail(pos_, utf8Length(src_, at_) == 0 ? "invalid UTF-8 encoding"
                                                      : "unexpected non-ASCII character outside a string");
            fail(pos_, fmt::format("unexpected character `{}`", c));
        }
        t.text = src_.substr(begin, at_ - begin);
        if (strings == 1 && idChars == 0) {
            t.kind = TokenKind::String;
        } else if (strings > 0) {
            t.kind = TokenKind::Reserved;
        } else if (c == '$' && t.text.size() > 1) {
            t.kind = TokenKind::Id;
        } else if (c >= 'a' && c <= 'z') {
            t.kind = TokenKind::Keyword;
        } else if ((c >= '0' && c <= '9') || c == '+' || c == '-') {
            t.kind = TokenKind::Number;
        } else {
            t.kind = TokenKind::Reserved;
        }
        return t;
    }

    void readString(std::string& out) {
        Position start = pos_;
        advance();  // the opening quote
        for (;;) {
            if (at_ >= src_.size()) fail(start, "unterminated string");
            unsigned char c = src_[at_];
            if (c == '"') {
                advance();
                return;
            }
            if (c < 0x20 || c == 0x7f) fail(pos_, fmt::format("control character 0x{:02x} in a string", c));
            if (c != '\\') {
                size_t n = utf8Length(src_, at_);
                if (n == 0) fail(pos_, "invalid UTF-8 encoding in a string");
                out.append(src_.substr(at_, n));
                at_ += n;
                ++pos_.column;
                continue;
            }
            Position escape = pos_;
            advance();
            char e = peek();
            switch (e) {
                case 't': out += '\t'; advance(); break;
                case 'n': out += '\n'; advance(); break;
                case 'r': out += '\r'; advance(); break;
                case '"': out += '"'; advance(); break;
                case '\'': out += '\''; advance(); break;
                case '\\': out += '\\'; advance(); break;
                case 'u': readUnicodeEscape(out, escape); break;
                default: {
                    int hi = hexValue(e), lo = hexValue(peek(1));
                    if (hi < 0 || lo < 0) fail(escape, "unknown escape in a string (expected \\t \\n \\r \\\" \\' \\\\ \\hh or \\u{...})");
                    out += char(hi * 16 + lo);
                    advance(2);
                }
            }
        }
    }

    void readUnicodeEscape(std::string& out, Position escape) {
        advance();  // u
        if (peek() != '{') fail(escape, "expected `{` after \\u");
        advance();
        uint32_t cp = 0;
        size_t digits = 0;
        bool lastUnderscore = false;
        for (;;) {
            char d = peek();
            if (d == '_' && digits > 0 && !lastUnderscore) {
                lastUnderscore = true;
                advance();
                continue;
            }
            int v = hexValue(d);
            if (v < 0) break;
            lastUnderscore = false;
            ++digits;
            cp = cp * 16 + uint32_t(v);
            if (cp > 0x10ffff) fail(escape, "\\u escape beyond U+10FFFF");
            advance();
        }
        if (digits == 0 || lastUnderscore || peek() != '}') fail(escape, "malformed \\u{...} escape");
        if (cp >= 0xd800 && cp <= 0xdfff) fail(escape, "\\u escape names a surrogate");
        advance();
        appendUtf8(out, cp);
    }

    std::string_view src_;
    size_t at_ = 0;
    Position pos_;
};

}  // namespace

const char* toString(TokenKind kind) {
    switch (kind) {
        case TokenKind::LParen: return "`(`";
        case TokenKind::RParen: return "`)`";
        case TokenKind::Keyword: return "a keyword";
        case TokenKind::Id: return "an identifier";
        case TokenKind::String: return "a string";
        case TokenKind::Number: return "a number";
        case TokenKind::Reserved: return "a reserved token";
        case TokenKind::End: return "the end of the input";
    }
    return "?";
}

std::string describe(const Token& token) {
    if (token.kind == TokenKind::End) return "the end of the input";
    if (token.kind == TokenKind::String) return "a string";
    std::string_view text = token.text.substr(0, 40);
    return fmt::format("`{}`{}", text, token.text.size() > 40 ? "..." : "");
}

std::vector<Token> tokenize(std::string_view source) {
    return Lexer(source).run();
}

std::string SyntaxError::toString() const {
    return fmt::format("{}:{}: {}", pos.line, pos.column, message);
}

}  // namespace faaslet::text
