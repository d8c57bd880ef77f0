// Modules that use a proposal beyond 2.0 which faaslet does not run are refused by the proposal's
// name (kind Unsupported), never as a malformed byte; encodings no proposal defines stay malformed.

#include <gtest/gtest.h>

#include "tests/unit/decoder_test_util.h"
#include "wasm/validator/validator.h"

namespace faaslet::wasm::test {
namespace {

// One tag of type 0 ([] -> []): attribute 0 (exception), type index.
const Bytes kTagSection = section(13, {0x01, 0x00, 0x00});

// A module with one [] -> [] function whose body (after an empty local vector) is `body`.
Bytes withBody(const Bytes& body, bool tags) {
    const Bytes code = section(10, cat({Bytes{0x01}, leb(body.size() + 1), Bytes{0x00}, body}));
    if (tags) return module({typeSectionVoid(), functionSection(1), kTagSection, code});
    return module({typeSectionVoid(), functionSection(1), code});
}

// The error of decoding and then validating `bytes`, which must fail.
Error refusal(const Bytes& bytes) {
    auto decoded = decode(bytes);
    if (!decoded) return decoded.error();
    auto valid = validate(*decoded);
    if (valid) {
        ADD_FAILURE() << "the module decoded and validated";
        return Error{};
    }
    return valid.error();
}

::testing::AssertionResult isUnsupported(const Error& e, std::string_view section, std::string_view phrase) {
    if (e.kind != Error::Kind::Unsupported || e.section != section ||
        e.message.find(phrase) == std::string::npos || e.message.find("not supported") == std::string::npos) {
        return ::testing::AssertionFailure()
               << "got " << kindName(e.kind) << " \"" << e.toString() << "\", expected unsupported in the "
               << section << " section, \"" << phrase << "\"";
    }
    return ::testing::AssertionSuccess() << e.toString();
}

TEST(DecoderProposals, LegacyTryCatchIsNamedNotMalformed) {
    // try (empty block type) ... catch_all ... end
    const Error e = refusal(withBody({0x06, 0x40, 0x19, 0x0b, 0x0b}, true));
    EXPECT_TRUE(isUnsupported(e, "code", "uses the exception-handling proposal (legacy try/catch)"));
    EXPECT_EQ(e.function, 0u);
    EXPECT_EQ(e.toStringFor("pandoc.wasm").rfind("pandoc.wasm: unsupported: code section, function 0", 0), 0u)
        << e.toStringFor("pandoc.wasm");
}

TEST(DecoderProposals, TryTableIsTheStandardForm) {
    // try_table (empty block type), no catch clauses, end
    EXPECT_TRUE(isUnsupported(refusal(withBody({0x1f, 0x40, 0x00, 0x0b, 0x0b}, true)), "code",
                              "(try_table and exnref)"));
}

TEST(DecoderProposals, ATagSectionWithoutExceptionCodeIsNamedItself) {
    const Bytes bytes = withBody({0x0b}, true);
    const Error e = refusal(bytes);
    EXPECT_TRUE(isUnsupported(e, "tag", "uses the exception-handling proposal (tag section)"));
    // At the section's id byte: after the header, the type and the function sections.
    EXPECT_EQ(e.offset, kHeader.size() + typeSectionVoid().size() + functionSection(1).size());
}

TEST(DecoderProposals, ThrowWithoutATagSectionIsRefusedByTheValidator) {
    EXPECT_TRUE(isUnsupported(refusal(withBody({0x08, 0x00, 0x0b}, false)), "code",
                              "the exception-handling proposal (throw)"));
}

TEST(DecoderProposals, OtherProposalsAreNamed) {
    EXPECT_TRUE(
        isUnsupported(refusal(withBody({0x12, 0x00, 0x0b}, false)), "code", "the tail-call proposal"));
    EXPECT_TRUE(
        isUnsupported(refusal(withBody({0xfe, 0x03, 0x00, 0x0b}, false)), "code", "the threads proposal"));
    EXPECT_TRUE(isUnsupported(refusal(withBody({0xfb, 0x01, 0x0b}, false)), "code", "garbage collection"));
    // 0xFD 0x100 (LEB128 80 02): the first relaxed SIMD operator.
    EXPECT_TRUE(isUnsupported(refusal(withBody({0xfd, 0x80, 0x02, 0x0b}, false)), "code", "relaxed SIMD"));
    // exnref as a parameter type.
    EXPECT_TRUE(isUnsupported(refusal(module({section(1, {0x01, 0x60, 0x01, 0x69, 0x00})})), "type",
                              "(try_table and exnref)"));
    // (ref null func) as a local's type.
    const Bytes local = section(10, {0x01, 0x05, 0x01, 0x01, 0x63, 0x70, 0x0b});
    EXPECT_TRUE(isUnsupported(refusal(module({typeSectionVoid(), functionSection(1), local})), "code",
                              "typed function references"));
}

TEST(DecoderProposals, EncodingsNoProposalDefinesStayMalformed) {
    const Error e = refusal(withBody({0xff, 0x0b}, false));
    EXPECT_EQ(e.kind, Error::Kind::Malformed) << e.toString();
    EXPECT_NE(e.message.find("illegal opcode 0xff"), std::string::npos) << e.toString();
    EXPECT_MALFORMED(module({section(14, {})}), "", 8, "malformed section id 0x0e");
    // The 2.0 suite asserts import kind 0x04 malformed; the message still names what it would be.
    const Error tagImport =
        decodeError(module({section(2, cat({Bytes{0x01}, name("m"), name("t"), Bytes{0x04}}))}));
    EXPECT_EQ(tagImport.kind, Error::Kind::Malformed);
    EXPECT_NE(tagImport.message.find("a tag of the exception-handling proposal, not supported"),
              std::string::npos)
        << tagImport.toString();
}

TEST(DecoderProposals, TheTagSectionKeepsItsPlaceInTheOrder) {
    const Error e = decodeError(module({section(6, {0x00}), kTagSection}));
    EXPECT_EQ(e.kind, Error::Kind::Malformed) << e.toString();
    EXPECT_NE(e.message.find("tag section after the global section"), std::string::npos) << e.toString();
}

}  // namespace
}  // namespace faaslet::wasm::test
