// The decoder on hostile input: truncation at every byte, counts far beyond the bytes present,
// random mutations. Every input must give a module or a Malformed error, never a crash, a hang or
// an allocation in proportion to a declared count.

#include <gtest/gtest.h>

#include <algorithm>
#include <random>

#include "tests/unit/decoder_test_util.h"

namespace faaslet::wasm::test {
namespace {

struct Section {
    uint8_t id;
    Bytes contents;
};

// A module with every section, one of each kind of item.
std::vector<Section> richSections() {
    return {
        {1, {0x02, 0x60, 0x02, 0x7f, 0x7e, 0x01, 0x7d, 0x60, 0x00, 0x00}},
        {2, cat({Bytes{0x02}, name("env"), name("f"), Bytes{0x00, 0x01}, name("env"), name("g"),
                 Bytes{0x03, 0x7f, 0x00}})},
        {3, {0x02, 0x00, 0x01}},
        {4, {0x01, 0x70, 0x01, 0x01, 0x10}},
        {5, {0x01, 0x01, 0x01, 0x02}},
        {6, {0x01, 0x7f, 0x01, 0x23, 0x00, 0x0b}},
        {7, cat({Bytes{0x02}, name("run"), Bytes{0x00, 0x02}, name("mem"), Bytes{0x02, 0x00}})},
        {8, {0x02}},
        {9, {0x02, 0x00, 0x41, 0x00, 0x0b, 0x02, 0x01, 0x02, 0x05, 0x70, 0x01, 0xd0, 0x70, 0x0b}},
        {12, {0x02}},
        {10, {0x02, 0x07, 0x01, 0x01, 0x7f, 0x20, 0x02, 0x1a, 0x0b, 0x02, 0x00, 0x0b}},
        {11, cat({Bytes{0x02, 0x00, 0x41, 0x08, 0x0b}, name("hello"), Bytes{0x01}, name("x")})},
        {0, cat({name("name"), section(0, name("rich")), section(1, cat({Bytes{0x01, 0x01}, name("run")}))})},
    };
}

Bytes assemble(const std::vector<Section>& sections, std::vector<size_t>* boundaries = nullptr) {
    Bytes out = kHeader;
    if (boundaries) boundaries->push_back(out.size());
    for (const auto& s : sections) {
        const Bytes b = section(s.id, s.contents);
        out.insert(out.end(), b.begin(), b.end());
        if (boundaries) boundaries->push_back(out.size());
    }
    return out;
}

TEST(DecoderRobustness, RichModuleDecodes) {
    Module m = decodeOk(assemble(richSections()));
    EXPECT_EQ(m.types.size(), 2u);
    EXPECT_EQ(m.imports.size(), 2u);
    EXPECT_EQ(m.functions.size(), 2u);
    EXPECT_EQ(m.elems.size(), 2u);
    EXPECT_EQ(m.code.size(), 2u);
    EXPECT_EQ(m.data.size(), 2u);
    EXPECT_EQ(m.start, 2u);
    EXPECT_EQ(m.names.module, "rich");
    EXPECT_EQ(m.names.functions.at(1), "run");
}

TEST(DecoderRobustness, TruncatedAtEveryByte) {
    std::vector<size_t> boundaries;
    const Bytes full = assemble(richSections(), &boundaries);
    for (size_t n = 0; n < full.size(); ++n) {
        SCOPED_TRACE(n);
        auto result = decode(Bytes(full.begin(), full.begin() + n));
        if (std::find(boundaries.begin(), boundaries.end(), n) != boundaries.end()) continue;
        ASSERT_FALSE(result.ok());
        EXPECT_EQ(result.error().kind, Error::Kind::Malformed);
        EXPECT_LE(result.error().offset, n);
        EXPECT_NE(result.error().message.find("unexpected end"), std::string::npos)
            << result.error().toString();
    }
}

const char* sectionName(uint8_t id) {
    static const char* const kNames[] = {"custom", "type",   "import",   "function", "table",
                                         "memory", "global", "export",   "start",    "element",
                                         "code",   "data",   "datacount"};
    return kNames[id];
}

TEST(DecoderRobustness, EverySectionTruncatedAtEveryByte) {
    // The section's size says where it ends, so the rest of the module still follows.
    const auto sections = richSections();
    for (size_t i = 0; i < sections.size(); ++i) {
        if (sections[i].id == 0) continue;  // a custom section's payload is free-form
        for (size_t n = 0; n < sections[i].contents.size(); ++n) {
            SCOPED_TRACE(testing::Message() << sectionName(sections[i].id) << " cut to " << n);
            auto cut = sections;
            cut[i].contents.resize(n);
            const Error e = decodeError(assemble(cut));
            EXPECT_EQ(e.kind, Error::Kind::Malformed);
            EXPECT_EQ(e.section, sectionName(sections[i].id)) << e.toString();
        }
    }
}

// Each count of the binary replaced by 0xffffffff, with no implementation limits: rejected because
// the bytes cannot hold that many items, before anything is allocated for them.
TEST(DecoderRobustness, HugeCountsAreRejectedBeforeAllocation) {
    DecodeLimits none;
    none.maxTypes = none.maxFunctions = none.maxImports = none.maxExports = none.maxGlobals = UINT32_MAX;
    none.maxDataSegments = none.maxElemSegments = none.maxParams = none.maxResults = UINT32_MAX;
    none.maxFunctionSize = none.maxTableSize = UINT32_MAX;
    // maxLocals stays: locals are counted, not allocated, so the sum is what matters.
    const Bytes huge = {0xff, 0xff, 0xff, 0xff, 0x0f};
    const std::vector<Bytes> modules = {
        module({section(1, huge)}),
        module({section(1, cat({Bytes{0x01, 0x60}, huge, Bytes{0x00}}))}),
        module({section(1, cat({Bytes{0x01, 0x60, 0x00}, huge}))}),
        module({section(2, huge)}),
        module({section(2, cat({Bytes{0x01}, huge, raw("abc")}))}),  // a name's length
        module({section(3, huge)}),
        module({section(4, huge)}),
        module({section(5, huge)}),
        module({section(6, huge)}),
        module({section(7, huge)}),
        module({section(9, huge)}),
        module({section(9, cat({Bytes{0x01, 0x01, 0x00}, huge}))}),
        module({section(9, cat({Bytes{0x01, 0x05, 0x70}, huge}))}),
        module({section(10, huge)}),
        module({typeSectionVoid(), functionSection(1),
                section(10, cat({Bytes{0x01}, huge, Bytes{0x00, 0x0b}}))}),
        module({typeSectionVoid(), functionSection(1),
                section(10, cat({Bytes{0x01, 0x07}, huge, Bytes{0x7f, 0x0b}}))}),
        module({section(11, huge)}),
        module({section(11, cat({Bytes{0x01, 0x01}, huge, raw("ab")}))}),
        module({section(12, huge), section(11, {0x00})}),
        module({section(0, cat({huge, raw("name")}))}),
        module({cat({Bytes{0x01}, huge})}),  // a section size
    };
    for (size_t i = 0; i < modules.size(); ++i) {
        SCOPED_TRACE(i);
        const Error e = decodeError(modules[i], none);
        EXPECT_EQ(e.kind, Error::Kind::Malformed);
        EXPECT_EQ(e.message.find("out of memory"), std::string::npos) << e.toString();
    }
}

TEST(DecoderRobustness, CountsAboveTheLimitsAreRejected) {
    DecodeLimits small;
    small.maxTypes = 1;
    small.maxParams = 1;
    small.maxFunctions = 1;
    EXPECT_TRUE(
        hitsLimit(decodeError(module({section(1, {0x02, 0x60, 0x00, 0x00, 0x60, 0x00, 0x00})}), small),
                    "type", 10, "too many types"));
    EXPECT_TRUE(hitsLimit(decodeError(module({section(1, {0x01, 0x60, 0x02, 0x7f, 0x7f, 0x00})}), small),
                            "type", 12, "too many parameters"));
    EXPECT_TRUE(hitsLimit(decodeError(module({section(3, {0x02, 0x00, 0x00})}), small), "function", 10,
                            "too many functions"));
}

TEST(DecoderRobustness, RandomMutations) {
    const Bytes full = assemble(richSections());
    std::mt19937 rng(12345);
    size_t decoded = 0;
    for (int round = 0; round < 20000; ++round) {
        Bytes b = full;
        const int edits = 1 + int(rng() % 4);
        for (int k = 0; k < edits; ++k) {
            const size_t at = 8 + rng() % (b.size() - 8);
            switch (rng() % 4) {
                case 0: b[at] = uint8_t(rng()); break;
                case 1: b[at] ^= uint8_t(1u << (rng() % 8)); break;
                case 2: b.erase(b.begin() + at); break;
                case 3: b.insert(b.begin() + at, uint8_t(rng())); break;
            }
        }
        auto result = decode(b);
        if (result.ok()) {
            ++decoded;
            // Every range points into the binary.
            for (const auto& body : result->code) EXPECT_LE(body.code.end, result->bytes.size());
            for (const auto& d : result->data) EXPECT_LE(d.bytes.end, result->bytes.size());
        } else {
            // A mutated count may also exceed a limit; the decoder never judges validity.
            EXPECT_NE(result.error().kind, Error::Kind::Invalid) << result.error().toString();
            EXPECT_LE(result.error().offset, b.size());
        }
    }
    EXPECT_GT(decoded, 0u);
}

}  // namespace
}  // namespace faaslet::wasm::test
