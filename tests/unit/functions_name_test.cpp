#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "functions/function_name.h"

namespace faaslet::functions {
namespace {

TEST(FunctionName, AcceptsEveryAllowedCharacterAndLength) {
    for (const std::string& text : std::vector<std::string>{"alice/hello", "a/b", "0/9", "user_1/fn-2.wasm", "a.b/..c", "u/...",
                                   ".hidden/x", std::string(64, 'a') + "/" + std::string(64, 'z')}) {
        auto name = parseFunctionName(text);
        ASSERT_TRUE(name) << text << ": " << name.error().message;
        EXPECT_EQ(name->toString(), text);
    }
    auto name = parseFunctionName("alice/hello");
    EXPECT_EQ(name->user, "alice");
    EXPECT_EQ(name->function, "hello");
}

void expectRefused(const std::string& text, const std::string& rule) {
    auto name = parseFunctionName(text);
    ASSERT_FALSE(name) << "accepted \"" << text << "\"";
    EXPECT_EQ(name.error().kind, Error::Kind::InvalidName);
    EXPECT_NE(name.error().message.find(rule), std::string::npos) << name.error().message;
    // Every refusal states the whole rule as well.
    EXPECT_NE(name.error().message.find("1-64 characters of [a-z0-9_.-]"), std::string::npos);
}

TEST(FunctionName, RefusesWithTheRuleBroken) {
    expectRefused("", "no '/'");
    expectRefused("alice", "no '/'");
    expectRefused("a/b/c", "more than one '/'");
    expectRefused("/hello", "user part is empty");
    expectRefused("alice/", "function part is empty");
    expectRefused("./x", "user part may not be \".\"");
    expectRefused("../x", "user part may not be \"..\"");
    expectRefused("x/.", "function part may not be \".\"");
    expectRefused("x/..", "function part may not be \"..\"");
    expectRefused(std::string(65, 'a') + "/x", "user part has 65 characters");
    expectRefused("x/" + std::string(65, 'a'), "function part has 65 characters");
    expectRefused("Alice/x", "'A' at position 1");
    expectRefused("x/heLlo", "'L' at position 3");
    expectRefused("a b/x", "' ' at position 2");
    expectRefused("a/x:y", "':' at position 2");
    expectRefused("a/x\\y", "'\\' at position 2");
    expectRefused(std::string("a\0b/x", 5), "byte 0x00 at position 2");
    expectRefused("caf\xc3\xa9/x", "byte 0xc3 at position 4");
    expectRefused("a/x\n", "byte 0x0a at position 2");
}

}  // namespace
}  // namespace faaslet::functions
