// The table the binding layer registers imports from: every preview1 function wasi-libc can import,
// with the signature of the witx, callable generically.

#include "wasi/function_table.h"
#include "bindings/wasi_bindings.h"

#include <gtest/gtest.h>

#include <map>
#include <span>
#include <string>

#include "wasi_test_support.h"

namespace faaslet::wasi {
namespace {

using namespace testing_support;

std::string signature(const WasiFunction& f) {
    std::string s;
    for (auto t : f.params) s += t == wasm::ValType::I32 ? 'i' : t == wasm::ValType::I64 ? 'I' : '?';
    s += "->";
    for (auto t : f.results) s += t == wasm::ValType::I32 ? 'i' : '?';
    return s;
}

TEST(WasiTable, EveryPreview1FunctionWithItsSignature) {
    // From wasi_snapshot_preview1.witx: i = i32 (pointers, sizes, fds, flags), I = i64.
    const std::map<std::string, std::string> expected = {
        {"args_get", "ii->i"},
        {"args_sizes_get", "ii->i"},
        {"environ_get", "ii->i"},
        {"environ_sizes_get", "ii->i"},
        {"clock_res_get", "ii->i"},
        {"clock_time_get", "iIi->i"},
        {"fd_advise", "iIIi->i"},
        {"fd_allocate", "iII->i"},
        {"fd_close", "i->i"},
        {"fd_datasync", "i->i"},
        {"fd_fdstat_get", "ii->i"},
        {"fd_fdstat_set_flags", "ii->i"},
        {"fd_fdstat_set_rights", "iII->i"},
        {"fd_filestat_get", "ii->i"},
        {"fd_filestat_set_size", "iI->i"},
        {"fd_filestat_set_times", "iIIi->i"},
        {"fd_pread", "iiiIi->i"},
        {"fd_prestat_get", "ii->i"},
        {"fd_prestat_dir_name", "iii->i"},
        {"fd_pwrite", "iiiIi->i"},
        {"fd_read", "iiii->i"},
        {"fd_readdir", "iiiIi->i"},
        {"fd_renumber", "ii->i"},
        {"fd_seek", "iIii->i"},
        {"fd_sync", "i->i"},
        {"fd_tell", "ii->i"},
        {"fd_write", "iiii->i"},
        {"path_create_directory", "iii->i"},
        {"path_filestat_get", "iiiii->i"},
        {"path_filestat_set_times", "iiiiIIi->i"},
        {"path_link", "iiiiiii->i"},
        {"path_open", "iiiiiIIii->i"},
        {"path_readlink", "iiiiii->i"},
        {"path_remove_directory", "iii->i"},
        {"path_rename", "iiiiii->i"},
        {"path_symlink", "iiiii->i"},
        {"path_unlink_file", "iii->i"},
        {"poll_oneoff", "iiii->i"},
        {"proc_exit", "i->"},
        {"proc_raise", "i->i"},
        {"sched_yield", "->i"},
        {"random_get", "ii->i"},
        {"sock_accept", "iii->i"},
        {"sock_recv", "iiiiii->i"},
        {"sock_send", "iiiii->i"},
        {"sock_shutdown", "ii->i"},
    };
    std::map<std::string, std::string> actual;
    for (const WasiFunction& f : wasiFunctions()) {
        EXPECT_NE(f.call, nullptr) << f.name;
        actual[std::string(f.name)] = signature(f);
    }
    EXPECT_EQ(actual, expected);
    for (const auto& [name, sig] : expected) {
        const WasiFunction* f = findWasiFunction(name);
        ASSERT_NE(f, nullptr) << name;
        EXPECT_EQ(f->name, name);
    }
    EXPECT_EQ(findWasiFunction("fd_nonexistent"), nullptr);
    EXPECT_EQ(findWasiFunction(""), nullptr);
}

abi::Value i32(uint32_t v) {
    abi::Value value{};
    value.i32 = v;
    return value;
}
abi::Value i64(uint64_t v) {
    abi::Value value{};
    value.i64 = v;
    return value;
}

TEST(WasiTable, GenericCallsReachTheImplementations) {
    Guest g;
    WasiConfig config;
    config.args = {"a", "bc"};
    config.stdio = StdioMode::Capture;
    WasiContext wasi(config);

    const uint32_t count = g.alloc(4), size = g.alloc(4);
    const abi::Value sizes[] = {i32(count), i32(size)};
    // Spelled as spans: GCC 12 does not convert an array to the std::span parameter of a call
    // through a function pointer.
    auto outcome = findWasiFunction("args_sizes_get")->call(wasi, g.memory, std::span(sizes));
    ASSERT_TRUE(std::holds_alternative<WasiErrno>(outcome));
    EXPECT_EQ(std::get<WasiErrno>(outcome), WasiErrno::Success);
    EXPECT_EQ(g.u32(count), 2u);
    EXPECT_EQ(g.u32(size), 5u);

    // An i64 parameter travels in .i64.
    const uint32_t t = g.alloc(8);
    const abi::Value clock[] = {i32(preview1::kClockMonotonic), i64(~0ull), i32(t)};
    EXPECT_EQ(std::get<WasiErrno>(findWasiFunction("clock_time_get")->call(wasi, g.memory, std::span(clock))),
              WasiErrno::Success);
    EXPECT_GT(g.u64(t), 0u);

    const abi::Value text = i32(g.put("hi")), iov = i32(g.iovecs({{text.i32, 2}})), written = i32(g.alloc(4));
    const abi::Value write[] = {i32(1), iov, i32(1), written};
    EXPECT_EQ(std::get<WasiErrno>(findWasiFunction("fd_write")->call(wasi, g.memory, std::span(write))),
              WasiErrno::Success);
    EXPECT_EQ(wasi.capturedStdout(), "hi");

    const abi::Value exit[] = {i32(3)};
    outcome = findWasiFunction("proc_exit")->call(wasi, g.memory, std::span(exit));
    ASSERT_TRUE(std::holds_alternative<WasiExit>(outcome));
    EXPECT_EQ(std::get<WasiExit>(outcome).code, 3u);

    // A wrong argument count (a binding bug) is EINVAL, never a read past the span.
    EXPECT_EQ(std::get<WasiErrno>(findWasiFunction("fd_write")->call(wasi, g.memory, std::span(write, 2))),
              WasiErrno::Inval);
    EXPECT_EQ(std::get<WasiErrno>(findWasiFunction("sched_yield")->call(wasi, g.memory, {})),
              WasiErrno::Success);
}

// A run defines only what its module imports; without a module, every function is defined.
TEST(WasiModule, DefinesWhatTheImporterImports) {
    wasm::Module importer;
    auto functionImport = [](std::string_view module, std::string_view name) {
        wasm::Import import;
        import.module = module;
        import.name = name;
        return import;
    };
    importer.imports.push_back(functionImport(kWasiModuleName, "fd_write"));
    importer.imports.push_back(functionImport("env", "args_get"));
    WasiContext wasi{WasiConfig{}};
    runtime::Store store;
    runtime::Linker only;
    ASSERT_EQ(bindings::defineWasi(store, only, wasi, &importer), "");
    EXPECT_TRUE(only.find(std::string(kWasiModuleName), "fd_write"));
    EXPECT_FALSE(only.find(std::string(kWasiModuleName), "args_get")) << "imported from another module";
    EXPECT_FALSE(only.find(std::string(kWasiModuleName), "fd_read"));
    runtime::Linker every;
    ASSERT_EQ(bindings::defineWasi(store, every, wasi), "");
    for (const WasiFunction& f : wasiFunctions()) EXPECT_TRUE(every.find(std::string(kWasiModuleName), f.name)) << f.name;
}

}  // namespace
}  // namespace faaslet::wasi
