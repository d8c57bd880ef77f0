// A worker thread in the sandbox: what the runtime needs still works, a forbidden system call made
// during a WebAssembly call becomes a trap naming it (and the thread, and the others, go on), one
// made outside a call ends the process with a message, and nothing leaks to other threads.

#include <fcntl.h>
#include <gtest/gtest.h>
#include <linux/capability.h>
#include <sched.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <atomic>
#include <ctime>
#include <string>
#include <vector>

#include "runtime/host_function.h"
#include "runtime/instance.h"
#include "runtime/invoke.h"
#include "runtime/store.h"
#include "tests/unit/compiled_module.h"
#include "tests/unit/module_builder.h"
#include "tests/unit/runtime_test_modules.h"
#include "tests/unit/sandbox_test_support.h"
#include "tests/unit/wasi_test_support.h"

namespace faaslet::sandbox {
namespace {

using abi::TrapCode;
using runtime::CallResult;
using runtime::HostCall;
using runtime::Trap;
using runtime::test::funcType;
using testing_support::callHost;
using testing_support::hostFunction;
using testing_support::onSandboxedThread;
using test::TempDir;
using testing_support::threadCapabilities;
using testing_support::threadStatus;
using wasm::ValType;

// A system call the sandbox forbids, made so that it would do no harm if it were allowed.
struct ForbiddenCall {
    const char* name;
    long number;
    long (*make)();
};

long makeSocket() {
    const long fd = syscall(SYS_socket, AF_INET, SOCK_STREAM, 0);
    if (fd >= 0) close(int(fd));
    return fd;
}

long executeProgram() {
    char* const none[] = {nullptr};
    return syscall(SYS_execve, "/nonexistent/faaslet-sandbox-test", none, none);
}

const ForbiddenCall kForbiddenCalls[] = {
    {"execve", SYS_execve, executeProgram},
    {"ptrace", SYS_ptrace, [] { return syscall(SYS_ptrace, 2 /* PTRACE_PEEKDATA */, 1, 0, 0); }},
    {"socket", SYS_socket, makeSocket},
    // CLONE_THREAD without CLONE_SIGHAND is invalid: nothing would be created.
    {"clone", SYS_clone, [] { return syscall(SYS_clone, CLONE_THREAD, 0, 0, 0, 0); }},
    {"clone3", SYS_clone3, [] { return syscall(SYS_clone3, nullptr, 0); }},
    {"setuid", SYS_setuid, [] { return syscall(SYS_setuid, -1); }},
    // Allowed for read-write memory, refused for executable memory.
    {"mprotect", SYS_mprotect,
     [] {
         void* page = mmap(nullptr, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
         const long result = syscall(SYS_mprotect, page, 4096, PROT_READ | PROT_EXEC);
         munmap(page, 4096);
         return result;
     }},
};

std::string forbiddenMessage(const ForbiddenCall& call) {
    return "sandbox: forbidden system call " + std::string(call.name) + " (" + std::to_string(call.number) +
           ")";
}

// Writes a file and reads it back through libc, as a host function would.
std::string roundTrip(const std::filesystem::path& path, const std::string& text) {
    const int out = open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    EXPECT_GE(out, 0);
    EXPECT_EQ(write(out, text.data(), text.size()), ssize_t(text.size()));
    close(out);
    const int in = open(path.c_str(), O_RDONLY | O_CLOEXEC);
    char buffer[256] = {};
    const ssize_t n = read(in, buffer, sizeof buffer);
    close(in);
    return n > 0 ? std::string(buffer, size_t(n)) : std::string();
}

TEST(SandboxedThread, FilesClocksAndMemoryStillWork) {
    test::TempDir dir;
    onSandboxedThread([&] {
        EXPECT_EQ(roundTrip(dir / "file", "written in the sandbox"), "written in the sandbox");
        timespec now{};
        EXPECT_EQ(clock_gettime(CLOCK_MONOTONIC, &now), 0);
        // A reservation whose accessible part grows, as linear memory does.
        const size_t reserved = size_t(1) << 30;
        auto* memory = static_cast<char*>(
            mmap(nullptr, reserved, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0));
        ASSERT_NE(memory, MAP_FAILED);
        for (size_t size = 65536; size <= 4 * 65536; size += 65536) {
            ASSERT_EQ(mprotect(memory, size, PROT_READ | PROT_WRITE), 0);
            memory[size - 1] = 1;
        }
        EXPECT_EQ(madvise(memory, 4 * 65536, MADV_DONTNEED), 0);
        EXPECT_EQ(munmap(memory, reserved), 0);
        std::vector<char> large(64 << 20, 'x');  // malloc through mmap
        EXPECT_EQ(large.back(), 'x');
    });
}

// One page of memory; `grow` grows it, `load` reads an i32 (and traps out of bounds).
std::vector<uint8_t> memoryModule() {
    test::ModuleBuilder b;
    const uint32_t i32ToI32 = b.type({ValType::I32}, {ValType::I32});
    b.memory(1);
    b.exportItem("load", wasm::ExternKind::Func,
                 b.func(i32ToI32, test::Code().localGet(0).mem(wasm::Opcode::I32Load, 2).end()));
    b.exportItem("grow", wasm::ExternKind::Func,
                 b.func(i32ToI32, test::Code().localGet(0).op(wasm::Opcode::MemoryGrow).byte(0).end()));
    return b.build();
}

TEST(SandboxedThread, CompiledCodeRunsGrowsItsMemoryAndTraps) {
    test::CompiledModule module(memoryModule());  // compiling runs the linker: before the sandbox
    onSandboxedThread([&] {
        CallResult outOfBounds = module.call("load", {test::i32Value(65536)});
        ASSERT_FALSE(outOfBounds.ok());
        EXPECT_EQ(outOfBounds.error().code, TrapCode::OutOfBoundsMemoryAccess);
        CallResult grown = module.call("grow", {test::i32Value(3)});
        ASSERT_TRUE(grown.ok()) << grown.error().toString();
        EXPECT_EQ(grown->at(0).i32, 1u);
        CallResult load = module.call("load", {test::i32Value(4 * 65536 - 4)});
        ASSERT_TRUE(load.ok()) << load.error().toString();
        EXPECT_EQ(load->at(0).i32, 0u);
    });
}

class SandboxForbiddenCall : public ::testing::TestWithParam<ForbiddenCall> {};

TEST_P(SandboxForbiddenCall, InAHostFunctionTrapsAndTheThreadGoesOn) {
    const ForbiddenCall& call = GetParam();
    test::TempDir dir;
    long madeWith = 0;
    auto forbidden = hostFunction([&] { madeWith = call.make(); });
    bool allowedRan = false;
    auto allowed =
        hostFunction([&] { allowedRan = roundTrip(dir / "after", "still working") == "still working"; });
    onSandboxedThread([&] {
        CallResult result = callHost(*forbidden);
        ASSERT_FALSE(result.ok()) << call.name << " was allowed and returned " << madeWith;
        EXPECT_EQ(result.error().code, TrapCode::ForbiddenSystemCall);
        EXPECT_EQ(result.error().message, forbiddenMessage(call));
        // The call did not return into the host function: the trap unwound it.
        EXPECT_EQ(madeWith, 0);
        EXPECT_TRUE(callHost(*allowed).ok());
        EXPECT_TRUE(allowedRan);
        // Again: the thread's trap machinery is intact.
        EXPECT_EQ(callHost(*forbidden).error().code, TrapCode::ForbiddenSystemCall);
    });
}

INSTANTIATE_TEST_SUITE_P(Calls, SandboxForbiddenCall, ::testing::ValuesIn(kForbiddenCalls),
                         [](const auto& info) { return std::string(info.param.name); });

TEST(SandboxedThread, ForbiddenCallUnwindsThroughCompiledCode) {
    runtime::Store store;
    std::atomic<bool> forbid{true};
    auto host = store.createHostFunction(
        funcType({ValType::I32}, {ValType::I32}),
        [&](HostCall&, std::span<const abi::Value> args, std::span<abi::Value> results) {
            if (forbid) makeSocket();
            results[0].i32 = args[0].i32 + 1;
            return std::optional<Trap>();
        });
    ASSERT_TRUE(host.ok());
    auto pair = store.createHostFunction(funcType({ValType::I32}, {ValType::I32, ValType::I64}),
                                         [](HostCall&, auto, auto) { return std::optional<Trap>(); });
    ASSERT_TRUE(pair.ok());
    auto loaded = runtime::test::load("import_fixture", runtime::test::importModule());
    ASSERT_TRUE(loaded);
    const std::vector<runtime::ExternValue> imports = {(*host)->asExternValue(), (*pair)->asExternValue()};
    auto instance = store.instantiate(loaded, imports);
    ASSERT_TRUE(instance.ok()) << instance.error().toString();
    onSandboxedThread([&] {
        CallResult trapped = (*instance)->call("call_host", {test::i32Value(1)});
        ASSERT_FALSE(trapped.ok());
        EXPECT_EQ(trapped.error().message, "sandbox: forbidden system call socket (41)");
        ASSERT_FALSE(trapped.error().backtrace.empty()) << trapped.error().toString();
        EXPECT_EQ(trapped.error().backtrace[0].name, "call_host");
        forbid = false;
        CallResult next = (*instance)->call("call_host", {test::i32Value(1)});
        ASSERT_TRUE(next.ok()) << next.error().toString();
        EXPECT_EQ(next->at(0).i32, 2u);
    });
}

TEST(SandboxedThread, TrapsOnOneThreadLeaveTheOthersRunning) {
    test::CompiledModule module(memoryModule());
    auto forbidden = hostFunction([] { executeProgram(); });
    std::atomic<int> trapped{0}, computed{0};
    std::thread trapping([&] {
        ASSERT_TRUE(enterSandbox().ok());
        for (int i = 0; i < 200; ++i) trapped += callHost(*forbidden).ok() ? 0 : 1;
    });
    std::thread computing([&] {
        ASSERT_TRUE(enterSandbox().ok());
        for (int i = 0; i < 200; ++i) computed += module.call("load", {test::i32Value(0)}).ok() ? 1 : 0;
    });
    // Meanwhile the main thread may still do what the sandbox forbids.
    const int fd = socket(AF_UNIX, SOCK_STREAM, 0);
    EXPECT_GE(fd, 0);
    close(fd);
    trapping.join();
    computing.join();
    EXPECT_EQ(trapped, 200);
    EXPECT_EQ(computed, 200);
}

TEST(SandboxedThread, OtherThreadsAreNotFiltered) {
    const std::string mainFilters = threadStatus("Seccomp_filters");
    const std::string mainNoNewPrivs = threadStatus("NoNewPrivs");
    std::string sandboxedFilters, sandboxedNoNewPrivs;
    onSandboxedThread([&] {
        sandboxedFilters = threadStatus("Seccomp_filters");
        sandboxedNoNewPrivs = threadStatus("NoNewPrivs");
    });
    EXPECT_EQ(sandboxedNoNewPrivs, "1");
    if (!mainFilters.empty()) EXPECT_EQ(std::stoi(sandboxedFilters), std::stoi(mainFilters) + 1);
    EXPECT_EQ(threadStatus("Seccomp_filters"), mainFilters);
    EXPECT_EQ(threadStatus("NoNewPrivs"), mainNoNewPrivs);
    // What the sandbox forbids still works on the main thread and on a thread created after.
    const int fd = socket(AF_UNIX, SOCK_STREAM, 0);
    EXPECT_GE(fd, 0);
    close(fd);
    std::thread fresh([] {
        const int other = socket(AF_UNIX, SOCK_STREAM, 0);
        EXPECT_GE(other, 0);
        close(other);
    });
    fresh.join();
}

TEST(SandboxedThread, HoldsNoCapabilities) {
    const uint64_t mainEffective = threadCapabilities("CapEff");
    const uint64_t mainBounding = threadCapabilities("CapBnd");
    const bool mayEmptyBoundingSet = mainEffective & (uint64_t(1) << CAP_SETPCAP);
    onSandboxedThread([&] {
        EXPECT_EQ(threadCapabilities("CapEff"), 0u);
        EXPECT_EQ(threadCapabilities("CapPrm"), 0u);
        EXPECT_EQ(threadCapabilities("CapInh"), 0u);
        EXPECT_EQ(threadCapabilities("CapAmb"), 0u);
        if (mayEmptyBoundingSet) EXPECT_EQ(threadCapabilities("CapBnd"), 0u);
    });
    EXPECT_EQ(threadCapabilities("CapEff"), mainEffective);
    EXPECT_EQ(threadCapabilities("CapBnd"), mainBounding);
}

TEST(SandboxedThread, EntersOnlyOnce) {
    onSandboxedThread([] {
        Status again = enterSandbox();
        ASSERT_FALSE(again.ok());
        EXPECT_EQ(again.error(), "sandbox: the thread is already in its sandbox");
    });
}

void forbiddenCallOutsideAWebAssemblyCall() {
    const rlimit noCoreDump{0, 0};
    setrlimit(RLIMIT_CORE, &noCoreDump);
    onSandboxedThread([] { makeSocket(); });
}

TEST(SandboxDeathTest, ForbiddenCallOutsideAWebAssemblyCallEndsTheProcess) {
    GTEST_FLAG_SET(death_test_style, "threadsafe");
    EXPECT_EXIT(forbiddenCallOutsideAWebAssemblyCall(), ::testing::KilledBySignal(SIGSYS),
                "faaslet: sandbox: forbidden system call socket \\(41\\) outside a WebAssembly call");
}

}  // namespace
}  // namespace faaslet::sandbox
