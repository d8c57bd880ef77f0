// The features a module uses (its code and structure) and claims (its target_features section).

#include <gtest/gtest.h>

#include "tests/unit/decoder_test_util.h"
#include "tests/unit/module_builder.h"
#include "wasm/decoder/features.h"

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
