#include "cli/call_json.h"

#include <algorithm>
#include <cmath>

namespace faaslet::cli {

namespace {

bool isUtf8(const std::string& text) {
    size_t i = 0;
    while (i < text.size()) {
        const auto c = static_cast<unsigned char>(text[i]);
        const size_t length = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
        if (!length || i + length > text.size()) return false;
        for (size_t k = 1; k < length; ++k)
            if ((static_cast<unsigned char>(text[i + k]) >> 6) != 0x2) return false;
        i += length;
    }
    return true;
}

std::string base64(const std::string& bytes) {
    static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    out.reserve((bytes.size() + 2) / 3 * 4);
    for (size_t i = 0; i < bytes.size(); i += 3) {
        uint32_t group = uint32_t(static_cast<unsigned char>(bytes[i])) << 16;
        if (i + 1 < bytes.size()) group |= uint32_t(static_cast<unsigned char>(bytes[i + 1])) << 8;
        if (i + 2 < bytes.size()) group |= static_cast<unsigned char>(bytes[i + 2]);
        out += kAlphabet[(group >> 18) & 63];
        out += kAlphabet[(group >> 12) & 63];
        out += i + 1 < bytes.size() ? kAlphabet[(group >> 6) & 63] : '=';
        out += i + 2 < bytes.size() ? kAlphabet[group & 63] : '=';
    }
    return out;
}

void putBytes(nlohmann::json& object, const std::string& name, const std::string& bytes) {
    if (isUtf8(bytes))
        object[name] = bytes;
    else
        object[name + "_base64"] = base64(bytes);
}

double micros(std::chrono::nanoseconds duration) {
    return std::chrono::duration<double, std::micro>(duration).count();
}

}  // namespace

nlohmann::json callJson(const faaslets::CallResult& result) {
    nlohmann::json object;
    object["id"] = result.id;
    object["status"] = faaslets::toString(result.status);
    object["return_code"] = result.returnCode;
    putBytes(object, "output", result.output);
    putBytes(object, "stdout", result.stdoutText);
    putBytes(object, "stderr", result.stderrText);
    object["error"] = result.error.empty() ? nlohmann::json() : nlohmann::json(result.error);
    object["timings"] = {{"queue_us", micros(result.timings.queue)},
                         {"restore_us", micros(result.timings.restore)},
                         {"run_us", micros(result.timings.run)},
                         {"reset_us", micros(result.timings.reset)}};
    return object;
}

nlohmann::json summaryJson(std::vector<double> latenciesMicros, size_t failures, double seconds) {
    std::sort(latenciesMicros.begin(), latenciesMicros.end());
    auto percentile = [&](double p) {
        if (latenciesMicros.empty()) return 0.0;
        const size_t index = size_t(std::ceil(p / 100.0 * double(latenciesMicros.size()))) - 1;
        return latenciesMicros[std::min(index, latenciesMicros.size() - 1)];
    };
    nlohmann::json summary;
    summary["calls"] = latenciesMicros.size();
    summary["failures"] = failures;
    summary["calls_per_second"] = seconds > 0 ? double(latenciesMicros.size()) / seconds : 0.0;
    summary["latency_us"] = {{"p50", percentile(50)}, {"p90", percentile(90)}, {"p99", percentile(99)},
                             {"max", latenciesMicros.empty() ? 0.0 : latenciesMicros.back()}};
    return summary;
}

}  // namespace faaslet::cli
