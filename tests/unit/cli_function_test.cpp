// `faaslet function add | ls | info | rm` run as a user would, with a data directory and a cache of
// the test's own.

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <fstream>

#include "cli_test_support.h"
#include "nlohmann/json.hpp"
#include "tests/support/temp_dir.h"

namespace faaslet::cli::test {
namespace {

class FunctionCommand : public ::testing::Test {
protected:
    CommandResult faaslet(const std::vector<std::string>& args) {
        std::vector<std::string> full{"function"};
        full.insert(full.end(), args.begin(), args.end());
        return runFaaslet(full, {{"FAASLET_HOME", (temp / "home").string()},
                                 {"FAASLET_CACHE_DIR", (temp / "cache").string()}});
    }
    faaslet::test::TempDir temp;
};

TEST_F(FunctionCommand, AddListInfoRemove) {
    auto added = faaslet({"add", "alice/hello", example("hello.wasm"), "--timeout", "2s", "--max-memory", "64M",
                          "--max-faaslets", "3", "--env", "A=1", "--env", "B=x=y", "--dir", temp.path().string(),
                          "--dir-rw", temp.path().string() + "::scratch", "--cpu-weight", "200", "--max-output",
                          "1M", "--init", "_start"});
    ASSERT_EQ(added.status, 0) << added.err;
    EXPECT_NE(added.out.find("added alice/hello: key "), std::string::npos) << added.out;
    struct stat st {};
    ASSERT_EQ(::stat((temp / "home").c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0700u);

    auto again = faaslet({"add", "alice/hello", example("hello.wasm")});
    ASSERT_EQ(again.status, 0) << again.err;
    EXPECT_NE(again.out.find("replaced alice/hello"), std::string::npos) << again.out;
    EXPECT_NE(again.out.find("already compiled"), std::string::npos) << again.out;
    ASSERT_EQ(faaslet({"add", "alice/hello", example("hello.wasm"), "--timeout", "2s", "--max-memory", "64M",
                       "--max-faaslets", "3", "--env", "A=1", "--dir", temp.path().string(), "--dir-rw",
                       temp.path().string() + "::scratch", "--cpu-weight", "200", "--max-output", "1M"})
                  .status,
              0);
    ASSERT_EQ(faaslet({"add", "bob/fib", example("fib.wasm")}).status, 0);

    auto listed = faaslet({"ls"});
    ASSERT_EQ(listed.status, 0) << listed.err;
    EXPECT_LT(listed.out.find("alice/hello"), listed.out.find("bob/fib")) << listed.out;
    EXPECT_NE(listed.out.find("2 functions in"), std::string::npos) << listed.out;

    auto info = faaslet({"info", "alice/hello"});
    ASSERT_EQ(info.status, 0) << info.err;
    for (const std::string line : {"timeout       2s", "memory limit  64.0 MiB", "max Faaslets  3", "CPU weight    200",
                                   "output bound  1.0 MiB", "environment   A=1"})
        EXPECT_NE(info.out.find(line), std::string::npos) << line << " in\n" << info.out;
    EXPECT_NE(info.out.find("as scratch (read-write)"), std::string::npos) << info.out;

    auto json = faaslet({"info", "alice/hello", "--json"});
    ASSERT_EQ(json.status, 0) << json.err;
    auto parsed = nlohmann::json::parse(json.out);
    EXPECT_EQ(parsed["name"], "alice/hello");
    EXPECT_EQ(parsed["settings"]["timeout_ms"], 2000);
    EXPECT_EQ(parsed["settings"]["max_faaslets"], 3);
    EXPECT_EQ(parsed["settings"]["preopens"][0]["writable"], false);
    EXPECT_EQ(parsed["settings"]["preopens"][1]["writable"], true);
    EXPECT_EQ(parsed["settings"]["preopens"][1]["guest"], "scratch");
    EXPECT_EQ(parsed["cache_key"].get<std::string>().size(), 64u);
    EXPECT_EQ(parsed["wasm_bytes"], std::filesystem::file_size(example("hello.wasm")));

    auto removed = faaslet({"rm", "alice/hello"});
    ASSERT_EQ(removed.status, 0) << removed.err;
    EXPECT_EQ(removed.out, "removed alice/hello\n");
    auto missing = faaslet({"rm", "alice/hello"});
    EXPECT_EQ(missing.status, 1);
    EXPECT_EQ(missing.err, "faaslet: no function alice/hello\n");
    EXPECT_EQ(faaslet({"info", "alice/hello"}).status, 1);
    EXPECT_NE(faaslet({"ls"}).out.find("1 function in"), std::string::npos);
}

TEST_F(FunctionCommand, RefusesBadNamesSettingsAndModules) {
    auto expectError = [this](const std::vector<std::string>& args, const std::string& part) {
        auto result = faaslet(args);
        EXPECT_EQ(result.status, 1) << part;
        EXPECT_NE(result.err.find(part), std::string::npos) << result.err;
    };
    const std::string hello = example("hello.wasm");
    expectError({"add", "Alice/hello", hello}, "bad function name \"Alice/hello\": the user part has 'A'");
    expectError({"add", "alice", hello}, "there is no '/'");
    expectError({"info", "a/../b"}, "more than one '/'");
    expectError({"rm", "a/.."}, "may not be \"..\"");
    expectError({"add", "alice/x", hello, "--timeout", "5"}, "--timeout: \"5\" is not a duration");
    expectError({"add", "alice/x", hello, "--max-memory", "lots"}, "--max-memory: \"lots\" is not a size");
    expectError({"add", "alice/x", hello, "--max-memory", "100K"}, "a multiple of 64K");
    expectError({"add", "alice/x", hello, "--max-memory", "64K"}, "initial memory is");
    expectError({"add", "alice/x", hello, "--max-faaslets", "0"}, "--max-faaslets \"0\"");
    expectError({"add", "alice/x", hello, "--cpu-weight", "10001"}, "--cpu-weight \"10001\"");
    expectError({"add", "alice/x", hello, "--env", "NOVALUE"}, "expected NAME=VALUE");
    expectError({"add", "alice/x", hello, "--env", "A=1", "--env", "A=2"}, "\"A\" is set more than once");
    expectError({"add", "alice/x", hello, "--dir", (temp / "missing").string()}, "is not a directory");
    expectError({"add", "alice/x", hello, "--init", "nope"}, "init export \"nope\"");
    expectError({"add", "alice/x", (temp / "missing.wasm").string()}, "missing.wasm");
    expectError({"add", "alice/x", std::string(FAASLET_EXAMPLES_DIR) + "/../CMakeCache.txt"}, "malformed");
    // One function of 60,000 i32 locals: well-formed and valid, but past the decoder's limit.
    {
        std::ofstream out(temp / "locals.wasm", std::ios::binary);
        out.write("\0asm\1\0\0\0"
                  "\x01\x04\x01\x60\x00\x00"                  // type section: () -> ()
                  "\x03\x02\x01\x00"                          // function section
                  "\x0a\x08\x01\x06\x01\xe0\xd4\x03\x7f\x0b",  // code: 60000 locals, end
                  28);
    }
    expectError({"add", "alice/x", (temp / "locals.wasm").string()},
                "alice/x: implementation limit: code section, function 0 at 0x17: too many locals");
    EXPECT_NE(faaslet({"ls"}).out.find("0 functions in"), std::string::npos);
}

TEST_F(FunctionCommand, RefusesADataDirectoryOthersCanWrite) {
    std::filesystem::create_directories(temp / "home");
    ::chmod((temp / "home").c_str(), 0777);
    auto result = faaslet({"ls"});
    EXPECT_EQ(result.status, 1);
    EXPECT_NE(result.err.find("is writable by other users"), std::string::npos) << result.err;
}

}  // namespace
}  // namespace faaslet::cli::test
