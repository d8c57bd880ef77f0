// The decoder: the `name` custom section. A malformed name section is dropped (names.valid false),
// never an error of the module.

#include <gtest/gtest.h>

#include "tests/unit/decoder_test_util.h"

namespace faaslet::wasm::test {
namespace {

Bytes subsection(uint8_t id, const Bytes& contents) {
    return section(id, contents);
}

// The names of a module with three functions: module "mod", functions 0 "f0" and 2 "f2", locals of
// function 0 ("a", "b") and 2 (none).
Bytes goodNames() {
    return cat({subsection(0, name("mod")),
                subsection(1, cat({Bytes{0x02, 0x00}, name("f0"), Bytes{0x02}, name("f2")})),
                subsection(2, cat({Bytes{0x02, 0x00, 0x02, 0x00}, name("a"), Bytes{0x01}, name("b"),
                                   Bytes{0x02, 0x00}}))});
}

Bytes withNames(const Bytes& payload) {
    return module(
        {typeSectionVoid(), functionSection(3), codeSectionEmpty(3), customSection("name", payload)});
}

TEST(DecoderNames, Parsed) {
    Module m = decodeOk(withNames(goodNames()));
    EXPECT_TRUE(m.names.valid);
    EXPECT_EQ(m.names.module, "mod");
    EXPECT_EQ(m.names.functions, (std::map<uint32_t, std::string>{{0, "f0"}, {2, "f2"}}));
    ASSERT_EQ(m.names.locals.size(), 2u);
    EXPECT_EQ(m.names.locals[0], (std::map<uint32_t, std::string>{{0, "a"}, {1, "b"}}));
    EXPECT_TRUE(m.names.locals[2].empty());
    // It stays a custom section too.
    ASSERT_EQ(m.customSections.size(), 1u);
    EXPECT_EQ(m.customSections[0].name, "name");
}

TEST(DecoderNames, EachSubsectionIsOptional) {
    Module m = decodeOk(withNames({}));
    EXPECT_TRUE(m.names.valid);
    EXPECT_TRUE(m.names.module.empty());
    m = decodeOk(withNames(subsection(2, {0x01, 0x01, 0x01, 0x00, 0x01, 'x'})));
    EXPECT_TRUE(m.names.valid);
    EXPECT_EQ(m.names.locals[1][0], "x");
    m = decodeOk(withNames(subsection(1, cat({Bytes{0x01, 0x80, 0x00}, name("")}))));
    EXPECT_TRUE(m.names.valid);
    EXPECT_EQ(m.names.functions.at(0), "");
}

TEST(DecoderNames, LaterSubsectionsAreSkipped) {
    // Global names (7) and data segment names (9) of the extended-name-section proposal, as LLVM
    // emits them.
    Module m =
        decodeOk(withNames(cat({goodNames(), subsection(7, cat({Bytes{0x01, 0x00}, name("__stack_pointer")})),
                                subsection(9, cat({Bytes{0x01, 0x00}, name(".data")}))})));
    EXPECT_TRUE(m.names.valid);
    EXPECT_EQ(m.names.functions.size(), 2u);
}

void expectDropped(const Bytes& payload) {
    Module m = decodeOk(withNames(payload));
    EXPECT_FALSE(m.names.valid);
    EXPECT_TRUE(m.names.module.empty());
    EXPECT_TRUE(m.names.functions.empty());
    EXPECT_TRUE(m.names.locals.empty());
    EXPECT_EQ(m.customSections.size(), 1u);
    EXPECT_EQ(m.code.size(), 3u);  // the module itself is intact
}

TEST(DecoderNames, MalformedNameSectionsAreDropped) {
    // Subsections out of order, or twice.
    expectDropped(cat({subsection(1, {0x00}), subsection(0, name("m"))}));
    expectDropped(cat({subsection(0, name("m")), subsection(0, name("m"))}));
    expectDropped(cat({subsection(7, {0x00}), subsection(1, {0x00})}));
    // Indices not increasing.
    expectDropped(subsection(1, cat({Bytes{0x02, 0x02}, name("a"), Bytes{0x01}, name("b")})));
    expectDropped(subsection(1, cat({Bytes{0x02, 0x01}, name("a"), Bytes{0x01}, name("b")})));
    expectDropped(subsection(2, {0x02, 0x01, 0x00, 0x01, 0x00}));
    expectDropped(subsection(2, {0x01, 0x00, 0x02, 0x01, 0x01, 'a', 0x00, 0x01, 'b'}));
    // Bad UTF-8.
    expectDropped(subsection(0, name("\xff")));
    expectDropped(subsection(1, cat({Bytes{0x01, 0x00}, name("\xed\xbf\xbf")})));
    // A subsection not exactly consumed, or running past the section.
    expectDropped(subsection(0, cat({name("m"), Bytes{0x00}})));
    expectDropped(cat({Bytes{0x00, 0x05}, name("m")}));
    expectDropped(Bytes{0x01});
    // Counts past the end, over-long integers.
    expectDropped(subsection(1, {0xff, 0xff, 0xff, 0xff, 0x0f}));
    expectDropped(subsection(2, {0x01, 0x00, 0xff, 0xff, 0xff, 0xff, 0x0f}));
    expectDropped(subsection(1, {0x01, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00, 0x00}));
}

TEST(DecoderNames, TruncatedAtEveryByte) {
    const Bytes payload = goodNames();
    for (size_t n = 0; n < payload.size(); ++n) {
        SCOPED_TRACE(n);
        Module m = decodeOk(withNames(Bytes(payload.begin(), payload.begin() + n)));
        // Only cuts between subsections leave a valid (shorter) name section.
        const bool boundary = n == 0 || n == 6 || n == 17;
        EXPECT_EQ(m.names.valid, boundary);
    }
}

TEST(DecoderNames, OnlyTheFirstNameSectionCounts) {
    Module m = decodeOk(module({customSection("name", subsection(0, name("first"))),
                                customSection("name", subsection(0, name("second")))}));
    EXPECT_EQ(m.names.module, "first");
    m = decodeOk(module({customSection("name", subsection(0, name("\xff"))),
                         customSection("name", subsection(0, name("second")))}));
    EXPECT_FALSE(m.names.valid);
    EXPECT_EQ(m.customSections.size(), 2u);
}

TEST(DecoderNames, OtherCustomSectionsAreNotNameSections) {
    Module m = decodeOk(module(
        {customSection("names", subsection(0, name("x"))), customSection("Name", subsection(0, name("y")))}));
    EXPECT_FALSE(m.names.valid);
    EXPECT_TRUE(m.names.module.empty());
}

}  // namespace
}  // namespace faaslet::wasm::test
