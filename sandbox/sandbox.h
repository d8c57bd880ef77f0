#pragma once
// The sandbox of a thread that runs guest code.
//
// Guest code cannot make system calls itself: the host interface is its only door. The sandbox
// narrows what the host side of that door can do, in case the host interface has a bug a guest can
// reach: once a thread has entered it, the thread
// - cannot gain privileges (PR_SET_NO_NEW_PRIVS);
// - holds no capabilities: effective, permitted and inheritable sets cleared (which clears the
//   ambient set), and the bounding set emptied when the thread may do so (CAP_SETPCAP, e.g. root);
// - may make only the system calls of an allow-list (filter.cpp, with the reason for each
//   call; sandbox/README.md has the table): the runtime's (memory growth, locks, signals,
//   clocks) and the host interface's (files beneath preopens, polling, I/O on sockets the host
//   handed in). Nothing that creates processes or threads, executes programs, traces, opens new
//   sockets, changes credentials, mounts or namespaces, or maps executable memory.
//
// A forbidden call is not made: the kernel raises SIGSYS, and the runtime's signal handler
// (runtime/signal_handler.h) turns it into a ForbiddenSystemCall trap of the WebAssembly call that
// was running ("sandbox: forbidden system call socket (41)"), which unwinds like any other trap;
// the thread and the process go on. Outside a WebAssembly call it ends the process with a message.
//
// Everything is per thread and for good: other threads keep their freedom (the seccomp filter is
// loaded without TSYNC), and the thread cannot leave the sandbox. Threads it creates would inherit
// it, but it cannot create any.

#include <string>

#include "common/expected.h"

namespace faaslet::sandbox {

struct SandboxPolicy {
    // I/O on sockets the host handed to the guest (WASI sock_accept, sock_recv, sock_send,
    // sock_shutdown). Creating, binding or connecting sockets is never allowed.
    bool socketIo = true;
};

// An error message naming what the kernel or a library refused, and why.
using Status = StatusOf<std::string>;

// Confines the calling thread. Call it once set-up is done (module loaded, instance created,
// preopens opened, sockets handed in) and before guest code runs on the thread; the set-up of the
// thread for WebAssembly calls (signal handlers, alternate signal stack) is done here first.
// A second call on a sandboxed thread is an error. On error the thread may be partly confined
// (without capabilities, or without the filter): the caller decides whether to run guest code on
// it anyway.
Status enterSandbox(const SandboxPolicy& policy = {});

}  // namespace faaslet::sandbox
