// The signal handler's decision (which faults become traps) and that faults that are not the
// runtime's are never swallowed.

#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include "runtime/host_function.h"
#include "runtime/instance.h"
#include "runtime/signal_handler.h"
#include "runtime/store.h"
#include "tests/unit/runtime_test_modules.h"

namespace faaslet::runtime::test {
namespace {

using abi::TrapCode;

FaultFacts inCompiledCode(int signal, int code) {
    FaultFacts facts;
    facts.signal = signal;
    facts.code = code;
    facts.insideGuardedCall = true;
    facts.pcInCompiledCode = true;
    return facts;
}

TEST(RuntimeFaultClassification, GuardPageHitsAreOutOfBoundsMemoryAccess) {
    FaultFacts facts = inCompiledCode(SIGSEGV, SEGV_ACCERR);
    facts.addressInMemoryReservation = true;
    EXPECT_EQ(classifyFault(facts), TrapCode::OutOfBoundsMemoryAccess);
    facts.signal = SIGBUS;
    facts.code = BUS_ADRERR;
    EXPECT_EQ(classifyFault(facts), TrapCode::OutOfBoundsMemoryAccess);
    // A host function reading guest memory out of bounds during a call traps too.
    facts.pcInCompiledCode = false;
    EXPECT_EQ(classifyFault(facts), TrapCode::OutOfBoundsMemoryAccess);
}

TEST(RuntimeFaultClassification, StackGuardHitsInCompiledCodeAreStackExhaustion) {
    FaultFacts facts = inCompiledCode(SIGSEGV, SEGV_MAPERR);
    facts.addressInStackGuard = true;
    EXPECT_EQ(classifyFault(facts), TrapCode::CallStackExhausted);
    facts.pcInCompiledCode = false;  // a host function overflowing is not ours to hide
    EXPECT_EQ(classifyFault(facts), std::nullopt);
}

TEST(RuntimeFaultClassification, ArithmeticAndIllegalInstructions) {
    EXPECT_EQ(classifyFault(inCompiledCode(SIGFPE, FPE_INTDIV)), TrapCode::IntegerDivideByZero);
    EXPECT_EQ(classifyFault(inCompiledCode(SIGFPE, FPE_INTOVF)), TrapCode::IntegerOverflow);
    EXPECT_EQ(classifyFault(inCompiledCode(SIGFPE, FPE_FLTDIV)), std::nullopt);
    EXPECT_EQ(classifyFault(inCompiledCode(SIGILL, ILL_ILLOPN)), TrapCode::Unreachable);
    FaultFacts host = inCompiledCode(SIGFPE, FPE_INTDIV);
    host.pcInCompiledCode = false;
    EXPECT_EQ(classifyFault(host), std::nullopt);
    host.signal = SIGILL;
    EXPECT_EQ(classifyFault(host), std::nullopt);
}

TEST(RuntimeFaultClassification, FaultsThatAreNotOursArePassedOn) {
    // Outside a guarded call: never ours, even at a reservation address.
    FaultFacts outside = inCompiledCode(SIGSEGV, SEGV_ACCERR);
    outside.addressInMemoryReservation = true;
    outside.insideGuardedCall = false;
    EXPECT_EQ(classifyFault(outside), std::nullopt);
    // A wild access from compiled code (neither a reservation nor the stack) is a bug, not a trap.
    EXPECT_EQ(classifyFault(inCompiledCode(SIGSEGV, SEGV_MAPERR)), std::nullopt);
    // Sent by a process (kill, sigqueue): si_code <= 0.
    FaultFacts sent = inCompiledCode(SIGSEGV, SI_USER);
    sent.addressInMemoryReservation = true;
    EXPECT_EQ(classifyFault(sent), std::nullopt);
    EXPECT_EQ(classifyFault(inCompiledCode(SIGILL, SI_TKILL)), std::nullopt);
}

void writeThroughNull() {
    volatile int* volatile pointer = nullptr;
    *pointer = 1;
}

TEST(RuntimeSignalHandlerDeathTest, SegfaultOutsideWasmIsNotSwallowed) {
    installSignalHandlers();
    EXPECT_EXIT(writeThroughNull(), ::testing::KilledBySignal(SIGSEGV), "");
}

// Calls a host function that writes through a null pointer, from compiled code.
void crashInsideAHostFunction() {
    Store store;
    auto crash = store.createHostFunction(funcType({ValType::I32}, {ValType::I32}),
                                          [](HostCall&, std::span<const abi::Value>, std::span<abi::Value>) {
                                              writeThroughNull();
                                              return std::optional<Trap>();
                                          });
    auto pair = store.createHostFunction(
        funcType({ValType::I32}, {ValType::I32, ValType::I64}),
        [](HostCall&, std::span<const abi::Value>, std::span<abi::Value>) { return std::optional<Trap>(); });
    std::vector<ExternValue> imports = {(*crash)->asExternValue(), (*pair)->asExternValue()};
    auto instance = store.instantiate(load("import_fixture", importModule()), imports);
    (*instance)->call("call_host", {i32(1)});
}

TEST(RuntimeSignalHandlerDeathTest, SegfaultInAHostFunctionDuringACallIsNotSwallowed) {
    EXPECT_EXIT(crashInsideAHostFunction(), ::testing::KilledBySignal(SIGSEGV), "");
}

TEST(RuntimeSignalHandlerDeathTest, ASignalSentByAProcessIsNotSwallowed) {
    installSignalHandlers();
    EXPECT_EXIT(raise(SIGBUS), ::testing::KilledBySignal(SIGBUS), "");
}

void exitWith42(int) {
    _exit(42);
}

void crashUnderAnEarlierHandler() {
    struct sigaction action {};
    action.sa_handler = exitWith42;
    sigemptyset(&action.sa_mask);
    sigaction(SIGSEGV, &action, nullptr);
    installSignalHandlers();
    writeThroughNull();
}

TEST(RuntimeSignalHandlerDeathTest, FaultsThatAreNotOursGoToThePreviousHandler) {
    // A fresh process (the threadsafe style re-runs the test binary), so the handler installed
    // before the runtime's is the test's.
    GTEST_FLAG_SET(death_test_style, "threadsafe");
    EXPECT_EXIT(crashUnderAnEarlierHandler(), ::testing::ExitedWithCode(42), "");
}

}  // namespace
}  // namespace faaslet::runtime::test
