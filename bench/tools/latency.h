#pragma once
// Latency samples and their distribution (p50, p99, min, max), printed as a JSON object in
// seconds, the unit of the rest of the harness.

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

namespace faaslet::bench {

class Latencies {
public:
    explicit Latencies(size_t expected = 0) { samples_.reserve(expected); }
    void add(std::chrono::nanoseconds sample) { samples_.push_back(double(sample.count()) * 1e-9); }

    // {"p50": s, "p99": s, "min": s, "max": s, "count": n}; an empty set prints as count 0.
    std::string json() {
        if (samples_.empty()) return "{\"count\": 0}";
        std::sort(samples_.begin(), samples_.end());
        const auto at = [&](double q) { return samples_[std::min(samples_.size() - 1, size_t(q * samples_.size()))]; };
        char text[200];
        std::snprintf(text, sizeof text, "{\"p50\": %.9f, \"p99\": %.9f, \"min\": %.9f, \"max\": %.9f, \"count\": %zu}",
                      at(0.50), at(0.99), samples_.front(), samples_.back(), samples_.size());
        return text;
    }

private:
    std::vector<double> samples_;
};

}  // namespace faaslet::bench
