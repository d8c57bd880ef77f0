#pragma once
// Helpers for the sandbox tests: running code on a thread that has entered the sandbox, and the
// kernel's view of the calling thread.

#include <gtest/gtest.h>

#include <cstdint>
#include <fstream>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <thread>

#include "sandbox/sandbox.h"
#include "runtime/host_function.h"
#include "runtime/invoke.h"

namespace faaslet::sandbox::testing_support {

// Runs `body` on a new thread once the thread has entered the sandbox, and waits for it to end.
inline void onSandboxedThread(const std::function<void()>& body, const SandboxPolicy& policy = {}) {
    std::thread worker([&] {
        Status entered = enterSandbox(policy);
        ASSERT_TRUE(entered.ok()) << entered.error();
        body();
    });
    worker.join();
}

// A host function that runs `body`. Create it before the sandbox: libffi maps executable memory
// for it, which the sandbox forbids.
inline std::unique_ptr<runtime::HostFunction> hostFunction(std::function<void()> body) {
    auto function = runtime::HostFunction::create(wasm::FuncType{}, [body](runtime::HostCall&, auto, auto) {
        body();
        return std::optional<runtime::Trap>();
    });
    EXPECT_TRUE(function.ok());
    return function.ok() ? std::move(*function) : nullptr;
}

// Calls it as the runtime calls host functions: inside a guarded call, where a forbidden system
// call becomes a trap.
inline runtime::CallResult callHost(const runtime::HostFunction& function) {
    return runtime::invoke(function.asExtern(), {});
}

// A field of /proc/thread-self/status for the calling thread ("Seccomp", "CapEff"), without its
// name; empty when the kernel does not report it.
inline std::string threadStatus(const std::string& field) {
    std::ifstream status("/proc/thread-self/status");
    const std::string prefix = field + ":";
    for (std::string line; std::getline(status, line);) {
        if (line.rfind(prefix, 0) != 0) continue;
        const size_t value = line.find_first_not_of(" \t", prefix.size());
        return value == std::string::npos ? std::string() : line.substr(value);
    }
    return {};
}

// A capability set of the calling thread as the kernel reports it (field "CapEff", "CapBnd", ...).
inline uint64_t threadCapabilities(const std::string& field) {
    return std::stoull(threadStatus(field), nullptr, 16);
}

}  // namespace faaslet::sandbox::testing_support
