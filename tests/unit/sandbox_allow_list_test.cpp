// The sandbox's allow-list as data (every entry a real system call with a reason; nothing that
// escapes), how forbidden calls are named, and which SIGSYS the signal handler claims.

#include <gtest/gtest.h>
#include <seccomp.h>
#include <signal.h>
#include <sys/syscall.h>

#include <algorithm>
#include <string>

#include "sandbox/filter.h"
#include "sandbox/syscall_names.h"
#include "runtime/signal_handler.h"

namespace faaslet::sandbox {
namespace {

bool allows(const std::vector<SystemCallRule>& rules, const std::string& name) {
    return std::any_of(rules.begin(), rules.end(),
                       [&](const SystemCallRule& rule) { return rule.name == name; });
}

TEST(SandboxAllowList, EveryEntryIsAKnownSystemCallWithAReason) {
    for (const SystemCallRule& rule : allowedSystemCalls({})) {
        EXPECT_NE(seccomp_syscall_resolve_name(rule.name), __NR_SCMP_ERROR) << rule.name;
        EXPECT_GT(std::string(rule.reason).size(), 3u) << rule.name;
    }
}

TEST(SandboxAllowList, NothingThatEscapes) {
    const auto rules = allowedSystemCalls({});
    // clang-format off
    for (const char* name :
         {"execve", "execveat", "fork", "vfork", "clone", "clone3", "ptrace", "process_vm_readv", "process_vm_writev",
          "socket", "socketpair", "connect", "bind", "listen", "setuid", "setgid", "setresuid", "setreuid",
          "setgroups", "capset", "prctl", "seccomp", "mount", "umount2", "pivot_root", "chroot", "unshare", "setns",
          "kill", "bpf", "perf_event_open", "io_uring_setup", "userfaultfd", "keyctl", "init_module", "reboot"}) {
        // clang-format on
        EXPECT_FALSE(allows(rules, name)) << name;
    }
}

TEST(SandboxAllowList, SocketIoFollowsThePolicy) {
    SandboxPolicy withoutSockets;
    withoutSockets.socketIo = false;
    for (const char* name : {"accept4", "recvmsg", "sendmsg", "shutdown"}) {
        EXPECT_TRUE(allows(allowedSystemCalls({}), name)) << name;
        EXPECT_FALSE(allows(allowedSystemCalls(withoutSockets), name)) << name;
    }
}

TEST(SandboxAllowList, ArgumentsNarrowWhatIsAllowed) {
    for (const SystemCallRule& rule : allowedSystemCalls({})) {
        const std::string name = rule.name;
        if (name == "mmap" || name == "mprotect" || name == "fcntl" || name == "ioctl" || name == "tgkill" ||
            name == "getsockopt") {
            EXPECT_FALSE(rule.conditions.empty()) << name << " is allowed with any arguments";
        }
    }
}

TEST(SandboxMessages, ForbiddenCallsAreNamed) {
    nameForbiddenSystemCalls();
    EXPECT_STREQ(systemCallName(SYS_execve), "execve");
    EXPECT_EQ(systemCallName(-1), nullptr);
    char message[128];
    runtime::formatForbiddenSystemCall(SYS_socket, message, sizeof message);
    EXPECT_STREQ(message, "sandbox: forbidden system call socket (41)");
    runtime::formatForbiddenSystemCall(100000, message, sizeof message);
    EXPECT_STREQ(message, "sandbox: forbidden system call 100000");
    runtime::formatForbiddenSystemCall(SYS_socket, message, 20);  // truncated, still terminated
    EXPECT_STREQ(message, "sandbox: forbidden ");
}

TEST(SandboxMessages, OnlySeccompsSigsysInsideACallIsATrap) {
    runtime::FaultFacts facts;
    facts.signal = SIGSYS;
    facts.code = runtime::kSigsysFromSeccomp;
    facts.insideGuardedCall = true;
    EXPECT_EQ(runtime::classifyFault(facts), abi::TrapCode::ForbiddenSystemCall);
    facts.insideGuardedCall = false;
    EXPECT_EQ(runtime::classifyFault(facts), std::nullopt);
    facts.insideGuardedCall = true;
    facts.code = SI_USER;  // kill(pid, SIGSYS)
    EXPECT_EQ(runtime::classifyFault(facts), std::nullopt);
}

}  // namespace
}  // namespace faaslet::sandbox
