// A compiled module calling __faasm_read_input and __faasm_write_output through the binding.

#include "bindings/serverless_bindings.h"

#include <gtest/gtest.h>

#include <string>

#include "bindings/wasi_bindings.h"
#include "cli_test_support.h"
#include "loader/module_file.h"
#include "module_builder.h"
#include "runtime/linker.h"
#include "tests/unit/compiled_module.h"

namespace faaslet::bindings {
namespace {

using test::Code;
using test::ModuleBuilder;
using wasm::ValType;

// Imports both functions from "env" and exports:
//   size() -> i32              read_input(0, 0)
//   read(ptr, len) -> i32      read_input(ptr, len)
//   write(ptr, len)            write_output(ptr, len)
//   echo()                     write_output(16, read_input(16, 1024))
std::vector<uint8_t> ioModule() {
    ModuleBuilder b;
    const uint32_t ii_i = b.type({ValType::I32, ValType::I32}, {ValType::I32});
    const uint32_t ii = b.type({ValType::I32, ValType::I32}, {});
    const uint32_t v_i = b.type({}, {ValType::I32});
    const uint32_t v = b.type({}, {});
    const uint32_t readInput = b.importFunc(ii_i, "env", "__faasm_read_input");
    const uint32_t writeOutput = b.importFunc(ii, "env", "__faasm_write_output");
    b.memory(1);
    b.exportItem("size", wasm::ExternKind::Func, b.func(v_i, Code().i32Const(0).i32Const(0).call(readInput).end()));
    b.exportItem("read", wasm::ExternKind::Func, b.func(ii_i, Code().localGet(0).localGet(1).call(readInput).end()));
    b.exportItem("write", wasm::ExternKind::Func, b.func(ii, Code().localGet(0).localGet(1).call(writeOutput).end()));
    b.exportItem("echo", wasm::ExternKind::Func,
                 b.func(v, Code().i32Const(16).i32Const(16).i32Const(1024).call(readInput).call(writeOutput).end()));
    return b.build();
}

class ServerlessBinding : public ::testing::Test {
protected:
    test::CompiledModule& module() {
        if (!module_)
            module_ = std::make_unique<test::CompiledModule>(
                ioModule(), compiler::OptLevel::O2, true, [this](runtime::Store& store, const wasm::Module& m) {
                    runtime::Linker linker;
                    EXPECT_EQ(defineServerless(store, linker, call, &m), "");
                    return linker.resolve(m).value();
                });
        return *module_;
    }
    std::string output() const { return std::string(call.output().begin(), call.output().end()); }

    serverless::CallContext call{{}, 64};
    std::unique_ptr<test::CompiledModule> module_;
};

TEST_F(ServerlessBinding, EchoesBinaryInput) {
    const std::string input("in\0put\n", 7);
    call.setInput({input.begin(), input.end()});
    auto size = module().call("size");
    ASSERT_TRUE(size) << size.error().toString();
    EXPECT_EQ(size.value().at(0).i32, 7u);
    auto echoed = module().call("echo");
    ASSERT_TRUE(echoed) << echoed.error().toString();
    EXPECT_EQ(output(), input);
    // The next call of the same instance sees its own input.
    call.setInput({'x'});
    call.clearOutput();
    ASSERT_TRUE(module().call("echo"));
    EXPECT_EQ(output(), "x");
}

TEST_F(ServerlessBinding, ABadInputBufferIsEfault) {
    call.setInput({'a', 'b'});
    auto read = module().call("read", {test::i32Value(65536 - 1), test::i32Value(2)});
    ASSERT_TRUE(read) << read.error().toString();
    EXPECT_EQ(int32_t(read.value().at(0).i32), -21);
    auto fits = module().call("read", {test::i32Value(65536 - 2), test::i32Value(2)});
    ASSERT_TRUE(fits);
    EXPECT_EQ(fits.value().at(0).i32, 2u);
}

TEST_F(ServerlessBinding, ABadOutputBufferOrTooMuchOutputTrapsWithItsMessage) {
    auto outside = module().call("write", {test::i32Value(65530), test::i32Value(10)});
    ASSERT_FALSE(outside);
    EXPECT_EQ(outside.error().code, abi::TrapCode::HostTrap);
    EXPECT_NE(outside.error().message.find("are not inside linear memory (65536 bytes)"), std::string::npos)
        << outside.error().message;
    auto tooMuch = module().call("write", {test::i32Value(0), test::i32Value(65)});
    ASSERT_FALSE(tooMuch);
    EXPECT_EQ(tooMuch.error().message,
              "__faasm_write_output: 65 bytes of output, more than the function's bound of 64 bytes");
    // The instance serves the next call.
    ASSERT_TRUE(module().call("write", {test::i32Value(0), test::i32Value(64)}));
    EXPECT_EQ(call.output().size(), 64u);
}

TEST_F(ServerlessBinding, DefinesOnlyWhatTheModuleImports) {
    ModuleBuilder b;
    b.importFunc(b.type({ValType::I32, ValType::I32}, {}), "env", "__faasm_write_output");
    auto decoded = wasm::decode(b.build());
    ASSERT_TRUE(decoded);
    runtime::Store store;
    runtime::Linker linker;
    EXPECT_EQ(defineServerless(store, linker, call, &*decoded), "");
    EXPECT_TRUE(linker.resolve(*decoded));
    EXPECT_FALSE(linker.resolve(wasm::decode(ioModule()).value()));
}

// The SDK's example (sdk/examples/echo.c, a WASI command) reads its input and writes it upper-cased.
TEST(ServerlessExample, EchoUpperCasesItsBinaryInput) {
    auto bytes = loader::readModuleFile(cli::test::example("echo.wasm"));
    ASSERT_TRUE(bytes) << bytes.error();
    const std::string input("Hello, Faaslet\0\xe9!", 17);
    serverless::CallContext call({input.begin(), input.end()}, 1024);
    wasi::WasiContext wasi{wasi::WasiConfig{}};
    test::CompiledModule module(std::move(*bytes), compiler::OptLevel::O2, true,
                                [&](runtime::Store& store, const wasm::Module& m) {
                                    runtime::Linker linker;
                                    EXPECT_EQ(defineWasi(store, linker, wasi, &m), "");
                                    EXPECT_EQ(defineServerless(store, linker, call, &m), "");
                                    return linker.resolve(m).value();
                                });
    auto ran = module.call("_start");
    // A command that returns 0 from main may end with proc_exit(0) or by returning.
    if (!ran) {
        EXPECT_EQ(ran.error().message, kExitTrapMessage);
        EXPECT_EQ(wasi.exitCode, 0);
    }
    EXPECT_EQ(std::string(call.output().begin(), call.output().end()), std::string("HELLO, FAASLET\0\xe9!", 17));
}

}  // namespace
}  // namespace faaslet::bindings
