#include "hostiface/wasi_module.h"

#include "hostiface/wasi_functions.h"
#include "runtime/host_function.h"
#include "runtime/linear_memory.h"

namespace faaslet::hostiface {

namespace {

struct Entry {
    const char* name;
    const char* params;  // one letter per parameter: i = i32, I = i64
    WasiFunction implementation;  // null: not implemented yet, ENOSYS
};

// Every function of wasi_snapshot_preview1 (proc_exit is bound apart: it returns nothing).
constexpr Entry kFunctions[] = {
    {"args_get", "ii", argsGet},
    {"args_sizes_get", "ii", argsSizesGet},
    {"environ_get", "ii", environGet},
    {"environ_sizes_get", "ii", environSizesGet},
    {"clock_res_get", "ii", clockResGet},
    {"clock_time_get", "iIi", clockTimeGet},
    {"fd_advise", "iIIi", nullptr},
    {"fd_allocate", "iII", nullptr},
    {"fd_close", "i", fdClose},
    {"fd_datasync", "i", nullptr},
    {"fd_fdstat_get", "ii", fdFdstatGet},
    {"fd_fdstat_set_flags", "ii", nullptr},
    {"fd_fdstat_set_rights", "iII", nullptr},
    {"fd_filestat_get", "ii", nullptr},
    {"fd_filestat_set_size", "iI", nullptr},
    {"fd_filestat_set_times", "iIIi", nullptr},
    {"fd_pread", "iiiIi", nullptr},
    {"fd_prestat_get", "ii", fdPrestatGet},
    {"fd_prestat_dir_name", "iii", fdPrestatGet},
    {"fd_pwrite", "iiiIi", nullptr},
    {"fd_read", "iiii", fdRead},
    {"fd_readdir", "iiiIi", nullptr},
    {"fd_renumber", "ii", nullptr},
    {"fd_seek", "iIii", fdSeek},
    {"fd_sync", "i", nullptr},
    {"fd_tell", "ii", nullptr},
    {"fd_write", "iiii", fdWrite},
    {"path_create_directory", "iii", nullptr},
    {"path_filestat_get", "iiiii", nullptr},
    {"path_filestat_set_times", "iiiiIIi", nullptr},
    {"path_link", "iiiiiii", nullptr},
    {"path_open", "iiiiiIIii", nullptr},
    {"path_readlink", "iiiiii", nullptr},
    {"path_remove_directory", "iii", nullptr},
    {"path_rename", "iiiiii", nullptr},
    {"path_symlink", "iiiii", nullptr},
    {"path_unlink_file", "iii", nullptr},
    {"poll_oneoff", "iiii", nullptr},
    {"proc_raise", "i", nullptr},
    {"sched_yield", "", schedYield},
    {"random_get", "ii", randomGet},
    {"sock_accept", "iii", nullptr},
    {"sock_recv", "iiiiii", nullptr},
    {"sock_send", "iiiii", nullptr},
    {"sock_shutdown", "ii", nullptr},
};

GuestMemory guestMemory(runtime::HostCall& call) {
    runtime::LinearMemory* memory = call.memory();
    return memory ? GuestMemory(memory->bytes()) : GuestMemory();
}

}  // namespace

std::string defineWasi(runtime::Store& store, runtime::Linker& linker, WasiContext& wasi) {
    using wasm::ValType;
    for (const Entry& entry : kFunctions) {
        wasm::FuncType type;
        for (const char* p = entry.params; *p; ++p) type.params.push_back(*p == 'I' ? ValType::I64 : ValType::I32);
        type.results = {ValType::I32};
        const WasiFunction implementation = entry.implementation;
        auto function = store.createHostFunction(
            std::move(type), [&wasi, implementation](runtime::HostCall& call, auto args, auto results) {
                const WasiErrno result = implementation ? implementation(wasi, guestMemory(call), args) : WasiErrno::NoSys;
                results[0] = abi::Value{};
                results[0].i32 = uint32_t(result);
                return std::optional<runtime::Trap>();
            });
        if (!function) return function.error().toString();
        linker.define(kWasiModule, entry.name, (*function)->asExternValue());
    }
    auto exit = store.createHostFunction({{ValType::I32}, {}}, [&wasi](runtime::HostCall&, auto args, auto) {
        wasi.exitCode = args[0].i32;
        return std::optional<runtime::Trap>(runtime::Trap::of(abi::TrapCode::HostTrap, kExitTrapMessage));
    });
    if (!exit) return exit.error().toString();
    linker.define(kWasiModule, "proc_exit", (*exit)->asExternValue());
    return {};
}

}  // namespace faaslet::hostiface
