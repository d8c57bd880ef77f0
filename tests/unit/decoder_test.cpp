// The decoder: the module header, section framing and order, function/code and data count
// consistency. Per-section contents are in decoder_sections_test.cpp, the name section in
// decoder_names_test.cpp, hostile inputs in decoder_robustness_test.cpp.

#include <gtest/gtest.h>

#include "tests/unit/decoder_test_util.h"

namespace faaslet::wasm::test {
namespace {

TEST(DecoderHeader, EmptyModuleDecodes) {
    Module m = decodeOk(kHeader);
    EXPECT_TRUE(m.types.empty());
    EXPECT_TRUE(m.code.empty());
    EXPECT_FALSE(m.start);
    EXPECT_FALSE(m.dataCount);
    EXPECT_FALSE(m.names.valid);
    EXPECT_EQ(m.bytes, kHeader);
}

TEST(DecoderHeader, TruncatedHeaderIsUnexpectedEnd) {
    EXPECT_MALFORMED(Bytes{}, "header", 0, "unexpected end");
    EXPECT_MALFORMED(Bytes{0x01}, "header", 1, "unexpected end");
    EXPECT_MALFORMED(raw(std::string_view("\0as", 3)), "header", 3, "unexpected end");
    EXPECT_MALFORMED(raw(std::string_view("\0asm", 4)), "header", 4, "unexpected end");
    EXPECT_MALFORMED(raw(std::string_view("\0asm\1\0\0", 7)), "header", 7, "unexpected end");
}

TEST(DecoderHeader, BadMagic) {
    EXPECT_MALFORMED(raw(std::string_view("asm\0", 4)), "header", 0, "magic header not detected");
    EXPECT_MALFORMED(raw(std::string_view("\0ASM\1\0\0\0", 8)), "header", 0, "magic header not detected");
    EXPECT_MALFORMED(raw(std::string_view("\xef\xbb\xbf\0asm\1\0\0\0", 11)), "header", 0,
                     "magic header not detected");
    const Error e = decodeError(raw(std::string_view("wasm\1\0\0\0", 8)));
    EXPECT_NE(e.message.find("found 77 61 73 6d"), std::string::npos) << e.message;
}

TEST(DecoderHeader, UnknownVersion) {
    for (const auto& version :
         {Bytes{0, 0, 0, 0}, Bytes{0x0d, 0, 0, 0}, Bytes{0, 1, 0, 0}, Bytes{0, 0, 0, 1}, Bytes{2, 0, 0, 0}}) {
        EXPECT_MALFORMED(cat({Bytes{0x00, 0x61, 0x73, 0x6d}, version}), "header", 4,
                         "unknown binary version");
    }
}

TEST(DecoderSections, MalformedSectionId) {
    // 0x0d is the exception-handling proposal's tag section, refused by name
    // (decoder_proposals_test.cpp).
    for (uint8_t id : {0x0e, 0x7f, 0x80, 0x81, 0xff}) {
        EXPECT_MALFORMED(module({Bytes{id, 0x01, 0x00}}), "", 8, "malformed section id");
    }
    // After a valid section, at the id's offset.
    EXPECT_MALFORMED(module({typeSectionVoid(), Bytes{0x0e, 0x00}}), "", 14, "malformed section id");
}

TEST(DecoderSections, SectionSizePastTheEnd) {
    // "2 types declared, 1 given" with a section size of 7 and 4 bytes present.
    EXPECT_MALFORMED(module({Bytes{0x01, 0x07, 0x02, 0x60, 0x00, 0x00}}), "type", 9, "length out of bounds");
    EXPECT_MALFORMED(module({Bytes{0x01, 0x07, 0x02, 0x60, 0x00, 0x00}}), "type", 9, "unexpected end");
    // Custom section one byte longer than the file.
    EXPECT_MALFORMED(module({cat({Bytes{0x00, 0x05}, name("abc")})}), "custom", 9, "length out of bounds");
    // Two headers back to back: the second reads as a custom section of size 0x61.
    EXPECT_MALFORMED(cat({kHeader, kHeader}), "custom", 9, "length out of bounds");
    // The size itself is missing.
    EXPECT_MALFORMED(module({Bytes{0x01}}), "type", 9, "unexpected end");
}

TEST(DecoderSections, SectionSizeLeb) {
    // Non-minimal sizes are fine.
    Module m = decodeOk(module({Bytes{0x01, 0x81, 0x00, 0x00}}));
    EXPECT_TRUE(m.types.empty());
    EXPECT_MALFORMED(module({cat({Bytes{0x00, 0x83, 0x80, 0x80, 0x80, 0x80, 0x00}, name("1"), raw("2")})}),
                     "custom", 9, "integer representation too long");
    EXPECT_MALFORMED(module({cat({Bytes{0x00, 0x83, 0x80, 0x80, 0x80, 0x10}, name("1"), raw("2")})}),
                     "custom", 9, "integer too large");
}

TEST(DecoderSections, SectionSizeMismatch) {
    // One type declared, two given: the section ends after the first.
    const Bytes bytes = module({Bytes{0x01, 0x07, 0x01, 0x60, 0x00, 0x00, 0x60, 0x00, 0x00}});
    EXPECT_MALFORMED(bytes, "type", 14, "section size mismatch");
    // Each section kind detects trailing bytes.
    EXPECT_MALFORMED(module({Bytes{0x06, 0x02, 0x00, 0x00}}), "global", 11, "section size mismatch");
    EXPECT_MALFORMED(module({Bytes{0x08, 0x02, 0x00, 0x00}}), "start", 11, "section size mismatch");
    EXPECT_MALFORMED(module({Bytes{0x0c, 0x02, 0x00, 0x00}}), "datacount", 11, "section size mismatch");
    EXPECT_MALFORMED(module({Bytes{0x0b, 0x02, 0x00, 0x00}}), "data", 11, "section size mismatch");
    // A section ending inside an item is an unexpected end in that section.
    EXPECT_MALFORMED(module({Bytes{0x01, 0x07, 0x02, 0x60, 0x01, 0x7f, 0x00, 0x60, 0x00}, Bytes{0x00}}),
                     "type", 17, "unexpected end");
    // A count that cannot fit in the section is rejected at the count.
    EXPECT_MALFORMED(module({Bytes{0x01, 0x02, 0x02, 0x60}, Bytes{0x00}}), "type", 10, "unexpected end");
}

// One minimal section of each non-custom id, in the required order.
const std::vector<uint8_t> kOrder = {1, 2, 3, 4, 5, 6, 7, 8, 9, 12, 10, 11};

const char* const kSectionNames[] = {"custom", "type",  "import",  "function", "table", "memory",   "global",
                                     "export", "start", "element", "code",     "data",  "datacount"};

Bytes emptySection(uint8_t id) {
    return section(id, {0x00});
}  // a zero count (start: function 0)

TEST(DecoderSections, AllSectionsInOrderDecode) {
    Bytes bytes = kHeader;
    for (uint8_t id : kOrder) {
        const Bytes s = emptySection(id);
        bytes.insert(bytes.end(), s.begin(), s.end());
    }
    Module m = decodeOk(bytes);
    EXPECT_EQ(m.start, 0u);
    EXPECT_EQ(m.dataCount, 0u);
}

TEST(DecoderSections, DuplicateSectionsAreMalformed) {
    for (uint8_t id : kOrder) {
        SCOPED_TRACE(int(id));
        EXPECT_MALFORMED(module({emptySection(id), emptySection(id)}), kSectionNames[id], 11,
                         "unexpected content after last section");
    }
}

TEST(DecoderSections, SectionsOutOfOrderAreMalformed) {
    for (size_t i = 0; i < kOrder.size(); ++i) {
        for (size_t j = 0; j < kOrder.size(); ++j) {
            SCOPED_TRACE(testing::Message() << int(kOrder[i]) << " then " << int(kOrder[j]));
            const Bytes bytes = module({emptySection(kOrder[i]), emptySection(kOrder[j])});
            if (i < j) {
                decodeOk(bytes);
            } else {
                EXPECT_MALFORMED(bytes, kSectionNames[kOrder[j]], 11,
                                 "unexpected content after last section");
            }
        }
    }
    // The data count section precedes the code section.
    const Error e = decodeError(module({emptySection(10), emptySection(12)}));
    EXPECT_TRUE(isMalformed(e, "datacount", 11, "unexpected content after last section"));
    EXPECT_NE(e.message.find("datacount section after the code section"), std::string::npos) << e.message;
}

TEST(DecoderSections, CustomSectionsAnywhere) {
    const Bytes custom = customSection("custom", raw("payload"));
    Bytes bytes = kHeader;
    bytes.insert(bytes.end(), custom.begin(), custom.end());
    for (uint8_t id : kOrder) {
        const Bytes s = emptySection(id);
        bytes.insert(bytes.end(), s.begin(), s.end());
        bytes.insert(bytes.end(), custom.begin(), custom.end());
    }
    Module m = decodeOk(bytes);
    ASSERT_EQ(m.customSections.size(), kOrder.size() + 1);
    for (const auto& c : m.customSections) {
        EXPECT_EQ(c.name, "custom");
        EXPECT_EQ(std::string(m.bytes.begin() + c.contents.begin, m.bytes.begin() + c.contents.end),
                  "payload");
    }
    EXPECT_EQ(m.customSections[0].contents.begin, 8u + 2 + 7);
}

TEST(DecoderSections, CustomSectionNames) {
    Module m =
        decodeOk(module({customSection("", raw("")), customSection(std::string_view("\0\0x", 3), raw("p")),
                         customSection("\xef\xbb\xbf"
                                       "bom",
                                       raw("")),
                         customSection("module within", kHeader)}));
    ASSERT_EQ(m.customSections.size(), 4u);
    EXPECT_EQ(m.customSections[0].name, "");
    EXPECT_EQ(m.customSections[0].contents.size(), 0u);
    EXPECT_EQ(m.customSections[1].name, std::string("\0\0x", 3));
    EXPECT_EQ(m.customSections[3].contents.size(), 8u);
    // The name is part of the binary format: it must be there and be UTF-8.
    EXPECT_MALFORMED(module({Bytes{0x00, 0x00}}), "custom", 10, "unexpected end");
    EXPECT_MALFORMED(module({Bytes{0x00}}), "custom", 9, "unexpected end");
    EXPECT_MALFORMED(module({Bytes{0x00, 0x02, 0x05, 0x61}}), "custom", 10, "length out of bounds");
    EXPECT_MALFORMED(module({customSection("\x80", raw(""))}), "custom", 10, "malformed UTF-8 encoding");
    EXPECT_MALFORMED(module({customSection("\xc0\x80", raw(""))}), "custom", 10, "malformed UTF-8 encoding");
    EXPECT_MALFORMED(module({customSection("\xed\xa0\x80", raw(""))}), "custom", 10,
                     "malformed UTF-8 encoding");
    EXPECT_MALFORMED(module({customSection("\xf4\x90\x80\x80", raw(""))}), "custom", 10,
                     "malformed UTF-8 encoding");
}

TEST(DecoderSections, CustomSectionSizeSwallowingTheNextSection) {
    // custom.wast: a custom section one byte too long eats the function section's id; what is left
    // reads as an import section, and the code section then has no function section.
    const Bytes bytes =
        module({Bytes{0x01, 0x07, 0x01, 0x60, 0x02, 0x7f, 0x7f, 0x01, 0x7f},
                cat({Bytes{0x00, 0x0c}, name("custom"), raw("abcd")}), Bytes{0x03, 0x02, 0x01, 0x00},
                Bytes{0x0a, 0x09, 0x01, 0x07, 0x00, 0x20, 0x00, 0x20, 0x01, 0x6a, 0x0b}});
    const Error e = decodeError(bytes);
    EXPECT_EQ(e.section, "code");
    EXPECT_NE(e.message.find("function and code section have inconsistent lengths"), std::string::npos)
        << e.toString();
}

TEST(DecoderFunctionCode, CountsMustMatch) {
    // Zero functions, with or without the other section.
    decodeOk(module({section(3, {0x00})}));
    decodeOk(module({section(10, {0x00})}));
    decodeOk(module({typeSectionVoid(), functionSection(2), codeSectionEmpty(2)}));

    // Function section without code section: reported at the function count.
    EXPECT_MALFORMED(module({typeSectionVoid(), functionSection(2)}), "function", 16,
                     "function and code section have inconsistent lengths");
    // Code section without function section.
    EXPECT_MALFORMED(module({codeSectionEmpty(1)}), "code", 10,
                     "function and code section have inconsistent lengths");
    // More functions than bodies, more bodies than functions: at the code section's count.
    EXPECT_MALFORMED(module({typeSectionVoid(), functionSection(2), codeSectionEmpty(1)}), "code", 21,
                     "function and code section have inconsistent lengths");
    EXPECT_MALFORMED(module({typeSectionVoid(), functionSection(1), codeSectionEmpty(2)}), "code", 20,
                     "function and code section have inconsistent lengths");
    // The counts are compared once the module is read, so a second code section is reported as such.
    EXPECT_MALFORMED(
        module({typeSectionVoid(), functionSection(2), codeSectionEmpty(1), codeSectionEmpty(1)}), "code", 25,
        "unexpected content after last section");
}

TEST(DecoderDataCount, MustMatchTheDataSection) {
    const Bytes twoPassive = section(11, {0x02, 0x01, 0x00, 0x01, 0x00});
    Module m = decodeOk(module({section(12, {0x02}), twoPassive}));
    EXPECT_EQ(m.dataCount, 2u);
    EXPECT_EQ(m.data.size(), 2u);
    decodeOk(module({twoPassive}));           // no data count section is fine
    decodeOk(module({section(12, {0x00})}));  // a zero count needs no data section

    EXPECT_MALFORMED(module({section(12, {0x03}), twoPassive}), "data", 13,
                     "data count and data section have inconsistent lengths");
    EXPECT_MALFORMED(module({section(12, {0x01}), twoPassive}), "data", 13,
                     "data count and data section have inconsistent lengths");
    EXPECT_MALFORMED(module({section(5, {0x01, 0x00, 0x01}), section(12, {0x01})}), "datacount", 15,
                     "data count and data section have inconsistent lengths");
    EXPECT_MALFORMED(module({section(12, {0x80, 0x80, 0x80, 0x80, 0x10})}), "datacount", 10,
                     "integer too large");
}

TEST(DecoderErrors, ToStringNamesSectionAndOffset) {
    const Error e = decodeError(module({Bytes{0x01, 0x04, 0x01, 0x61, 0x00, 0x00}}));
    EXPECT_EQ(e.toString(),
              "type section at 0xb: malformed function type: expected 0x60 (function type), "
              "found 0x61");
}

}  // namespace
}  // namespace faaslet::wasm::test
