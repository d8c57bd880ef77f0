#pragma once
// Shared checks of the validator's unit tests: decode a built module, validate it, and compare
// the outcome (valid, or invalid/malformed with a phrase of the spec tests in the message).

#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#include "wasm/decoder/decoder.h"
#include "wasm/validator/validator.h"
#include "tests/unit/module_builder.h"

namespace faaslet::test {

using wasm::Error;
using wasm::ExternKind;
using wasm::Opcode;
using wasm::ValType;

inline constexpr ValType I32 = ValType::I32;
inline constexpr ValType I64 = ValType::I64;
inline constexpr ValType F32 = ValType::F32;
inline constexpr ValType F64 = ValType::F64;
inline constexpr ValType V128 = ValType::V128;
inline constexpr ValType FuncRef = ValType::FuncRef;
inline constexpr ValType ExternRef = ValType::ExternRef;

// The decoded module must exist: a decode error means the test built the wrong bytes, unless the
// test expects the module to be malformed.
inline ::testing::AssertionResult outcome(const ModuleBuilder& builder, bool expectValid, Error::Kind kind,
                                          const std::string& phrase) {
    auto module = wasm::decode(builder.build());
    if (!module) {
        if (!expectValid && kind == Error::Kind::Malformed &&
            module.error().message.find(phrase) != std::string::npos) {
            return ::testing::AssertionSuccess() << "decoder: " << module.error().toString();
        }
        return ::testing::AssertionFailure() << "decode failed: " << module.error().toString();
    }
    const wasm::Status status = wasm::validate(*module);
    if (expectValid) {
        if (status) return ::testing::AssertionSuccess();
        return ::testing::AssertionFailure() << "expected valid, got: " << status.error().toString();
    }
    if (status) return ::testing::AssertionFailure() << "expected an error containing \"" << phrase << "\"";
    const wasm::Error& error = status.error();
    if (error.kind != kind) {
        return ::testing::AssertionFailure()
               << "expected " << (kind == Error::Kind::Invalid ? "invalid" : "malformed")
               << ", got: " << error.toString();
    }
    if (error.message.find(phrase) == std::string::npos) {
        return ::testing::AssertionFailure() << "expected \"" << phrase << "\" in: " << error.toString();
    }
    return ::testing::AssertionSuccess() << error.toString();
}

inline ::testing::AssertionResult isValid(const ModuleBuilder& b) {
    return outcome(b, true, Error::Kind::Invalid, "");
}
inline ::testing::AssertionResult isInvalid(const ModuleBuilder& b, const std::string& phrase) {
    return outcome(b, false, Error::Kind::Invalid, phrase);
}
inline ::testing::AssertionResult isMalformed(const ModuleBuilder& b, const std::string& phrase) {
    return outcome(b, false, Error::Kind::Malformed, phrase);
}

// The validation error of a module that decodes (for checking where an error points).
inline wasm::Error errorOf(const ModuleBuilder& builder) {
    auto module = wasm::decode(builder.build());
    if (!module) return module.error();
    const wasm::Status status = wasm::validate(*module);
    return status ? wasm::Error{} : status.error();
}

// A module with one function of type params -> results and the given body.
inline ModuleBuilder oneFunction(std::vector<ValType> params, std::vector<ValType> results, const Bytes& body,
                                 std::vector<std::pair<uint32_t, ValType>> locals = {}) {
    ModuleBuilder b;
    b.func(b.type(std::move(params), std::move(results)), body, std::move(locals));
    return b;
}

}  // namespace faaslet::test
