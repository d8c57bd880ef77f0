// Out-of-bounds accesses that optimisation could make unneeded (a load whose value ends up unused,
// a store overwritten later) must trap at every level, and loads that are used must stay free to
// be vectorised (see compiler/trap_probes.cpp).

#include <gtest/gtest.h>

#include <sstream>

#include "tests/unit/compiled_module.h"
#include "tests/unit/module_builder.h"
#include "tests/support/temp_dir.h"

namespace faaslet {
namespace {

using test::Code;
using test::ModuleBuilder;
using wasm::Opcode;
using wasm::ValType;

constexpr compiler::OptLevel kLevels[] = {compiler::OptLevel::O0, compiler::OptLevel::O2, compiler::OptLevel::O3};
constexpr uint32_t kOutOfBounds = 65536;  // one page of memory

using Compiled = test::I32Module;
using test::resultI32;

void expectOutOfBoundsTrap(const runtime::CallResult& r, const std::string& what) {
    ASSERT_FALSE(r) << what;
    EXPECT_EQ(r.error().code, abi::TrapCode::OutOfBoundsMemoryAccess) << what;
}

std::string levelName(compiler::OptLevel level) { return "O" + std::to_string(level == compiler::OptLevel::O0 ? 0 : level == compiler::OptLevel::O2 ? 2 : 3); }

// Loads whose values nothing needs, in the shapes an optimiser sees through: each must still trap out
// of bounds, and return 1 in bounds.
TEST(CompilerTrapProbes, LoadsWhoseValueIsUnusedStillTrap) {
    ModuleBuilder b;
    const uint32_t type = b.type({ValType::I32}, {ValType::I32});
    b.memory(1);
    auto load = [] { return Code().localGet(0).mem(Opcode::I32Load, 2); };
    const std::vector<std::pair<const char*, Code>> shapes = {
        {"dropped", load().op(Opcode::Drop).i32Const(1).end()},
        {"dropped_after_add", load().i32Const(5).op(Opcode::I32Add).op(Opcode::Drop).i32Const(1).end()},
        {"overwritten_local", load().localSet(1).i32Const(1).localSet(1).localGet(1).end()},
        {"times_zero", load().i32Const(0).op(Opcode::I32Mul).i32Const(1).op(Opcode::I32Add).end()},
        {"bits_shifted_out",
         Code().localGet(0).mem(Opcode::I32Load8U, 0).i32Const(8).op(Opcode::I32ShrU).i32Const(1)
             .op(Opcode::I32Add).end()},
        {"empty_branch", load().block(Opcode::If).op(Opcode::Else).end().i32Const(1).end()},
        {"select_of_equals", Code().i32Const(1).i32Const(1).localGet(0).mem(Opcode::I32Load, 2)
                                 .op(Opcode::Select).end()},
        {"float_dropped", Code().localGet(0).mem(Opcode::F64Load, 3).f64Const(1.0).op(Opcode::F64Add)
                              .op(Opcode::Drop).i32Const(1).end()},
        {"address_of_dropped_load", load().mem(Opcode::I32Load, 2).op(Opcode::Drop).i32Const(1).end()},
    };
    for (const auto& [name, code] : shapes)
        b.exportItem(name, wasm::ExternKind::Func, b.func(type, code, {{1, ValType::I32}}));
    for (auto level : kLevels) {
        Compiled m(b.build(), level);
        for (const auto& [name, code] : shapes) {
            EXPECT_EQ(resultI32(m.call(name, {0})), 1u) << name;
            auto r = m.call(name, {65536});
            ASSERT_FALSE(r) << name << " at level " << int(level);
            EXPECT_EQ(r.error().code, abi::TrapCode::OutOfBoundsMemoryAccess) << name;
        }
    }
}


// The shapes in which random modules lost their traps at -O2 and -O3: a load whose value becomes
// unused only after constant folding, inlining or dead-argument elimination.
TEST(CompilerTrapProbes, LoadsUnusedOnlyAfterInliningOrFoldingStillTrap) {
    ModuleBuilder b;
    const uint32_t type = b.type({ValType::I32}, {ValType::I32});
    b.memory(1);
    b.dataActive(Code().i32Const(0).end(), std::string("\x05\0\0\0", 4));
    const uint32_t onlyLoads = b.func(type, Code().localGet(0).mem(Opcode::I32Load, 2).end());
    const uint32_t ignoresItsArgument = b.func(type, Code().i32Const(1).end());
    // select(1, load p, block { 1 }): the condition is a constant only once the block is folded.
    b.exportItem("select_of_block_constant", wasm::ExternKind::Func,
                 b.func(type, Code().i32Const(1).localGet(0).mem(Opcode::I32Load, 2).block(Opcode::Block, ValType::I32)
                                  .i32Const(1).end().op(Opcode::Select).end()));
    // The callee is found to only read memory, so a call whose result is dropped looks removable.
    b.exportItem("dropped_call_of_a_load", wasm::ExternKind::Func,
                 b.func(type, Code().localGet(0).call(onlyLoads).op(Opcode::Drop).i32Const(1).end()));
    // The callee never reads its parameter, so the argument (and the load) look removable.
    b.exportItem("load_as_unread_argument", wasm::ExternKind::Func,
                 b.func(type, Code().localGet(0).mem(Opcode::I32Load, 2).call(ignoresItsArgument).end()));
    // Used loads in the same shapes, to show the probes change no result: 5 + 1.
    b.exportItem("used_through_call", wasm::ExternKind::Func,
                 b.func(type, Code().localGet(0).call(onlyLoads).i32Const(1).op(Opcode::I32Add).end()));
    const auto bytes = b.build();
    for (auto level : kLevels) {
        Compiled m(bytes, level);
        for (const char* name : {"select_of_block_constant", "dropped_call_of_a_load", "load_as_unread_argument"}) {
            EXPECT_EQ(resultI32(m.call(name, {0})), 1u) << name << " at " << levelName(level);
            expectOutOfBoundsTrap(m.call(name, {kOutOfBounds}), std::string(name) + " at " + levelName(level));
            expectOutOfBoundsTrap(m.call(name, {kOutOfBounds - 2}), std::string(name) + " straddling, at " + levelName(level));
        }
        EXPECT_EQ(resultI32(m.call("used_through_call", {0})), 6u) << levelName(level);
        expectOutOfBoundsTrap(m.call("used_through_call", {kOutOfBounds}), "used_through_call at " + levelName(level));
    }
}

// A store that a later store to the same address overwrites is dead to LLVM; deleting it would move
// the trap after the in-bounds store between them, which would then be visible in memory.
TEST(CompilerTrapProbes, OverwrittenStoresStillTrapBeforeWhatFollows) {
    ModuleBuilder b;
    const uint32_t type = b.type({ValType::I32}, {ValType::I32});
    b.memory(1);
    const uint32_t storeOne = b.func(type, Code().localGet(0).i32Const(1).mem(Opcode::I32Store, 2).i32Const(0).end());
    // *p = 1; *16 = 7; *p = 2
    b.exportItem("overwritten", wasm::ExternKind::Func,
                 b.func(type, Code().localGet(0).i32Const(1).mem(Opcode::I32Store, 2)
                                  .i32Const(16).i32Const(7).mem(Opcode::I32Store, 2)
                                  .localGet(0).i32Const(2).mem(Opcode::I32Store, 2).i32Const(1).end()));
    // The same once the first store is inlined: *p = 1 (in the callee); *20 = 7; *p = 2
    b.exportItem("overwritten_after_inlining", wasm::ExternKind::Func,
                 b.func(type, Code().localGet(0).call(storeOne).op(Opcode::Drop)
                                  .i32Const(20).i32Const(7).mem(Opcode::I32Store, 2)
                                  .localGet(0).i32Const(2).mem(Opcode::I32Store, 2).i32Const(1).end()));
    // *p = *p: a store of the value just loaded, which changes nothing.
    b.exportItem("stores_what_it_loaded", wasm::ExternKind::Func,
                 b.func(type, Code().localGet(0).localGet(0).mem(Opcode::I32Load, 2).mem(Opcode::I32Store, 2)
                                  .i32Const(1).end()));
    b.exportItem("peek", wasm::ExternKind::Func, b.func(type, Code().localGet(0).mem(Opcode::I32Load, 2).end()));
    const auto bytes = b.build();
    for (auto level : kLevels) {
        const std::string at = " at " + levelName(level);
        Compiled m(bytes, level);
        expectOutOfBoundsTrap(m.call("overwritten", {kOutOfBounds}), "overwritten" + at);
        EXPECT_EQ(resultI32(m.call("peek", {16})), 0u) << "the store after the trapping one ran" << at;
        expectOutOfBoundsTrap(m.call("overwritten_after_inlining", {kOutOfBounds}), "overwritten_after_inlining" + at);
        EXPECT_EQ(resultI32(m.call("peek", {20})), 0u) << "the store after the trapping one ran" << at;
        expectOutOfBoundsTrap(m.call("stores_what_it_loaded", {kOutOfBounds}), "stores_what_it_loaded" + at);

        EXPECT_EQ(resultI32(m.call("overwritten", {32})), 1u) << at;
        EXPECT_EQ(resultI32(m.call("peek", {32})), 2u) << at;
        EXPECT_EQ(resultI32(m.call("peek", {16})), 7u) << at;
        EXPECT_EQ(resultI32(m.call("overwritten_after_inlining", {36})), 1u) << at;
        EXPECT_EQ(resultI32(m.call("peek", {36})), 2u) << at;
        EXPECT_EQ(resultI32(m.call("peek", {20})), 7u) << at;
        EXPECT_EQ(resultI32(m.call("stores_what_it_loaded", {36})), 1u) << at;
        EXPECT_EQ(resultI32(m.call("peek", {36})), 2u) << at;
    }
}

// Loops move and merge accesses: an unused load in a loop, a used one LICM hoists out of it, and a
// store to one address in every iteration that LICM sinks after the loop must each still trap, and
// only where the program's access is out of bounds.
TEST(CompilerTrapProbes, AccessesThatLoopsMoveStillTrap) {
    ModuleBuilder b;
    const uint32_t type = b.type({ValType::I32}, {ValType::I32});
    b.memory(1);
    // Counts local 1 from 0 to 10, running `body` each time; then returns `result`.
    auto loop = [](const Code& body, const Code& result) {
        Code code;
        code.block(Opcode::Block).block(Opcode::Loop).localGet(1).i32Const(10).op(Opcode::I32GeU).brIf(1);
        for (uint8_t byte : body.bytes()) code.byte(byte);
        code.localGet(1).i32Const(1).op(Opcode::I32Add).localSet(1).br(0).end().end();
        for (uint8_t byte : result.bytes()) code.byte(byte);
        return code.end();
    };
    // mem[p + 4i] is loaded and dropped.
    b.exportItem("dropped_in_loop", wasm::ExternKind::Func,
                 b.func(type, loop(Code().localGet(0).localGet(1).i32Const(2).op(Opcode::I32Shl).op(Opcode::I32Add)
                                       .mem(Opcode::I32Load, 2).op(Opcode::Drop),
                                   Code().i32Const(1)),
                        {{2, ValType::I32}}));
    // s += mem[p], the same address every time.
    b.exportItem("invariant_load", wasm::ExternKind::Func,
                 b.func(type, loop(Code().localGet(2).localGet(0).mem(Opcode::I32Load, 2).op(Opcode::I32Add).localSet(2),
                                   Code().localGet(2)),
                        {{2, ValType::I32}}));
    // mem[p] = i, the same address every time: only the last value is ever seen.
    b.exportItem("store_in_every_iteration", wasm::ExternKind::Func,
                 b.func(type, loop(Code().localGet(0).localGet(1).mem(Opcode::I32Store, 2), Code().i32Const(1)),
                        {{2, ValType::I32}}));
    b.exportItem("peek", wasm::ExternKind::Func, b.func(type, Code().localGet(0).mem(Opcode::I32Load, 2).end()));
    const auto bytes = b.build();
    for (auto level : kLevels) {
        const std::string at = " at " + levelName(level);
        Compiled m(bytes, level);
        for (const char* name : {"dropped_in_loop", "invariant_load", "store_in_every_iteration"})
            expectOutOfBoundsTrap(m.call(name, {kOutOfBounds}), name + at);
        // The last iteration of dropped_in_loop reads mem[p + 36]: from p = 65500 only that one is out.
        expectOutOfBoundsTrap(m.call("dropped_in_loop", {65500}), "dropped_in_loop's last iteration" + at);
        EXPECT_EQ(resultI32(m.call("dropped_in_loop", {65496})), 1u) << at;
        EXPECT_EQ(resultI32(m.call("store_in_every_iteration", {8})), 1u) << at;
        EXPECT_EQ(resultI32(m.call("peek", {8})), 9u) << at;
        EXPECT_EQ(resultI32(m.call("invariant_load", {8})), 90u) << at;
    }
}

// The optimised IR of `bytes` at `level`.
std::string optimizedIR(const std::vector<uint8_t>& bytes, compiler::OptLevel level) {
    auto decoded = wasm::decode(bytes);
    EXPECT_TRUE(decoded);
    EXPECT_TRUE(wasm::validate(*decoded));
    compiler::CompileOptions options;
    options.optLevel = level;
    std::string ir;
    options.inspectOptimizedIR = [&ir](const std::string& text) { ir = text; };
    test::TempDir dir;
    const auto result = compiler::compile(*decoded, options, dir.path() / "module.so");
    EXPECT_EQ(result.error, "");
    return ir;
}

// Volatile loads in `ir` other than the interrupt polls' loads of their flag.
size_t volatileLoadsBesidePolls(const std::string& ir) {
    size_t count = 0;
    std::istringstream lines(ir);
    for (std::string line; std::getline(lines, line);)
        if (line.find("load volatile") != std::string::npos && line.find("!faaslet.poll") == std::string::npos) ++count;
    return count;
}

// Probes must not stand in the vectoriser's way: a loop of used loads (a sum) and one of loads and
// stores (adding one to each element) still become vector code, and no probe is left.
TEST(CompilerTrapProbes, UsedLoadsInLoopsAreStillVectorised) {
    ModuleBuilder b;
    const uint32_t type = b.type({ValType::I32}, {ValType::I32});
    b.memory(1);
    // for (i = 0; i < n; ++i) s += mem[i]
    Code sum;
    sum.block(Opcode::Block).block(Opcode::Loop)
        .localGet(1).localGet(0).op(Opcode::I32GeU).brIf(1)
        .localGet(2).localGet(1).i32Const(2).op(Opcode::I32Shl).mem(Opcode::I32Load, 2).op(Opcode::I32Add).localSet(2)
        .localGet(1).i32Const(1).op(Opcode::I32Add).localSet(1).br(0)
        .end().end().localGet(2).end();
    b.exportItem("sum", wasm::ExternKind::Func, b.func(type, sum, {{2, ValType::I32}}));
    // for (i = 0; i < n; ++i) mem[i] += 1
    Code increment;
    increment.block(Opcode::Block).block(Opcode::Loop)
        .localGet(1).localGet(0).op(Opcode::I32GeU).brIf(1)
        .localGet(1).i32Const(2).op(Opcode::I32Shl).op(Opcode::LocalTee, {2})
        .localGet(2).mem(Opcode::I32Load, 2).i32Const(1).op(Opcode::I32Add).mem(Opcode::I32Store, 2)
        .localGet(1).i32Const(1).op(Opcode::I32Add).localSet(1).br(0)
        .end().end().i32Const(0).end();
    b.exportItem("increment", wasm::ExternKind::Func, b.func(type, increment, {{2, ValType::I32}}));
    const auto bytes = b.build();
    for (auto level : {compiler::OptLevel::O2, compiler::OptLevel::O3}) {
        const std::string ir = optimizedIR(bytes, level);
        EXPECT_NE(ir.find("load <"), std::string::npos) << "no vector load at " << levelName(level) << ":\n" << ir;
        EXPECT_NE(ir.find("store <"), std::string::npos) << "no vector store at " << levelName(level) << ":\n" << ir;
        EXPECT_EQ(ir.find("call void @faaslet.trap_probe"), std::string::npos) << "a probe is left:\n" << ir;
        EXPECT_EQ(volatileLoadsBesidePolls(ir), 0u) << "a used load became volatile:\n" << ir;

        Compiled m(bytes, level);
        EXPECT_EQ(resultI32(m.call("increment", {100})), 0u);
        EXPECT_EQ(resultI32(m.call("increment", {50})), 0u);
        EXPECT_EQ(resultI32(m.call("sum", {100})), 150u) << levelName(level);
        expectOutOfBoundsTrap(m.call("sum", {kOutOfBounds / 4 + 1}), "sum past the end at " + levelName(level));
    }
}

// Probes must not change what gets inlined: a function of ten loads, called three times, is small
// enough to inline everywhere; were each probe charged as a call (a call penalty and two arguments),
// it would not be.
TEST(CompilerTrapProbes, ProbesDoNotStopInlining) {
    ModuleBuilder b;
    const uint32_t type = b.type({ValType::I32}, {ValType::I32});
    b.memory(1);
    Code sumOfTen;
    sumOfTen.localGet(0).mem(Opcode::I32Load, 2);
    for (uint32_t k = 1; k < 10; ++k) sumOfTen.localGet(0).mem(Opcode::I32Load, 2, 4 * k).op(Opcode::I32Add);
    const uint32_t callee = b.func(type, sumOfTen.end());
    Code caller;
    caller.localGet(0).call(callee);
    for (int32_t offset : {100, 200}) caller.localGet(0).i32Const(offset).op(Opcode::I32Add).call(callee).op(Opcode::I32Add);
    b.exportItem("caller", wasm::ExternKind::Func, b.func(type, caller.end()));
    b.exportItem("callee", wasm::ExternKind::Func, callee);
    const auto bytes = b.build();
    for (auto level : {compiler::OptLevel::O2, compiler::OptLevel::O3}) {
        const std::string ir = optimizedIR(bytes, level);
        EXPECT_EQ(ir.find("call i32 @faaslet_func_0("), std::string::npos) << "not inlined at " << levelName(level) << ":\n" << ir;
        Compiled m(bytes, level);
        EXPECT_EQ(resultI32(m.call("caller", {0})), 0u);
        expectOutOfBoundsTrap(m.call("caller", {kOutOfBounds - 236}), "the third call's last load at " + levelName(level));
    }
}

// A load whose value is unused becomes a volatile load of its bytes (and nothing else does), at
// every level.
TEST(CompilerTrapProbes, UnusedLoadsBecomeVolatileAndNoProbeIsLeft) {
    ModuleBuilder b;
    const uint32_t type = b.type({ValType::I32}, {ValType::I32});
    b.memory(1);
    b.exportItem("dropped", wasm::ExternKind::Func,
                 b.func(type, Code().localGet(0).mem(Opcode::I64Load16U, 1, 8).op(Opcode::Drop).i32Const(1).end()));
    const auto bytes = b.build();
    for (auto level : kLevels) {
        const std::string ir = optimizedIR(bytes, level);
        EXPECT_EQ(ir.find("call void @faaslet.trap_probe"), std::string::npos) << "a probe is left:\n" << ir;
        EXPECT_EQ(volatileLoadsBesidePolls(ir), 1u) << "not one volatile load at " << levelName(level) << ":\n" << ir;
        EXPECT_NE(ir.find("load volatile i16"), std::string::npos) << "no volatile load of its two bytes:\n" << ir;
    }
}

}  // namespace
}  // namespace faaslet
