// The features a module uses (its code and structure) and claims (its target_features section).

#include <gtest/gtest.h>

#include "tests/unit/decoder_test_util.h"
#include "tests/unit/module_builder.h"
#include "wasm/decoder/features.h"
#include "wasm/validator/validator.h"

namespace faaslet::wasm::test {
namespace {

using faaslet::test::Code;
using faaslet::test::ModuleBuilder;

std::set<std::string> featuresOf(const ModuleBuilder& builder) {
    return usedFeatures(decodeOk(builder.build()));
}

TEST(DecoderFeatures, AnMvpModuleUsesNone) {
    ModuleBuilder b;
    b.memory(1);
    b.func(b.type({ValType::I32}, {ValType::I32}), Code().localGet(0).i32Const(1).op(Opcode::I32Add).end());
    EXPECT_TRUE(featuresOf(b).empty());
}

TEST(DecoderFeatures, FoundInTheCode) {
    ModuleBuilder b;
    b.memory(1);
    const uint32_t pair = b.type({}, {ValType::I32, ValType::I32});
    b.func(b.type({ValType::I32}, {ValType::I32}), Code().localGet(0).op(Opcode::I32Extend8S).end());
    b.func(b.type({ValType::F32}, {ValType::I32}), Code().localGet(0).op(Opcode::I32TruncSatF32S).end());
    b.func(b.type({}, {}), Code().i32Const(0).i32Const(0).i32Const(0).op(Opcode::MemoryFill).byte(0).end());
    b.func(pair, Code().blockTypeIndex(Opcode::Block, pair).i32Const(1).i32Const(2).end().end());
    EXPECT_EQ(featuresOf(b),
              (std::set<std::string>{"bulk-memory", "multivalue", "nontrapping-fptoint", "sign-ext"}));

    ModuleBuilder simd;
    simd.func(simd.type({}, {}), Code().v128Const().op(Opcode::Drop).end());
    EXPECT_EQ(featuresOf(simd), std::set<std::string>{"simd128"});

    ModuleBuilder refs;
    refs.func(refs.type({}, {ValType::I32}), Code().refNull(ValType::ExternRef).op(Opcode::RefIsNull).end());
    EXPECT_EQ(featuresOf(refs), std::set<std::string>{"reference-types"});
}

TEST(DecoderFeatures, FoundInTheStructure) {
    ModuleBuilder b;
    b.importGlobal(ValType::I32, true);
    b.memory(1);
    b.global(ValType::I32, false, Code().i32Const(2).i32Const(3).op(Opcode::I32Mul).end());
    b.dataPassive("x");
    b.dataCount(1);
    EXPECT_EQ(featuresOf(b), (std::set<std::string>{"bulk-memory", "extended-const", "mutable-globals"}));

    ModuleBuilder tables;
    tables.table(ValType::FuncRef, 1);
    tables.table(ValType::ExternRef, 1);
    EXPECT_EQ(featuresOf(tables), std::set<std::string>{"reference-types"});
}

// A module with one [] -> [] function whose body, after the local declarations `locals`, is `code`.
Bytes oneBody(const Bytes& code, const Bytes& locals = {0x00}) {
    const Bytes body = cat({locals, code});
    return module(
        {typeSectionVoid(), functionSection(1), section(10, cat({Bytes{0x01}, leb(body.size()), body}))});
}

TEST(DecoderFeatures, CodeOfARefusedModuleIsScannedPastExceptionHandling) {
    // try; i32.const 0; i32.extend8_s; drop; catch_all; end; end: refused, yet the sign extension
    // after the try is found.
    const Bytes legacy = oneBody({0x06, 0x40, 0x41, 0x00, 0xc0, 0x1a, 0x19, 0x0b, 0x0b});
    ASSERT_FALSE(decode(legacy).ok() && validate(*decode(legacy)).ok());
    EXPECT_EQ(codeFeatures(legacy), (std::set<std::string>{"exception-handling", "sign-ext"}));

    // try_table with a catch (tag 0, label 0) and a catch_all_ref (label 1), then memory.fill's
    // prefix: 0xFC 0x0b.
    const Bytes table = oneBody({0x1f, 0x40, 0x02, 0x00, 0x00, 0x00, 0x03, 0x01, 0x0b, 0x41, 0x00, 0x41, 0x00,
                                 0x41, 0x00, 0xfc, 0x0b, 0x00, 0x0b});
    EXPECT_EQ(codeFeatures(table), (std::set<std::string>{"bulk-memory", "exception-handling"}));

    // return_call 0 steps over its index; a tag section is exception handling by itself.
    EXPECT_EQ(codeFeatures(oneBody({0x12, 0x00, 0x0b})), std::set<std::string>{"tail-call"});
    EXPECT_EQ(codeFeatures(module({section(13, {0x00})})), std::set<std::string>{"exception-handling"});
}

TEST(DecoderFeatures, TheScanStopsWhereItCannotStepOver) {
    // An atomic operator (0xFE prefix): its immediates are not known, so the sign extension after
    // it is not reached; the threads proposal is still named.
    EXPECT_EQ(codeFeatures(oneBody({0xfe, 0x00, 0x02, 0x00, 0x41, 0x00, 0xc0, 0x0b})),
              std::set<std::string>{"atomics"});
    // Malformed code ends the body's scan without throwing.
    EXPECT_TRUE(codeFeatures(oneBody({0xff, 0xc0, 0x0b})).empty());
    // Truncated inside try_table's clauses.
    EXPECT_EQ(codeFeatures(oneBody({0x1f, 0x40, 0x05, 0x00})), std::set<std::string>{"exception-handling"});
    // A local of a typed reference type: (ref null func) carries a heap type byte.
    EXPECT_EQ(codeFeatures(oneBody({0x41, 0x00, 0xc0, 0x1a, 0x0b}, {0x01, 0x01, 0x63, 0x70})),
              (std::set<std::string>{"reference-types", "sign-ext"}));
    EXPECT_TRUE(codeFeatures(Bytes{}).empty());
}

TEST(DecoderFeatures, ClaimsAreReadFromTheTargetFeaturesSection) {
    const Bytes claims = cat({Bytes{0x02, '+'}, name("sign-ext"), Bytes{'-'}, name("simd128")});
    const TargetFeatures features = readTargetFeatures(module({customSection("target_features", claims)}));
    EXPECT_TRUE(features.present);
    EXPECT_TRUE(features.valid);
    ASSERT_EQ(features.claims.size(), 2u);
    EXPECT_EQ(features.claims[0].prefix, '+');
    EXPECT_EQ(features.claims[0].name, "sign-ext");
    EXPECT_EQ(features.claims[1].prefix, '-');
    EXPECT_EQ(features.claims[1].name, "simd128");
}

TEST(DecoderFeatures, ClaimsOfAModuleThatDoesNotDecode) {
    // A tag section makes the module unsupported; its claims are still readable.
    const Bytes claims = cat({Bytes{0x01, '+'}, name("exception-handling")});
    const Bytes bytes = module({section(13, {0x00}), customSection("target_features", claims)});
    EXPECT_FALSE(decode(bytes).ok());
    const TargetFeatures features = readTargetFeatures(bytes);
    ASSERT_EQ(features.claims.size(), 1u);
    EXPECT_EQ(features.claims[0].name, "exception-handling");
}

TEST(DecoderFeatures, AbsentOrBrokenClaimsNeverThrow) {
    EXPECT_FALSE(readTargetFeatures(module({})).present);
    EXPECT_FALSE(readTargetFeatures(Bytes{0x00, 0x61}).present);
    // A count of 5 with one claim present, and bytes after the last claim.
    for (const Bytes& broken :
         {cat({Bytes{0x05, '+'}, name("a")}), cat({Bytes{0x01, '+'}, name("a"), Bytes{0x00}})}) {
        const TargetFeatures features =
            readTargetFeatures(module({customSection("target_features", broken)}));
        EXPECT_TRUE(features.present);
        EXPECT_FALSE(features.valid);
    }
    // A section size past the end of the module stops the walk without a claim.
    EXPECT_FALSE(readTargetFeatures(cat({kHeader, Bytes{0x00, 0x7f}})).present);
}

}  // namespace
}  // namespace faaslet::wasm::test
