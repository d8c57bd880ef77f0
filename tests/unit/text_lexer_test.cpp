// The text format's tokens and number literals: the spec's lexical rules, and errors with positions.

#include <gtest/gtest.h>

#include "text/lexer.h"
#include "text/numbers.h"

namespace faaslet::text {
namespace {

std::vector<TokenKind> kinds(const std::vector<Token>& tokens) {
    std::vector<TokenKind> out;
    for (const auto& t : tokens) out.push_back(t.kind);
    return out;
}

SyntaxError lexError(std::string_view source) {
    try {
        tokenize(source);
    } catch (const SyntaxError& e) {
        return e;
    }
    ADD_FAILURE() << "no error for: " << source;
    return {};
}

TEST(TextLexer, SkipsNestedCommentsLineCommentsAndAnnotations) {
    auto tokens = tokenize("(;a(;b;)c;) (module ;; rest\n (@custom \"x\" (nested)) $m)");
    ASSERT_EQ(kinds(tokens), (std::vector<TokenKind>{TokenKind::LParen, TokenKind::Keyword, TokenKind::Id,
                                                     TokenKind::RParen, TokenKind::End}));
    EXPECT_EQ(tokens[1].text, "module");
    EXPECT_EQ(tokens[2].pos.line, 2u);
    EXPECT_EQ(tokens[2].pos.column, 25u);
}

TEST(TextLexer, DecodesStringEscapes) {
    auto tokens = tokenize(R"("\t\n\r\"\'\\\41\u{1F600}\u{e9}")");
    ASSERT_EQ(tokens[0].kind, TokenKind::String);
    EXPECT_EQ(tokens[0].value, "\t\n\r\"'\\A\xF0\x9F\x98\x80\xC3\xA9");
}

TEST(TextLexer, ClassifiesAtoms) {
    auto tokens = tokenize("i32.add offset=4 -0x1p3 +inf $x $l\"a\" \"a\"\"b\" ABC");
    EXPECT_EQ(kinds(tokens),
              (std::vector<TokenKind>{TokenKind::Keyword, TokenKind::Keyword, TokenKind::Number, TokenKind::Number,
                                      TokenKind::Id, TokenKind::Reserved, TokenKind::Reserved, TokenKind::Reserved,
                                      TokenKind::End}));
}

TEST(TextLexer, ReportsWhereTokensGoWrong) {
    SyntaxError e = lexError("(module\n  \"abc");
    EXPECT_EQ(e.pos.line, 2u);
    EXPECT_EQ(e.pos.column, 3u);
    EXPECT_NE(e.message.find("unterminated string"), std::string::npos);

    e = lexError("(; (; ;)");
    EXPECT_EQ(e.pos.column, 1u);
    EXPECT_NE(e.message.find("unterminated block comment"), std::string::npos);

    e = lexError("\"\\q\"");
    EXPECT_EQ(e.pos.column, 2u);
    EXPECT_NE(e.message.find("unknown escape"), std::string::npos);

    EXPECT_NE(lexError("\"\\u{d800}\"").message.find("surrogate"), std::string::npos);
    EXPECT_NE(lexError("\"\xff\"").message.find("UTF-8"), std::string::npos);
    EXPECT_NE(lexError("\"a\tb\"").message.find("control character"), std::string::npos);
    EXPECT_NE(lexError("(func {})").message.find("unexpected character `{`"), std::string::npos);
    EXPECT_NE(lexError("(@a (b)").message.find("unterminated annotation"), std::string::npos);
}

TEST(TextNumbers, IntegersWithUnderscoresHexAndSigns) {
    EXPECT_EQ(parseInteger("1_000_000", 32), 1000000u);
    EXPECT_EQ(parseInteger("0xffff_ffff", 32), 0xffffffffu);
    EXPECT_EQ(parseInteger("-0x8000_0000", 32), 0x80000000u);
    EXPECT_EQ(parseInteger("-1", 64), ~uint64_t(0));
    EXPECT_EQ(parseInteger("+0x7fffffff", 32), 0x7fffffffu);
    EXPECT_EQ(parseInteger("4294967296", 32), std::nullopt);
    EXPECT_EQ(parseInteger("-2147483649", 32), std::nullopt);
    EXPECT_EQ(parseInteger("18446744073709551616", 64), std::nullopt);
    EXPECT_EQ(parseInteger("1__0", 32), std::nullopt);
    EXPECT_EQ(parseInteger("_1", 32), std::nullopt);
    EXPECT_EQ(parseInteger("1_", 32), std::nullopt);
    EXPECT_EQ(parseInteger("0x", 32), std::nullopt);
    EXPECT_EQ(parseUnsigned("-1", 32), std::nullopt);
    EXPECT_EQ(parseUnsigned("255", 8), 255u);
    EXPECT_EQ(parseUnsigned("256", 8), std::nullopt);
}

TEST(TextNumbers, FloatsHexInfAndNanPayloads) {
    EXPECT_EQ(parseF32("0x1p-149"), 1u);  // the smallest subnormal
    EXPECT_EQ(parseF32("1.5"), 0x3fc00000u);
    EXPECT_EQ(parseF32("1_0.2_5e0_1"), parseF32("102.5"));
    EXPECT_EQ(parseF32("-inf"), 0xff800000u);
    EXPECT_EQ(parseF32("nan"), 0x7fc00000u);
    EXPECT_EQ(parseF32("-nan:0x200000"), 0xffa00000u);
    EXPECT_EQ(parseF32("nan:0x0"), std::nullopt);
    EXPECT_EQ(parseF32("nan:0x800000"), std::nullopt);
    EXPECT_EQ(parseF32("1e39"), std::nullopt);  // rounds to infinity
    EXPECT_EQ(parseF32("0x1.fffffep127"), 0x7f7fffffu);
    EXPECT_EQ(parseF32("0x1.ffffffp127"), std::nullopt);
    EXPECT_EQ(parseF64("0x1.8p1"), 0x4008000000000000u);
    EXPECT_EQ(parseF64("1."), 0x3ff0000000000000u);
    EXPECT_EQ(parseF64("-0"), 0x8000000000000000u);
    EXPECT_EQ(parseF64("nan:0xf_ffff_ffff_ffff"), 0x7fffffffffffffffu);
    EXPECT_EQ(parseF64(".5"), std::nullopt);
    EXPECT_EQ(parseF64("1e"), std::nullopt);
    EXPECT_EQ(parseF64("0x1e5p"), std::nullopt);
}

}  // namespace
}  // namespace faaslet::text
