#include <gtest/gtest.h>

#include <string>

#include "functions/settings.h"
#include "functions/settings_json.h"
#include "tests/support/temp_dir.h"

namespace faaslet::functions {
namespace {

using std::chrono::milliseconds;

template <class T>
void expectInvalid(const Result<T>& result, const std::string& part) {
    ASSERT_FALSE(result) << "accepted";
    EXPECT_EQ(result.error().kind, Error::Kind::InvalidSettings);
    EXPECT_NE(result.error().message.find(part), std::string::npos) << result.error().message;
}

TEST(FunctionSettings, DefaultsAreValid) {
    EXPECT_TRUE(validate(Settings{}));
}

TEST(FunctionSettings, ParsesDurations) {
    EXPECT_EQ(*parseDuration("500ms", "--timeout"), milliseconds(500));
    EXPECT_EQ(*parseDuration("2s", "--timeout"), milliseconds(2000));
    EXPECT_EQ(*parseDuration("1m", "--timeout"), milliseconds(60'000));
    EXPECT_EQ(*parseDuration("3h", "--timeout"), milliseconds(3 * 3'600'000));
    EXPECT_EQ(*parseDuration("0s", "--timeout"), milliseconds(0));
    for (const char* bad : {"", "5", "ms", "1.5s", "-1s", "2 s", "2S", "2sec", "1d", "s2", "2s "})
        expectInvalid(parseDuration(bad, "--timeout"), "--timeout: \"" + std::string(bad) + "\" is not a duration");
    expectInvalid(parseDuration("99999999999999999999ms", "--timeout"), "too long");
    expectInvalid(parseDuration("9223372036854775807h", "--timeout"), "too long");
}

TEST(FunctionSettings, FormatsDurationsInTheLargestUnit) {
    EXPECT_EQ(formatDuration(milliseconds(500)), "500ms");
    EXPECT_EQ(formatDuration(milliseconds(2000)), "2s");
    EXPECT_EQ(formatDuration(milliseconds(90'000)), "90s");
    EXPECT_EQ(formatDuration(milliseconds(120'000)), "2m");
    EXPECT_EQ(formatDuration(milliseconds(3'600'000)), "1h");
    EXPECT_EQ(formatDuration(milliseconds(0)), "0ms");
}

TEST(FunctionSettings, ParsesSizesAsTheCacheDoes) {
    EXPECT_EQ(*parseByteSize("64M", "--max-memory"), uint64_t(64) << 20);
    EXPECT_EQ(*parseByteSize("65536", "--max-memory"), 65536u);
    EXPECT_EQ(*parseByteSize("1GiB", "--max-memory"), uint64_t(1) << 30);
    for (const char* bad : {"", "M", "64Q", "-1M", "1.5G"}) expectInvalid(parseByteSize(bad, "--max-memory"), "--max-memory: ");
}

TEST(FunctionSettings, ParsesCountsInRange) {
    EXPECT_EQ(*parseCount("1", "--max-faaslets", 1, 10), 1u);
    EXPECT_EQ(*parseCount("10", "--max-faaslets", 1, 10), 10u);
    for (const char* bad : {"", "0", "11", "-1", "3x", "1e2", "99999999999999999999", " 3"})
        expectInvalid(parseCount(bad, "--max-faaslets", 1, 10), "--max-faaslets \"" + std::string(bad) + "\": expected a whole number between 1 and 10");
}

TEST(FunctionSettings, ParsesEnvironmentEntries) {
    EXPECT_EQ(*parseEnvironmentEntry("A=1"), (std::pair<std::string, std::string>{"A", "1"}));
    EXPECT_EQ(*parseEnvironmentEntry("A="), (std::pair<std::string, std::string>{"A", ""}));
    EXPECT_EQ(*parseEnvironmentEntry("A=b=c"), (std::pair<std::string, std::string>{"A", "b=c"}));
    expectInvalid(parseEnvironmentEntry("A"), "expected NAME=VALUE");
    expectInvalid(parseEnvironmentEntry("=1"), "expected NAME=VALUE");
}

TEST(FunctionSettings, ParsesPreopensReadOnlyUnlessAsked) {
    test::TempDir dir;
    auto plain = parsePreopen(dir.path().string(), false);
    ASSERT_TRUE(plain) << plain.error().message;
    EXPECT_EQ(plain->hostPath, dir.path().string());
    EXPECT_EQ(plain->guestPath, dir.path().string());
    EXPECT_FALSE(plain->writable);
    auto renamed = parsePreopen(dir.path().string() + "/::data", true);
    ASSERT_TRUE(renamed) << renamed.error().message;
    EXPECT_EQ(renamed->hostPath, dir.path().string());
    EXPECT_EQ(renamed->guestPath, "data");
    EXPECT_TRUE(renamed->writable);
    // Relative host paths are stored absolute: calls run from another directory.
    auto relative = parsePreopen(".", false);
    ASSERT_TRUE(relative);
    EXPECT_TRUE(std::filesystem::path(relative->hostPath).is_absolute());
    EXPECT_EQ(relative->guestPath, ".");
    expectInvalid(parsePreopen("", false), "expected HOST or HOST::GUEST");
    expectInvalid(parsePreopen("::data", false), "expected HOST or HOST::GUEST");
    expectInvalid(parsePreopen(dir.path().string() + "::", false), "expected HOST or HOST::GUEST");
    expectInvalid(parsePreopen((dir / "missing").string(), false), "is not a directory");
}

Settings withOne(auto change) {
    Settings s;
    change(s);
    return s;
}

TEST(FunctionSettings, ValidateRefusesEachValueOutOfRange) {
    auto refused = [](const Settings& s, const std::string& part) {
        auto status = validate(s);
        ASSERT_FALSE(status) << "accepted: " << part;
        EXPECT_EQ(status.error().kind, Error::Kind::InvalidSettings);
        EXPECT_NE(status.error().message.find(part), std::string::npos) << status.error().message;
    };
    refused(withOne([](Settings& s) { s.timeout = milliseconds(0); }), "timeout 0ms: must be between 1ms and 24h");
    refused(withOne([](Settings& s) { s.timeout = milliseconds(25 * 3'600'000); }), "timeout 25h");
    refused(withOne([](Settings& s) { s.maxMemoryBytes = 0; }), "memory limit 0 bytes");
    refused(withOne([](Settings& s) { s.maxMemoryBytes = 100000; }), "a multiple of 64K");
    refused(withOne([](Settings& s) { s.maxMemoryBytes = (uint64_t(4) << 30) + 65536; }), "between 64K and 4G");
    refused(withOne([](Settings& s) { s.maxFaaslets = 0; }), "maximum Faaslets 0");
    refused(withOne([](Settings& s) { s.maxFaaslets = kMaxFaasletsLimit + 1; }), "maximum Faaslets 4097");
    refused(withOne([](Settings& s) { s.cpuWeight = 0; }), "CPU weight 0");
    refused(withOne([](Settings& s) { s.cpuWeight = 10001; }), "CPU weight 10001");
    refused(withOne([](Settings& s) { s.maxOutputBytes = (uint64_t(1) << 30) + 1; }), "output bound");
    refused(withOne([](Settings& s) { s.environment = {{"A", "1"}, {"A", "2"}}; }), "\"A\" is set more than once");
    refused(withOne([](Settings& s) { s.environment = {{"A=B", "1"}}; }), "environment \"A=B\"");
    refused(withOne([](Settings& s) { s.environment = {{"", "1"}}; }), "a name must be non-empty");
    refused(withOne([](Settings& s) { s.preopens = {{"relative", "x", false}}; }), "must be absolute");
    refused(withOne([](Settings& s) { s.preopens = {{"/a", "", false}}; }), "guest path must be non-empty");
    refused(withOne([](Settings& s) { s.preopens = {{"/a", "x", false}, {"/b", "x", true}}; }),
            "guest path \"x\" is given more than once");
    refused(withOne([](Settings& s) { s.initExport = std::string("a\0b", 3); }), "NUL");
    // The edges themselves are allowed.
    EXPECT_TRUE(validate(withOne([](Settings& s) {
        s.timeout = kMaxTimeout;
        s.maxMemoryBytes = kMaxMemoryBytes;
        s.maxFaaslets = kMaxFaasletsLimit;
        s.cpuWeight = kMaxCpuWeight;
        s.maxOutputBytes = kMaxOutputLimit;
    })));
    EXPECT_TRUE(validate(withOne([](Settings& s) {
        s.timeout = kMinTimeout;
        s.maxMemoryBytes = kWasmPageBytes;
        s.maxFaaslets = 1;
        s.cpuWeight = kMinCpuWeight;
        s.maxOutputBytes = 0;
    })));
}

TEST(FunctionSettings, RoundTripThroughJson) {
    Settings s;
    s.initExport = "warm_up";
    s.timeout = milliseconds(1500);
    s.maxMemoryBytes = uint64_t(64) << 20;
    s.maxFaaslets = 3;
    s.environment = {{"B", "2"}, {"A", "1=x"}};
    s.preopens = {{"/srv/in", "in", false}, {"/srv/out", "out", true}};
    s.cpuWeight = 250;
    s.maxOutputBytes = 4096;
    auto back = settingsFromJson(nlohmann::json::parse(toJson(s).dump()));
    ASSERT_TRUE(back) << back.error().message;
    EXPECT_EQ(*back, s);  // the environment keeps its order
}

TEST(FunctionSettings, JsonWithAMissingOrWrongFieldIsRefused) {
    const nlohmann::json good = toJson(Settings{});
    auto refused = [](const nlohmann::json& j, const std::string& part) {
        expectInvalid(settingsFromJson(j), part);
    };
    refused(nlohmann::json::array(), "not an object");
    for (const char* field : {"init", "timeout_ms", "max_memory_bytes", "max_faaslets", "environment", "preopens",
                              "cpu_weight", "max_output_bytes"}) {
        nlohmann::json missing = good;
        missing.erase(field);
        refused(missing, std::string("\"") + field + "\"");
    }
    auto with = [&good](const char* field, nlohmann::json value) {
        nlohmann::json j = good;
        j[field] = std::move(value);
        return j;
    };
    refused(with("timeout_ms", "1s"), "\"timeout_ms\": expected a whole number");
    refused(with("timeout_ms", -5), "\"timeout_ms\": expected a whole number");
    refused(with("timeout_ms", 1.5), "\"timeout_ms\": expected a whole number");
    refused(with("max_faaslets", uint64_t(1) << 32 | 1), "\"max_faaslets\": out of range");
    refused(with("max_faaslets", 0), "maximum Faaslets 0");
    refused(with("environment", nlohmann::json::object({{"A", "1"}})), "\"environment\": expected an array");
    refused(with("environment", nlohmann::json::array({"A=1"})), "expected [name, value]");
    refused(with("preopens", nlohmann::json::array({{{"host", "/a"}}})), "\"preopens\"");
    refused(with("max_memory_bytes", 100), "a multiple of 64K");
}

}  // namespace
}  // namespace faaslet::functions
