#include "sandbox/filter.h"

#include <fcntl.h>
#include <linux/seccomp.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>

#include "common/unique_fd.h"
#include "sandbox/error.h"

namespace faaslet::sandbox {

namespace {

// The lists below are tables, one entry per line: clang-format is kept off them.

scmp_arg_cmp argumentIs(unsigned argument, uint64_t value) {
    return {argument, SCMP_CMP_EQ, value, 0};
}

// Memory may be made readable and writable, never executable: code is mapped before the sandbox.
scmp_arg_cmp protectionNotExecutable(unsigned argument) {
    return {argument, SCMP_CMP_MASKED_EQ, PROT_EXEC, 0};
}

// Every thread of the process needs these, whatever runs on it.
void addRuntimeCalls(std::vector<SystemCallRule>& rules) {
    const uint64_t ownProcess = uint64_t(getpid());
    // clang-format off
    rules.insert(rules.end(), {
        {"mmap", {protectionNotExecutable(2)}, "linear memory reservations, malloc, alternate signal stacks"},
        {"mprotect", {protectionNotExecutable(2)}, "memory.grow makes reserved pages read-write; guard pages"},
        {"munmap", {}, "freeing memories, instances and large allocations"},
        {"mremap", {}, "realloc of large blocks"},
        {"madvise", {}, "malloc returning memory; discarding dirty pages of a memory"},
        {"brk", {}, "malloc's main heap"},
        {"futex", {}, "mutexes, condition variables, call_once"},
        {"sched_yield", {}, "WASI sched_yield; spinning locks"},
        {"clock_gettime", {}, "WASI clocks and poll deadlines (when the vDSO does not answer)"},
        {"clock_getres", {}, "WASI clock_res_get"},
        {"gettimeofday", {}, "time of day when the vDSO does not answer"},
        {"clock_nanosleep", {}, "sleeping (nanosleep, std::this_thread::sleep_for)"},
        {"getrandom", {}, "WASI random_get"},
        {"rt_sigreturn", {}, "returning from a signal handler"},
        {"rt_sigprocmask", {}, "raise() and abort() block signals around sending them"},
        {"rt_sigaction", {}, "the signal handler restores a default action to die of a signal it does not handle"},
        {"sigaltstack", {}, "the runtime releases the thread's alternate signal stack when the thread ends"},
        {"getpid", {}, "raise() and abort()"},
        {"gettid", {}, "raise() and abort()"},
        {"tgkill", {argumentIs(0, ownProcess)}, "raise() and abort(), to threads of this process only"},
        {"exit", {}, "the thread ends"},
        {"exit_group", {}, "the process ends"},
        {"restart_syscall", {}, "the kernel resumes a call a signal interrupted"},
        {"write", {}, "messages to stderr, including the sandbox's own"},
        {"close", {}, "closing descriptors"},
        // A state value first used by a guest gets its region there (state/local_value.cpp); the
        // file is anonymous memory, reached by no path. ftruncate (sizing it) is allowed below.
        {"memfd_create", {argumentIs(1, MFD_CLOEXEC)}, "the memfd region of a state value (the local tier)"},
    });
    // clang-format on
}

// The WASI functions (wasi/*.cpp) and what libc does for them.
void addWasiCalls(std::vector<SystemCallRule>& rules) {
    // clang-format off
    rules.insert(rules.end(), {
        {"read", {}, "as readv, for libc's and C++ streams' plain reads"},
        {"readv", {}, "fd_read"},
        {"writev", {}, "fd_write"},
        {"preadv", {}, "fd_pread"},
        {"pwritev", {}, "fd_pwrite"},
        {"pread64", {}, "posix_fallocate's fallback where the file system cannot allocate"},
        {"pwrite64", {}, "posix_fallocate's fallback where the file system cannot allocate"},
        {"lseek", {}, "fd_seek, fd_tell"},
        {"openat", {}, "path_open, fd_readdir, the resolution walk without openat2; confined by the virtual filesystem"},
        {"openat2", {}, "path resolution beneath a preopen (RESOLVE_BENEATH)"},
        {"fstat", {}, "as newfstatat on a descriptor, for libcs that still use it"},
        {"newfstatat", {}, "fd_filestat_get, path_filestat_get, the resolution walk"},
        {"fstatfs", {}, "posix_fallocate's fallback where the file system cannot allocate"},
        {"getdents64", {}, "fd_readdir"},
        {"fsync", {}, "fd_sync"},
        {"fdatasync", {}, "fd_datasync"},
        {"ftruncate", {}, "fd_filestat_set_size"},
        {"fallocate", {}, "fd_allocate"},
        {"fadvise64", {}, "fd_advise"},
        {"mkdirat", {}, "path_create_directory"},
        {"unlinkat", {}, "path_unlink_file, path_remove_directory"},
        {"renameat", {}, "path_rename"},
        {"linkat", {}, "path_link"},
        {"symlinkat", {}, "path_symlink"},
        {"readlinkat", {}, "path_readlink, symlinks in the resolution walk"},
        {"utimensat", {}, "fd_filestat_set_times, path_filestat_set_times"},
        {"fcntl", {argumentIs(1, F_GETFL)}, "fd_fdstat_get reads a descriptor's flags"},
        {"fcntl", {argumentIs(1, F_SETFL)}, "fd_fdstat_set_flags"},
        {"fcntl", {argumentIs(1, F_DUPFD_CLOEXEC)}, "a Faaslet's reset gives back a preopen its guest closed"},
        {"ioctl", {argumentIs(1, FIONREAD)}, "poll_oneoff reports how many bytes are readable"},
        {"ioctl", {argumentIs(1, TCGETS)}, "isatty(), when stdio streams first buffer output"},
        {"ppoll", {}, "poll_oneoff"},
        {"getsockopt", {argumentIs(1, SOL_SOCKET)}, "fd_fdstat_get tells sockets' types apart (SO_TYPE)"},
    });
    // clang-format on
}

// I/O on sockets the host handed in (wasi/sock.cpp); no call that makes a socket.
void addSocketIoCalls(std::vector<SystemCallRule>& rules) {
    // clang-format off
    rules.insert(rules.end(), {
        {"accept4", {}, "sock_accept on a listening socket handed in"},
        {"recvmsg", {}, "sock_recv"},
        {"sendmsg", {}, "sock_send"},
        {"shutdown", {}, "sock_shutdown"},
    });
    // clang-format on
}

std::string loadError(int error) {
    std::string message = sandboxError("loading the seccomp filter (seccomp(SECCOMP_SET_MODE_FILTER))", error);
    if (error == EINVAL || error == ENOSYS)
        message += " (is the kernel built without CONFIG_SECCOMP_FILTER?)";
    if (error == EACCES) message += " (the thread has neither PR_SET_NO_NEW_PRIVS nor CAP_SYS_ADMIN)";
    return message;
}

}  // namespace

std::vector<SystemCallRule> allowedSystemCalls(const SandboxPolicy& policy) {
    std::vector<SystemCallRule> rules;
    addRuntimeCalls(rules);
    addWasiCalls(rules);
    if (policy.socketIo) addSocketIoCalls(rules);
    return rules;
}

Expected<SystemCallFilter, std::string> SystemCallFilter::build(const SandboxPolicy& policy) {
    struct Release {
        void operator()(void* context) const { seccomp_release(context); }
    };
    std::unique_ptr<void, Release> owned(seccomp_init(SCMP_ACT_TRAP));
    if (!owned) return std::string("sandbox: cannot create a seccomp filter (seccomp_init)");
    scmp_filter_ctx context = owned.get();
    // Errors of seccomp_load as the kernel gave them, rather than libseccomp's ECANCELED.
    if (int error = seccomp_attr_set(context, SCMP_FLTATR_API_SYSRAWRC, 1); error != 0)
        return sandboxError("seccomp_attr_set(SCMP_FLTATR_API_SYSRAWRC)", -error);
    // enterSandbox sets PR_SET_NO_NEW_PRIVS itself, so that its failure is reported as such.
    if (int error = seccomp_attr_set(context, SCMP_FLTATR_CTL_NNP, 0); error != 0)
        return sandboxError("seccomp_attr_set(SCMP_FLTATR_CTL_NNP)", -error);
    if (int error = seccomp_attr_set(context, SCMP_FLTATR_ACT_BADARCH, SCMP_ACT_KILL_PROCESS); error != 0)
        return sandboxError("seccomp_attr_set(SCMP_FLTATR_ACT_BADARCH)", -error);
    for (const SystemCallRule& rule : allowedSystemCalls(policy)) {
        const int number = seccomp_syscall_resolve_name(rule.name);
        if (number == __NR_SCMP_ERROR)
            return "sandbox: libseccomp does not know the system call " + std::string(rule.name);
        const int error = seccomp_rule_add_array(context, SCMP_ACT_ALLOW, number,
                                                 unsigned(rule.conditions.size()), rule.conditions.data());
        if (error != 0)
            return sandboxError("allowing " + std::string(rule.name) + " (seccomp_rule_add)", -error);
    }
    // The BPF program as the kernel takes it, through a memfd (libseccomp 2.5 exports to a
    // descriptor only).
    UniqueFd program(memfd_create("faaslet-seccomp", MFD_CLOEXEC));
    if (!program.valid()) return sandboxError("memfd_create for the seccomp program", errno);
    if (int error = seccomp_export_bpf(context, program.get()); error != 0)
        return sandboxError("exporting the seccomp program (seccomp_export_bpf)", -error);
    const off_t bytes = lseek(program.get(), 0, SEEK_END);
    if (bytes <= 0 || bytes % off_t(sizeof(sock_filter)) != 0)
        return std::string("sandbox: the exported seccomp program has a bad size");
    SystemCallFilter filter;
    filter.program_.resize(size_t(bytes) / sizeof(sock_filter));
    if (pread(program.get(), filter.program_.data(), size_t(bytes), 0) != bytes)
        return sandboxError("reading the seccomp program back", errno);
    return filter;
}

const Expected<SystemCallFilter, std::string>& SystemCallFilter::of(const SandboxPolicy& policy) {
    static const Expected<SystemCallFilter, std::string> withSockets = build(SandboxPolicy{.socketIo = true});
    static const Expected<SystemCallFilter, std::string> withoutSockets = build(SandboxPolicy{.socketIo = false});
    return policy.socketIo ? withSockets : withoutSockets;
}

Status SystemCallFilter::loadOnCallingThread() const {
    sock_fprog program{uint16_t(program_.size()), const_cast<sock_filter*>(program_.data())};
    // The calling thread only: no SECCOMP_FILTER_FLAG_TSYNC.
    if (syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &program) != 0) return loadError(errno);
    return {};
}

}  // namespace faaslet::sandbox
