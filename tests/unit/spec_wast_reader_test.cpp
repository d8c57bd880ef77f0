// The spec driver's .wast reader: every command form, constants and NaN patterns, and commands
// that do not parse becoming failed commands without losing the ones after them.

#include <gtest/gtest.h>

#include "tests/spec/wast_reader.h"

namespace faaslet::spectest {
namespace {

using text::ModuleDefinition;

TEST(SpecWastReader, ReadsEveryCommandForm) {
    Script s = parseWast(R"wast(
      (module $m (func (export "f") (param i32) (result i32) local.get 0))
      (module binary "\00asm" "\01\00\00\00")
      (module quote "(func" " $g)")
      (register "m" $m)
      (invoke $m "f" (i32.const -1))
      (get "g")
      (assert_return (invoke "f" (i32.const 7)) (i32.const 7))
      (assert_trap (invoke "f" (i64.const 0)) "type")
      (assert_trap (module (func unreachable) (start 0)) "unreachable")
      (assert_exhaustion (invoke "f") "call stack exhausted")
      (assert_malformed (module quote "(func i32.wrap/i64)") "unknown operator")
      (assert_invalid (module (func (result i32))) "type mismatch")
      (assert_unlinkable (module (import "x" "y" (func))) "unknown import")
    )wast");
    std::vector<std::string> types;
    for (const auto& c : s.commands) {
        EXPECT_EQ(c.error, "") << c.type << " at line " << c.line;
        types.push_back(c.type);
    }
    EXPECT_EQ(types, (std::vector<std::string>{"module", "module", "module", "register", "action", "action",
                                              "assert_return", "assert_trap", "assert_uninstantiable",
                                              "assert_exhaustion", "assert_malformed", "assert_invalid",
                                              "assert_unlinkable"}));
    ASSERT_EQ(s.commands.size(), 13u);
    EXPECT_EQ(s.commands[0].name, "$m");
    EXPECT_EQ(s.commands[0].line, 2);
    EXPECT_EQ(s.commands[1].module->form, ModuleDefinition::Form::Binary);
    EXPECT_EQ(s.commands[1].module->binary.size(), 8u);
    EXPECT_EQ(s.commands[2].module->form, ModuleDefinition::Form::Quote);
    EXPECT_EQ(s.commands[2].module->quote, "(func $g)");
    EXPECT_EQ(s.commands[3].as, "m");
    EXPECT_EQ(s.commands[4].action->module, "$m");
    EXPECT_EQ(s.commands[4].action->args[0].bits, 0xffffffffu);
    EXPECT_EQ(s.commands[5].action->type, Action::Type::Get);
    EXPECT_EQ(s.commands[7].text, "type");
}

TEST(SpecWastReader, ConstantsAndNanPatterns) {
    Script s = parseWast(R"wast(
      (assert_return (invoke "f" (f32.const -0x1p-1) (v128.const i16x8 1 2 3 4 5 6 7 -1) (ref.null extern)
                                 (ref.extern 3))
        (f64.const nan:canonical) (v128.const f32x4 nan:arithmetic 1 -inf nan:0x1) (ref.func) (ref.null func))
    )wast");
    ASSERT_EQ(s.commands.size(), 1u);
    const Command& c = s.commands[0];
    ASSERT_EQ(c.error, "");
    ASSERT_EQ(c.action->args.size(), 4u);
    EXPECT_EQ(c.action->args[0].bits, 0xbf000000u);
    EXPECT_EQ(c.action->args[1].v128[14], 0xff);
    EXPECT_EQ(c.action->args[1].v128[2], 2);
    EXPECT_TRUE(c.action->args[2].isNull);
    EXPECT_EQ(c.action->args[3].bits, 3u);
    ASSERT_EQ(c.expected.size(), 4u);
    EXPECT_EQ(c.expected[0].nan, NanPattern::Canonical);
    ASSERT_EQ(c.expected[1].lanes.size(), 4u);
    EXPECT_EQ(c.expected[1].lanes[0].nan, NanPattern::Arithmetic);
    EXPECT_EQ(c.expected[1].lanes[2].bits, 0xff800000u);
    EXPECT_EQ(c.expected[1].lanes[3].bits, 0x7f800001u);

    Value r;
    r.type = wasm::ValType::FuncRef;
    r.bits = 12;
    EXPECT_TRUE(matches(c.expected[2], r));
    r.isNull = true;
    EXPECT_FALSE(matches(c.expected[2], r));
}

TEST(SpecWastReader, ABadCommandFailsAloneWithItsPosition) {
    Script s = parseWast("(assert_return (invoke \"f\" (f32.const nan:canonical)))\n"
                         "(assert_return (invoke \"f\" (v128.const i32x4 1 2)))\n"
                         "(frobnicate)\n"
                         "(module (func (result i33)))\n"
                         "(invoke \"ok\")\n");
    ASSERT_EQ(s.commands.size(), 5u);
    EXPECT_NE(s.commands[0].error.find("1:39: a NaN pattern is not a concrete argument"), std::string::npos)
        << s.commands[0].error;
    EXPECT_EQ(s.commands[0].type, "assert_return");
    EXPECT_NE(s.commands[1].error.find("2:"), std::string::npos) << s.commands[1].error;
    EXPECT_NE(s.commands[1].error.find("expected a number, found `)`"), std::string::npos) << s.commands[1].error;
    EXPECT_NE(s.commands[2].error.find("3:2: unknown command `frobnicate`"), std::string::npos)
        << s.commands[2].error;
    EXPECT_EQ(s.commands[3].type, "module");
    EXPECT_NE(s.commands[3].error.find("4:23: expected a value type"), std::string::npos) << s.commands[3].error;
    EXPECT_EQ(s.commands[4].error, "");
    EXPECT_EQ(s.commands[4].action->field, "ok");
}

TEST(SpecWastReader, ABareModuleFileIsOneModule) {
    Script s = parseWast("(func) (memory 0) (func (export \"f\"))");
    ASSERT_EQ(s.commands.size(), 1u);
    EXPECT_EQ(s.commands[0].type, "module");
    EXPECT_EQ(s.commands[0].error, "");
}

TEST(SpecWastReader, UnreadableScriptsThrow) {
    EXPECT_THROW(parseWast("(module \"unterminated"), ScriptError);
    EXPECT_THROW(parseWast("(assert_return (invoke \"f\"\n"), ScriptError);
    EXPECT_THROW(readWast("/nonexistent/x.wast"), ScriptError);
}

}  // namespace
}  // namespace faaslet::spectest
