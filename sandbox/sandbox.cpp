#include "sandbox/sandbox.h"

#include <sys/prctl.h>

#include <cerrno>

#include "sandbox/capabilities.h"
#include "sandbox/error.h"
#include "sandbox/filter.h"
#include "sandbox/syscall_names.h"
#include "runtime/trap.h"

namespace faaslet::sandbox {

namespace {

// Set once the filter is loaded: entering again would make system calls the filter forbids.
thread_local bool tSandboxed = false;

}  // namespace

Status enterSandbox(const SandboxPolicy& policy) {
    if (tSandboxed) return std::string("sandbox: the thread is already in its sandbox");
    // What the sandbox would refuse later is done now: the thread's set-up for WebAssembly calls
    // (installing signal handlers, reading /proc for the main thread's stack) and the names of
    // system calls for the messages of forbidden ones.
    runtime::prepareThreadForGuardedCalls();
    nameForbiddenSystemCalls();
    // The filter is built (once per process) before anything irreversible happens to the thread.
    const auto& filter = SystemCallFilter::of(policy);
    if (!filter) return filter.error();
    if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) return sandboxError("prctl(PR_SET_NO_NEW_PRIVS)", errno);
    if (Status dropped = dropCapabilities(); !dropped) return dropped;
    Status loaded = filter->loadOnCallingThread();
    tSandboxed = loaded.ok();
    return loaded;
}

}  // namespace faaslet::sandbox
