#pragma once
// The system calls a sandboxed thread may make, and the seccomp filter (libseccomp) that enforces
// them.

#include <linux/filter.h>
#include <seccomp.h>

#include <memory>
#include <string>
#include <vector>

#include "common/expected.h"
#include "sandbox/sandbox.h"

namespace faaslet::sandbox {

// One entry of the allow-list: a system call, allowed when all its argument conditions hold (with
// none, whatever its arguments). A call may have several entries, one per allowed form.
struct SystemCallRule {
    const char* name;  // as libseccomp (and the kernel's tables) spell it
    std::vector<scmp_arg_cmp> conditions;
    const char* reason;  // who needs it, for the reader of the list
};

// The allow-list of `policy`.
std::vector<SystemCallRule> allowedSystemCalls(const SandboxPolicy& policy);

// The filter compiled once to its BPF program, which any number of threads then load with one
// system call each (libseccomp would build and compile it again on every load).
class SystemCallFilter {
public:
    // The allow-list of `policy`; any other system call of the native architecture raises SIGSYS
    // (SCMP_ACT_TRAP) without being made, and a call through another architecture's entry
    // (int 0x80, x32) ends the process, as nothing of faaslet makes one.
    static Expected<SystemCallFilter, std::string> build(const SandboxPolicy& policy);
    // The filter of `policy`, built on first use and kept for the process.
    static const Expected<SystemCallFilter, std::string>& of(const SandboxPolicy& policy);

    // Loads the filter on the calling thread only (no TSYNC). The thread must have set
    // PR_SET_NO_NEW_PRIVS (or hold CAP_SYS_ADMIN).
    Status loadOnCallingThread() const;

private:
    SystemCallFilter() = default;
    std::vector<sock_filter> program_;
};

}  // namespace faaslet::sandbox
