// Interrupting a guest that sleeps in poll_oneoff: the host function waits in slices, returns
// EINTR once the instance's interrupt flag is set, and the binding ends the call with the
// Interrupted trap, consuming the interrupt so the next call runs.

#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <thread>

#include "wasi/function_table.h"
#include "wasi/functions.h"
#include "bindings/wasi_bindings.h"
#include "runtime/linker.h"
#include "tests/unit/compiled_module.h"
#include "tests/unit/module_builder.h"
#include "wasi_test_support.h"

namespace faaslet::wasi {
namespace {

using namespace std::chrono_literals;
using test::Code;
using wasm::Opcode;
using wasm::ValType;

constexpr uint64_t kMinuteNs = 60'000'000'000ull;

// A relative monotonic clock subscription at 0 (userdata and tag stay zero), its event at 64.
std::vector<uint8_t> sleepingModule(uint64_t nanoseconds) {
    test::ModuleBuilder b;
    const uint32_t pollType = b.type({ValType::I32, ValType::I32, ValType::I32, ValType::I32}, {ValType::I32});
    const uint32_t poll = b.importFunc(pollType, std::string(kWasiModuleName), "poll_oneoff");
    const uint32_t run = b.type({}, {ValType::I32});
    b.memory(1);
    Code sleep;
    sleep.i32Const(16).i32Const(int32_t(preview1::kClockMonotonic)).mem(Opcode::I32Store, 2)
        .i32Const(24).i64Const(int64_t(nanoseconds)).mem(Opcode::I64Store, 3)
        .i32Const(0).i32Const(64).i32Const(1).i32Const(128).call(poll).end();
    b.exportItem("sleep", wasm::ExternKind::Func, b.func(run, sleep));
    b.exportItem("answer", wasm::ExternKind::Func, b.func(run, Code().i32Const(42).end()));
    return b.build();
}

TEST(WasiInterrupt, PollOneoffReturnsEintrOnceTheFlagIsSet) {
    testing_support::Guest g;
    WasiContext wasi{WasiConfig{}};
    uint32_t flag = 0;
    wasi.setInterruptFlag(&flag);
    const uint32_t in = g.alloc(48), out = g.alloc(32), n = g.alloc(4);
    g.memory.write<uint8_t>(in + 8, preview1::kEventClock);
    g.memory.write<uint32_t>(in + 16, preview1::kClockMonotonic);
    g.memory.write<uint64_t>(in + 24, kMinuteNs);
    std::thread interrupter([&] {
        std::this_thread::sleep_for(50ms);
        __atomic_store_n(&flag, 1u, __ATOMIC_RELEASE);
    });
    EXPECT_EQ(pollOneoff(wasi, g.memory, in, out, 1, n), WasiErrno::Intr);
    interrupter.join();
    // Without an interrupt, a sleep of several slices still ends at its deadline.
    flag = 0;
    g.memory.write<uint64_t>(in + 24, 30'000'000);
    EXPECT_EQ(pollOneoff(wasi, g.memory, in, out, 1, n), WasiErrno::Success);
    EXPECT_EQ(g.u32(n), 1u);
}

// A read from a pipe nobody writes to blocks until the instance is interrupted; one whose data
// arrives later completes.
TEST(WasiInterrupt, ABlockedReadEndsWithEintr) {
    testing_support::Guest g;
    WasiContext wasi{WasiConfig{}};
    uint32_t flag = 0;
    wasi.setInterruptFlag(&flag);
    int ends[2];
    ASSERT_EQ(::pipe2(ends, O_CLOEXEC), 0);
    const int writeEnd = ends[1];
    auto fd = wasi.addHostDescriptor(UniqueFd(ends[0]));
    ASSERT_TRUE(fd);
    const uint32_t buffer = g.alloc(16), iov = g.alloc(8), nread = g.alloc(4);
    g.memory.write<uint32_t>(iov, buffer);
    g.memory.write<uint32_t>(iov + 4, 16);

    std::thread interrupter([&] {
        std::this_thread::sleep_for(50ms);
        __atomic_store_n(&flag, 1u, __ATOMIC_RELEASE);
    });
    EXPECT_EQ(fdRead(wasi, g.memory, *fd, iov, 1, nread), WasiErrno::Intr);
    interrupter.join();

    flag = 0;
    std::thread writer([&] {
        std::this_thread::sleep_for(30ms);
        EXPECT_EQ(::write(writeEnd, "late", 4), 4);
    });
    EXPECT_EQ(fdRead(wasi, g.memory, *fd, iov, 1, nread), WasiErrno::Success);
    writer.join();
    EXPECT_EQ(g.u32(nread), 4u);
    ::close(writeEnd);
}

TEST(WasiInterrupt, ASleepingGuestIsInterruptedAndTheNextCallRuns) {
    WasiContext wasi{WasiConfig{}};
    auto wasiImports = [&wasi](runtime::Store& store, const wasm::Module& module) {
        runtime::Linker linker;
        EXPECT_EQ(bindings::defineWasi(store, linker, wasi, &module), "");
        return linker.resolve(module).value();
    };
    test::CompiledModule m(sleepingModule(kMinuteNs), compiler::OptLevel::O2, true, wasiImports);
    std::thread interrupter([&] {
        std::this_thread::sleep_for(50ms);
        m.instance().interrupt();
    });
    auto slept = m.call("sleep");
    interrupter.join();
    ASSERT_FALSE(slept);
    EXPECT_EQ(slept.error().code, abi::TrapCode::Interrupted);
    auto answered = m.call("answer");
    ASSERT_TRUE(answered) << "the interrupt was consumed by its trap";
    EXPECT_EQ(answered.value().at(0).i32, 42u);
}

}  // namespace
}  // namespace faaslet::wasi
