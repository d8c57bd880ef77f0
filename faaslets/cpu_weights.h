#pragma once
// CPU weights of functions: each function with a weight gets a cgroup of its own in the cpu
// controller, and its Faaslet threads are placed there before they enter the sandbox, so the
// kernel shares the cores between functions by weight (cgroup v2 cpu.weight in threaded
// cgroups, or cgroup v1 cpu.shares, whichever the host offers). Where neither is writable (no cpu
// controller, no permission) weights are not applied, and `unsupportedReason` says why, once.

#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <sys/types.h>

namespace faaslet::faaslets {

class CpuWeights {
public:
    // The kernel's default weight: a function with it needs no cgroup.
    static constexpr unsigned kDefaultWeight = 100;

    CpuWeights();
    // Removes the cgroups it made (empty by then: their threads have ended).
    ~CpuWeights();
    CpuWeights(const CpuWeights&) = delete;
    CpuWeights& operator=(const CpuWeights&) = delete;

    // Places thread `tid` in `function`'s cgroup with `weight` (1-10000). Nothing happens for the
    // default weight or where weights are unsupported. Returns an error message when the host has
    // cgroups but refused this placement.
    std::optional<std::string> place(pid_t tid, const std::string& function, unsigned weight);

    const std::optional<std::string>& unsupportedReason() const { return unsupported_; }
    // The cgroup directory of `function`, if one was made.
    std::optional<std::string> groupOf(const std::string& function) const;

private:
    enum class Version { None, V1, V2 };
    std::optional<std::string> makeRoot();  // lock held
    bool rootMade_ = false;
    Version version_ = Version::None;
    std::string root_;  // where this process's function cgroups are made
    std::optional<std::string> unsupported_;
    mutable std::mutex lock_;
    struct Group {
        std::string directory;
        unsigned weight;
    };
    std::map<std::string, Group> groups_;  // by function
};

}  // namespace faaslet::faaslets
