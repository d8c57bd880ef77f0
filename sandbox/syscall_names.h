#pragma once
// Names of system calls for the messages of forbidden calls, from libseccomp's tables.

namespace faaslet::sandbox {

// Resolves the names of the native architecture's system calls once per process and makes the
// runtime's messages use them (runtime::setSystemCallNamer). Done before a thread is sandboxed,
// so naming a forbidden call later needs neither memory allocation nor libseccomp.
void nameForbiddenSystemCalls();

// The name of system call `number`, or null when it has none. Async-signal-safe once
// nameForbiddenSystemCalls() has run; null for every number before.
const char* systemCallName(long number);

}  // namespace faaslet::sandbox
