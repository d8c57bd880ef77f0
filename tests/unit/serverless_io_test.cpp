// The serverless functions over a std::vector standing in for linear memory.

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "serverless/chaining.h"
#include "serverless/function_table.h"
#include "serverless/io_functions.h"

namespace faaslet::serverless {
namespace {

std::vector<uint8_t> bytes(std::string_view text) {
    return {text.begin(), text.end()};
}

constexpr int32_t kEfault = -21;

struct Guest {
    std::vector<uint8_t> storage = std::vector<uint8_t>(256, 0xAA);
    wasi::GuestMemory memory{storage};
    std::string at(size_t address, size_t length) const {
        return std::string(storage.begin() + long(address), storage.begin() + long(address + length));
    }
};

TEST(ServerlessInput, ASizeQueryThenARead) {
    Guest g;
    const std::string input("binary\0input", 12);
    CallContext call(bytes(input), 1024);
    EXPECT_EQ(readInput(call, g.memory, 0, 0), 12);
    // The size query touches nothing, wherever the pointer points.
    EXPECT_EQ(readInput(call, g.memory, 0xFFFFFFFF, 0), 12);
    EXPECT_EQ(readInput(call, g.memory, 10, 12), 12);
    EXPECT_EQ(g.at(10, 12), input);
    EXPECT_EQ(g.storage[9], 0xAA);
    EXPECT_EQ(g.storage[22], 0xAA);
}

TEST(ServerlessInput, ASmallerBufferGetsThePrefixALargerOneTheWholeInput) {
    Guest g;
    CallContext call(bytes("0123456789"), 1024);
    EXPECT_EQ(readInput(call, g.memory, 0, 4), 4);
    EXPECT_EQ(g.at(0, 4), "0123");
    EXPECT_EQ(g.storage[4], 0xAA);
    EXPECT_EQ(readInput(call, g.memory, 100, 100), 10);
    EXPECT_EQ(g.at(100, 10), "0123456789");
    EXPECT_EQ(g.storage[110], 0xAA);
    // A buffer ending exactly at the end of memory is inside it.
    EXPECT_EQ(readInput(call, g.memory, 246, 10), 10);
    EXPECT_EQ(g.at(246, 10), "0123456789");
}

TEST(ServerlessInput, AnEmptyInput) {
    Guest g;
    CallContext call({}, 1024);
    EXPECT_EQ(readInput(call, g.memory, 0, 0), 0);
    EXPECT_EQ(readInput(call, g.memory, 0, 16), 0);
    EXPECT_EQ(g.storage[0], 0xAA);
}

TEST(ServerlessInput, ABufferOutsideMemoryIsEfaultAndNothingIsWritten) {
    Guest g;
    CallContext call(bytes("abc"), 1024);
    EXPECT_EQ(readInput(call, g.memory, 250, 10), kEfault);  // runs past the end
    EXPECT_EQ(readInput(call, g.memory, 256, 1), kEfault);
    EXPECT_EQ(readInput(call, g.memory, 0xFFFFFFF0, 0x20), kEfault);  // wraps round in 32 bits
    EXPECT_EQ(readInput(call, g.memory, 0, 0xFFFFFFFF), kEfault);     // a negative `long` length
    EXPECT_EQ(g.storage, std::vector<uint8_t>(256, 0xAA));
    CallContext none(bytes("abc"), 1024);
    EXPECT_EQ(readInput(none, wasi::GuestMemory(), 0, 1), kEfault);  // an instance without memory
    EXPECT_EQ(readInput(none, wasi::GuestMemory(), 0, 0), 3);
}

TEST(ServerlessOutput, IsBinarySafeAndEachWriteReplacesIt) {
    Guest g;
    const std::string out("a\0b\xff", 4);
    std::copy(out.begin(), out.end(), g.storage.begin() + 50);
    CallContext call({}, 1024);
    EXPECT_EQ(writeOutput(call, g.memory, 50, 4), std::nullopt);
    EXPECT_EQ(std::string(call.output().begin(), call.output().end()), out);
    EXPECT_EQ(writeOutput(call, g.memory, 51, 2), std::nullopt);
    EXPECT_EQ(std::string(call.output().begin(), call.output().end()), std::string("\0b", 2));
    EXPECT_EQ(writeOutput(call, g.memory, 256, 0), std::nullopt);  // zero bytes at the very end
    EXPECT_TRUE(call.output().empty());
    EXPECT_EQ(call.takeOutput(), "");
}

TEST(ServerlessOutput, ABadBufferIsATrapMessageAndTheOutputStays) {
    Guest g;
    CallContext call({}, 1024);
    ASSERT_EQ(writeOutput(call, g.memory, 0, 3), std::nullopt);
    for (auto [address, length] : {std::pair<uint32_t, uint32_t>{250, 10}, {257, 0}, {0xFFFFFFF0, 0x20}, {0, 0xFFFFFFFF}}) {
        auto trap = writeOutput(call, g.memory, address, length);
        ASSERT_TRUE(trap) << address << "+" << length;
        EXPECT_NE(trap->find("__faasm_write_output: the " + std::to_string(length) + " bytes at"), std::string::npos) << *trap;
        EXPECT_NE(trap->find("are not inside linear memory (256 bytes)"), std::string::npos) << *trap;
    }
    EXPECT_EQ(call.output().size(), 3u);
}

TEST(ServerlessOutput, IsBoundedByTheMaximum) {
    Guest g;
    CallContext call({}, 16);
    EXPECT_EQ(writeOutput(call, g.memory, 0, 16), std::nullopt);  // exactly the bound
    auto trap = writeOutput(call, g.memory, 0, 17);
    ASSERT_TRUE(trap);
    EXPECT_EQ(*trap, "__faasm_write_output: 17 bytes of output, more than the function's bound of 16 bytes");
    EXPECT_EQ(call.output().size(), 16u);
    CallContext none({}, 0);
    EXPECT_EQ(writeOutput(none, g.memory, 0, 0), std::nullopt);
    EXPECT_TRUE(writeOutput(none, g.memory, 0, 1));
}

std::string signature(const ServerlessFunction& f) {
    std::string s;
    for (auto t : f.params) s += t == wasm::ValType::I32 ? 'i' : '?';
    s += "->";
    for (auto t : f.results) s += t == wasm::ValType::I32 ? 'i' : '?';
    return s;
}

TEST(ServerlessTable, FaasmsNamesAndSignaturesFromEnv) {
    EXPECT_EQ(kImportModule, "env");
    const std::vector<std::pair<std::string, std::string>> expected = {
        {"__faasm_read_input", "ii->i"},        {"__faasm_write_output", "ii->"},
        {"__faasm_chain_name", "iii->i"},       {"__faasm_chain_ptr", "iii->i"},
        {"__faasm_await_call", "i->i"},         {"__faasm_await_call_output", "iii->i"},
        {"__faaslet_chain_export", "iii->i"},   {"__faaslet_chain_batch", "iii->i"},
        {"__faaslet_await_call_timeout", "ii->i"}, {"__faaslet_call_output", "iii->i"},
        {"__faaslet_call_error", "iii->i"},      {"__faaslet_call_release", "i->i"},
    };
    ASSERT_EQ(serverlessFunctions().size(), expected.size());
    for (const auto& [name, types] : expected) {
        ASSERT_TRUE(findServerlessFunction(name)) << name;
        EXPECT_EQ(signature(*findServerlessFunction(name)), types) << name;
    }
    EXPECT_EQ(findServerlessFunction("__faasm_read_state"), nullptr);  // state: not yet
}

// Without a Chainer (a function's initialisation, a bare instance) every chain function says so.
TEST(ServerlessTable, ChainFunctionsWithoutAChainerAreNotOffered) {
    Guest g;
    CallContext call(bytes("x"), 16);
    for (const ServerlessFunction& f : serverlessFunctions()) {
        if (f.name == "__faasm_read_input" || f.name == "__faasm_write_output") continue;
        std::vector<abi::Value> args(f.params.size());
        Outcome outcome = f.call(call, g.memory, args);
        EXPECT_FALSE(outcome.trap) << f.name;
        // The name at address 0 is 256 bytes without a NUL: too long, refused before the Chainer
        // is asked; every other function reaches the missing Chainer.
        if (f.name == "__faasm_chain_name" || f.name == "__faaslet_chain_export")
            EXPECT_EQ(outcome.result, code(ChainCode::BadEntry)) << f.name;
        else
            EXPECT_EQ(outcome.result, code(ChainCode::NotOffered)) << f.name;
    }
}

TEST(ServerlessTable, AWrongArgumentCountIsATrap) {
    Guest g;
    CallContext call(bytes("x"), 16);
    const std::vector<abi::Value> four(4);  // no function takes four
    for (const ServerlessFunction& f : serverlessFunctions()) {
        Outcome outcome = f.call(call, g.memory, four);
        ASSERT_TRUE(outcome.trap) << f.name;
        EXPECT_NE(outcome.trap->find("wrong number of arguments"), std::string::npos);
    }
}

}  // namespace
}  // namespace faaslet::serverless
