// Compiled code end to end: modules assembled by hand, compiled to shared objects, loaded and run by
// the runtime. Bad code must trap with the right kind and leave the thread able to run the next
// call.

#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "tests/unit/compiled_module.h"
#include "tests/unit/module_builder.h"

namespace faaslet {
namespace {

using test::Code;
using test::ModuleBuilder;
using wasm::Opcode;
using wasm::ValType;

using Compiled = test::I32Module;
using test::resultI32;

// One page of memory and loads at a parameter address with several static offsets.
std::vector<uint8_t> memoryModule() {
    ModuleBuilder b;
    const uint32_t load = b.type({ValType::I32}, {ValType::I32});
    b.memory(1);
    auto loadAt = [&](const char* name, uint32_t offset) {
        uint32_t f = b.func(load, Code().localGet(0).mem(Opcode::I32Load, 0, offset).end());
        b.exportItem(name, wasm::ExternKind::Func, f);
    };
    loadAt("load", 0);
    loadAt("load_offset_max", 0xffffffffu);
    uint32_t store = b.func(load, Code().localGet(0).i32Const(7).mem(Opcode::I32Store8, 0).i32Const(1).end());
    b.exportItem("store8", wasm::ExternKind::Func, store);
    uint32_t grow = b.func(load, Code().localGet(0).op(Opcode::MemoryGrow).byte(0).end());
    b.exportItem("grow", wasm::ExternKind::Func, grow);
    return b.build();
}

TEST(CompilerExecution, OutOfBoundsAccessesTrapAndTheNextCallWorks) {
    Compiled m(memoryModule());
    EXPECT_EQ(resultI32(m.call("load", {65532})), 0u);
    for (uint32_t address : {65533u, 65536u, 0x7fffffffu, 0xfffffffcu, 0xffffffffu}) {
        auto r = m.call("load", {address});
        ASSERT_FALSE(r) << address;
        EXPECT_EQ(r.error().code, abi::TrapCode::OutOfBoundsMemoryAccess) << address;
        EXPECT_EQ(resultI32(m.call("load", {0})), 0u) << "after a trap at " << address;
    }
    for (uint32_t address : {0u, 1u, 0xffffffffu}) {
        auto r = m.call("load_offset_max", {address});
        ASSERT_FALSE(r);
        EXPECT_EQ(r.error().code, abi::TrapCode::OutOfBoundsMemoryAccess);
    }
    ASSERT_FALSE(m.call("store8", {65536}));
    EXPECT_EQ(resultI32(m.call("store8", {65535})), 1u);
}

TEST(CompilerExecution, GrowMakesNewPagesAccessible) {
    Compiled m(memoryModule());
    ASSERT_FALSE(m.call("load", {65536}));
    EXPECT_EQ(resultI32(m.call("grow", {1})), 1u);
    EXPECT_EQ(resultI32(m.call("load", {65536})), 0u);
    EXPECT_FALSE(m.call("load", {2 * 65536}));
}

TEST(CompilerExecution, ArithmeticTraps) {
    ModuleBuilder b;
    const uint32_t binary = b.type({ValType::I32, ValType::I32}, {ValType::I32});
    b.exportItem("div_s", wasm::ExternKind::Func, b.func(binary, Code().localGet(0).localGet(1).op(Opcode::I32DivS).end()));
    b.exportItem("rem_s", wasm::ExternKind::Func, b.func(binary, Code().localGet(0).localGet(1).op(Opcode::I32RemS).end()));
    Compiled m(b.build());
    EXPECT_EQ(m.call("div_s", {7, 0}).error().code, abi::TrapCode::IntegerDivideByZero);
    EXPECT_EQ(m.call("div_s", {0x80000000u, 0xffffffffu}).error().code, abi::TrapCode::IntegerOverflow);
    EXPECT_EQ(resultI32(m.call("rem_s", {0x80000000u, 0xffffffffu})), 0u);
    EXPECT_EQ(resultI32(m.call("div_s", {7, 2})), 3u);
}

TEST(CompilerExecution, UnboundedRecursionExhaustsTheStackAndTheThreadRecovers) {
    ModuleBuilder b;
    const uint32_t type = b.type({ValType::I32}, {ValType::I32});
    // f(n) = f(n + 1) + 1: never returns.
    const uint32_t f = b.func(type, Code().localGet(0).i32Const(1).op(Opcode::I32Add).call(0).i32Const(1).op(Opcode::I32Add).end());
    b.exportItem("recurse", wasm::ExternKind::Func, f);
    const uint32_t id = b.func(type, Code().localGet(0).end());
    b.exportItem("id", wasm::ExternKind::Func, id);
    Compiled m(b.build());
    for (int i = 0; i < 3; ++i) {
        auto r = m.call("recurse", {0});
        ASSERT_FALSE(r);
        EXPECT_EQ(r.error().code, abi::TrapCode::CallStackExhausted);
        EXPECT_EQ(resultI32(m.call("id", {42})), 42u);
    }
}

// Loops that never end, directly or around an inner loop short enough to lose its own poll.
TEST(CompilerExecution, InfiniteLoopIsInterruptedFromAnotherThread) {
    ModuleBuilder b;
    const uint32_t type = b.type({ValType::I32}, {ValType::I32});
    b.memory(1);
    b.exportItem("spin", wasm::ExternKind::Func,
                 b.func(type, Code().block(Opcode::Loop).br(0).end().i32Const(0).end()));
    Code aroundBoundedLoop;
    aroundBoundedLoop.block(Opcode::Loop)
        .i32Const(0).localSet(1).block(Opcode::Loop)
        .localGet(2).localGet(1).op(Opcode::I32Add).localSet(2)
        .localGet(1).i32Const(1).op(Opcode::I32Add).op(Opcode::LocalTee, {1})
        .i32Const(1000).op(Opcode::I32LtU).brIf(0).end()
        .i32Const(0).localGet(2).mem(Opcode::I32Store, 2).br(0).end().i32Const(0).end();
    b.exportItem("spin_around_bounded_loop", wasm::ExternKind::Func,
                 b.func(type, aroundBoundedLoop, {{2, ValType::I32}}));
    b.exportItem("id", wasm::ExternKind::Func, b.func(type, Code().localGet(0).end()));
    Compiled m(b.build());
    for (const char* name : {"spin", "spin_around_bounded_loop"}) {
        std::thread stopper([&] {
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
            m.instance().interrupt();
        });
        auto r = m.call(name, {0});
        stopper.join();
        ASSERT_FALSE(r) << name;
        EXPECT_EQ(r.error().code, abi::TrapCode::Interrupted) << name;
        EXPECT_EQ(resultI32(m.call("id", {5})), 5u) << name;
    }
}

TEST(CompilerExecution, UnreachableTrapsWithABacktrace) {
    ModuleBuilder b;
    const uint32_t type = b.type({}, {});
    const uint32_t inner = b.func(type, Code().op(Opcode::Unreachable).end());
    const uint32_t outer = b.func(type, Code().call(inner).end());
    b.exportItem("outer", wasm::ExternKind::Func, outer);
    Compiled m(b.build(), compiler::OptLevel::O0);
    auto r = m.call("outer");
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, abi::TrapCode::Unreachable);
    ASSERT_GE(r.error().backtrace.size(), 2u);
    EXPECT_EQ(r.error().backtrace[0].function, inner);
    EXPECT_EQ(r.error().backtrace[1].function, outer);
}

TEST(CompilerExecution, MultiValueBlocksAndCalls) {
    ModuleBuilder b;
    const uint32_t pair = b.type({ValType::I32}, {ValType::I32, ValType::I32});
    const uint32_t sum = b.type({ValType::I32}, {ValType::I32});
    // pair(x) = (x, x * 2) computed in a block with a parameter.
    const uint32_t blockType = b.type({ValType::I32}, {ValType::I32, ValType::I32});
    const uint32_t p = b.func(pair, Code()
                                        .localGet(0)
                                        .blockTypeIndex(Opcode::Block, blockType)
                                        .localGet(0)
                                        .i32Const(2)
                                        .op(Opcode::I32Mul)
                                        .end()
                                        .end());
    const uint32_t s = b.func(sum, Code().localGet(0).call(p).op(Opcode::I32Add).end());
    b.exportItem("sum", wasm::ExternKind::Func, s);
    Compiled m(b.build());
    EXPECT_EQ(resultI32(m.call("sum", {5})), 15u);
}

}  // namespace
}  // namespace faaslet
