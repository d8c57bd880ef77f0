#include "loader/phase_times.h"

#include <mutex>

#include "spdlog/spdlog.h"

namespace faaslet::loader {

namespace {

double milliseconds(std::chrono::nanoseconds duration) {
    return std::chrono::duration<double, std::milli>(duration).count();
}

}  // namespace

void PhaseTimes::mark(std::string phase) {
    const auto now = Clock::now();
    phases_.push_back({std::move(phase), now - last_, false});
    last_ = now;
}

void PhaseTimes::prepend(std::string phase, std::chrono::nanoseconds duration) {
    phases_.insert(phases_.begin(), {std::move(phase), duration, false});
}

void PhaseTimes::addDetail(std::string phase, std::chrono::nanoseconds duration) {
    phases_.push_back({std::move(phase), duration, true});
}

void PhaseTimes::log(const std::string& what) const {
    if (!spdlog::should_log(spdlog::level::info)) return;
    // Modules precompiled in parallel keep their lines together.
    static std::mutex oneAtATime;
    std::lock_guard guard(oneAtATime);
    std::chrono::nanoseconds total{0};
    spdlog::info("timing of {}:", what);
    for (const Phase& phase : phases_) {
        spdlog::info("  {:<22}{:>10.3f} ms", (phase.detail ? "  " : "") + phase.name,
                     milliseconds(phase.duration));
        if (!phase.detail) total += phase.duration;
    }
    spdlog::info("  {:<22}{:>10.3f} ms", "total", milliseconds(total));
}

}  // namespace faaslet::loader
