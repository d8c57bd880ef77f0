#include "sandbox/syscall_names.h"

#include <seccomp.h>

#include <array>
#include <atomic>
#include <mutex>

#include "runtime/signal_handler.h"

namespace faaslet::sandbox {

namespace {

// Above every x86-64 system call number (Linux 6.x stays below 470; x32's carry a flag bit). Not
// more: naming a number libseccomp does not know scans its whole table, and this runs at the
// start of every sandboxed run.
constexpr long kNamedSystemCalls = 512;

// Filled once; the strings libseccomp allocates are kept for the life of the process. The
// pointers are atomic so that a signal handler on any thread reads them without a data race.
std::array<std::atomic<const char*>, kNamedSystemCalls> gNames{};
std::once_flag gResolved;

}  // namespace

void nameForbiddenSystemCalls() {
    std::call_once(gResolved, [] {
        for (long number = 0; number < kNamedSystemCalls; ++number)
            gNames[number].store(seccomp_syscall_resolve_num_arch(SCMP_ARCH_NATIVE, int(number)));
        runtime::setSystemCallNamer(systemCallName);
    });
}

const char* systemCallName(long number) {
    if (number < 0 || number >= kNamedSystemCalls) return nullptr;
    return gNames[number].load(std::memory_order_relaxed);
}

}  // namespace faaslet::sandbox
