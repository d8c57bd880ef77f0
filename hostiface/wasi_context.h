#pragma once
// The state one WASI instance sees: its arguments, environment and descriptors. Descriptors 0, 1
// and 2 are the process's stdio. (Preopened directories and opened files arrive with the virtual
// filesystem.)

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace faaslet::hostiface {

struct WasiConfig {
    std::vector<std::string> args;  // args[0] is the program name
    std::vector<std::string> env;   // "KEY=VALUE"
};

class WasiContext {
public:
    explicit WasiContext(WasiConfig config);

    const std::vector<std::string>& args() const { return config_.args; }
    const std::vector<std::string>& env() const { return config_.env; }

    // The host descriptor behind a guest descriptor, or nullopt when it is not open.
    std::optional<int> hostFd(uint32_t fd) const;
    bool close(uint32_t fd);

    // Set by proc_exit; the call that ran the guest ends with this status.
    std::optional<uint32_t> exitCode;

private:
    WasiConfig config_;
    std::vector<int> fds_;  // guest descriptor -> host descriptor, -1 when closed
};

}  // namespace faaslet::hostiface
