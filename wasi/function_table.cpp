#include "wasi/function_table.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <type_traits>
#include <utility>

namespace faaslet::wasi {

namespace {

using wasm::ValType;

template <class T>
constexpr ValType valTypeOf() {
    static_assert(std::is_same_v<T, uint32_t> || std::is_same_v<T, uint64_t>,
                  "WASI parameters are i32 or i64");
    return std::is_same_v<T, uint32_t> ? ValType::I32 : ValType::I64;
}

template <class T>
T argument(const abi::Value& value) {
    if constexpr (std::is_same_v<T, uint32_t>)
        return value.i32;
    else
        return value.i64;
}

constexpr std::array<ValType, 1> kErrnoResult = {ValType::I32};

// Derives the signature and the generic entry point of a typed implementation.
template <auto F>
struct Adapter;

template <class R, class... P, R (*F)(WasiContext&, const GuestMemory&, P...)>
struct Adapter<F> {
    static constexpr std::array<ValType, sizeof...(P)> params = {valTypeOf<P>()...};
    static constexpr std::span<const ValType> results() {
        if constexpr (std::is_same_v<R, WasiExit>)
            return {};
        else
            return kErrnoResult;
    }

    static WasiOutcome call(WasiContext& wasi, const GuestMemory& memory, std::span<const abi::Value> args) {
        if (args.size() != sizeof...(P)) return WasiErrno::Inval;
        return invoke(wasi, memory, args, std::index_sequence_for<P...>{});
    }

    template <size_t... I>
    // `args` is unused by the functions without parameters (sched_yield).
    static WasiOutcome invoke(WasiContext& wasi, const GuestMemory& memory,
                              [[maybe_unused]] std::span<const abi::Value> args, std::index_sequence<I...>) {
        return F(wasi, memory, argument<P>(args[I])...);
    }
};

template <auto F>
constexpr WasiFunction entry(std::string_view name) {
    return {name, Adapter<F>::params, Adapter<F>::results(), &Adapter<F>::call};
}

constexpr WasiFunction kFunctions[] = {
    entry<argsGet>("args_get"),
    entry<argsSizesGet>("args_sizes_get"),
    entry<clockResGet>("clock_res_get"),
    entry<clockTimeGet>("clock_time_get"),
    entry<environGet>("environ_get"),
    entry<environSizesGet>("environ_sizes_get"),
    entry<fdAdvise>("fd_advise"),
    entry<fdAllocate>("fd_allocate"),
    entry<fdClose>("fd_close"),
    entry<fdDatasync>("fd_datasync"),
    entry<fdFdstatGet>("fd_fdstat_get"),
    entry<fdFdstatSetFlags>("fd_fdstat_set_flags"),
    entry<fdFdstatSetRights>("fd_fdstat_set_rights"),
    entry<fdFilestatGet>("fd_filestat_get"),
    entry<fdFilestatSetSize>("fd_filestat_set_size"),
    entry<fdFilestatSetTimes>("fd_filestat_set_times"),
    entry<fdPread>("fd_pread"),
    entry<fdPrestatDirName>("fd_prestat_dir_name"),
    entry<fdPrestatGet>("fd_prestat_get"),
    entry<fdPwrite>("fd_pwrite"),
    entry<fdRead>("fd_read"),
    entry<fdReaddir>("fd_readdir"),
    entry<fdRenumber>("fd_renumber"),
    entry<fdSeek>("fd_seek"),
    entry<fdSync>("fd_sync"),
    entry<fdTell>("fd_tell"),
    entry<fdWrite>("fd_write"),
    entry<pathCreateDirectory>("path_create_directory"),
    entry<pathFilestatGet>("path_filestat_get"),
    entry<pathFilestatSetTimes>("path_filestat_set_times"),
    entry<pathLink>("path_link"),
    entry<pathOpen>("path_open"),
    entry<pathReadlink>("path_readlink"),
    entry<pathRemoveDirectory>("path_remove_directory"),
    entry<pathRename>("path_rename"),
    entry<pathSymlink>("path_symlink"),
    entry<pathUnlinkFile>("path_unlink_file"),
    entry<pollOneoff>("poll_oneoff"),
    entry<procExit>("proc_exit"),
    entry<procRaise>("proc_raise"),
    entry<randomGet>("random_get"),
    entry<schedYield>("sched_yield"),
    entry<sockAccept>("sock_accept"),
    entry<sockRecv>("sock_recv"),
    entry<sockSend>("sock_send"),
    entry<sockShutdown>("sock_shutdown"),
};

static_assert(std::is_sorted(std::begin(kFunctions), std::end(kFunctions),
                             [](const WasiFunction& a, const WasiFunction& b) { return a.name < b.name; }));

}  // namespace

std::span<const WasiFunction> wasiFunctions() {
    return kFunctions;
}

const WasiFunction* findWasiFunction(std::string_view name) {
    auto it = std::lower_bound(std::begin(kFunctions), std::end(kFunctions), name,
                               [](const WasiFunction& f, std::string_view n) { return f.name < n; });
    return it != std::end(kFunctions) && it->name == name ? &*it : nullptr;
}

}  // namespace faaslet::wasi
