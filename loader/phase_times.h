#pragma once
// Where a command's time went, phase by phase, for `-v`: read, key, cache lookup, compile (lower,
// optimize, codegen, link), load, link, instantiate, run. Logged through spdlog at info level,
// which -v enables.

#include <chrono>
#include <string>
#include <vector>

namespace faaslet::loader {

class PhaseTimes {
public:
    using Clock = std::chrono::steady_clock;

    PhaseTimes() : last_(Clock::now()) {}

    // Records `phase` as the time since the previous mark (or since construction).
    void mark(std::string phase);
    // Records `phase`, measured before these times were started, as the first one.
    void prepend(std::string phase, std::chrono::nanoseconds duration);
    // Records a phase measured elsewhere (e.g. inside the compiler), indented under the last one.
    void addDetail(std::string phase, std::chrono::nanoseconds duration);
    // One line per phase for `what` (a file name), and the total of the top-level phases.
    void log(const std::string& what) const;

private:
    struct Phase {
        std::string name;
        std::chrono::nanoseconds duration;
        bool detail;
    };
    std::vector<Phase> phases_;
    Clock::time_point last_;
};

}  // namespace faaslet::loader
