#pragma once
// Helpers for the decoder tests: building binaries byte by byte and checking decode errors.

#include <gtest/gtest.h>

#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "wasm/decoder/decoder.h"
#include "tests/unit/module_builder.h"

namespace faaslet::wasm::test {

using Bytes = std::vector<uint8_t>;

// Unsigned and signed LEB128, minimal length (the encoders of module_builder.h).
inline Bytes leb(uint64_t value) {
    Bytes out;
    faaslet::test::putU32(out, value);
    return out;
}

inline Bytes sleb(int64_t value) {
    Bytes out;
    faaslet::test::putS64(out, value);
    return out;
}

inline Bytes cat(std::initializer_list<Bytes> parts) {
    Bytes out;
    for (const auto& part : parts) out.insert(out.end(), part.begin(), part.end());
    return out;
}

// Raw bytes from a string (may hold "\0" when given with its length).
inline Bytes raw(std::string_view s) {
    return Bytes(s.begin(), s.end());
}

// A name: its length, then its bytes.
inline Bytes name(std::string_view s) {
    return cat({leb(s.size()), raw(s)});
}

inline Bytes section(uint8_t id, const Bytes& contents) {
    return cat({Bytes{id}, leb(contents.size()), contents});
}

inline Bytes customSection(std::string_view sectionName, const Bytes& payload) {
    return section(0, cat({name(sectionName), payload}));
}

inline const Bytes kHeader = {0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00};

inline Bytes module(std::initializer_list<Bytes> sections) {
    Bytes out = kHeader;
    for (const auto& s : sections) out.insert(out.end(), s.begin(), s.end());
    return out;
}

// Common sections.
inline Bytes typeSectionVoid() {
    return section(1, {0x01, 0x60, 0x00, 0x00});
}  // [] -> []
inline Bytes functionSection(uint32_t count) {
    Bytes contents = leb(count);
    for (uint32_t i = 0; i < count; ++i) contents.push_back(0x00);
    return section(3, contents);
}
inline Bytes codeSectionEmpty(uint32_t count) {
    Bytes contents = leb(count);
    for (uint32_t i = 0; i < count; ++i) contents.insert(contents.end(), {0x02, 0x00, 0x0b});
    return section(10, contents);
}

// Decodes `bytes`, which must succeed.
inline Module decodeOk(const Bytes& bytes, const DecodeLimits& limits = {}) {
    auto result = decode(bytes, limits);
    if (!result.ok()) {
        ADD_FAILURE() << "decode failed: " << result.error().toString();
        return Module{};
    }
    return std::move(result.value());
}

// Decodes `bytes`, which must fail; returns the error.
inline Error decodeError(const Bytes& bytes, const DecodeLimits& limits = {}) {
    auto result = decode(bytes, limits);
    if (result.ok()) {
        ADD_FAILURE() << "decode succeeded, expected an error";
        return Error{};
    }
    return result.error();
}

// Checks a Malformed error's section, offset and that its message contains `phrase`.
inline ::testing::AssertionResult isErrorOfKind(const Error& e, Error::Kind kind, std::string_view section,
                                                size_t offset, std::string_view phrase) {
    if (e.kind != kind || e.section != section || e.offset != offset ||
        e.message.find(phrase) == std::string::npos) {
        return ::testing::AssertionFailure()
               << "got " << kindName(e.kind) << " \"" << e.toString() << "\" (section \"" << e.section
               << "\", offset " << e.offset << "), expected " << kindName(kind) << " in section \""
               << section << "\" at " << offset << " containing \"" << phrase << "\"";
    }
    return ::testing::AssertionSuccess();
}

inline ::testing::AssertionResult isMalformed(const Error& e, std::string_view section, size_t offset,
                                              std::string_view phrase) {
    return isErrorOfKind(e, Error::Kind::Malformed, section, offset, phrase);
}

// Refused by one of faaslet's DecodeLimits, not by the spec.
inline ::testing::AssertionResult hitsLimit(const Error& e, std::string_view section, size_t offset,
                                            std::string_view phrase) {
    return isErrorOfKind(e, Error::Kind::ImplementationLimit, section, offset, phrase);
}

#define EXPECT_MALFORMED(bytes, section, offset, phrase)                                               \
    EXPECT_TRUE(::faaslet::wasm::test::isMalformed(::faaslet::wasm::test::decodeError(bytes), section, \
                                                   offset, phrase))

}  // namespace faaslet::wasm::test
