#include "bindings/state_bindings.h"

#include "bindings/host_call_access.h"
#include "runtime/host_function.h"
#include "state/function_table.h"

namespace faaslet::bindings {

namespace {

// read_state_ptr's mappings go into the calling instance's memory 0.
class LinearMemoryMapper final : public state::MemoryMapper {
public:
    explicit LinearMemoryMapper(runtime::LinearMemory* memory) : memory_(memory) {}
    Expected<uint64_t, std::string> mapShared(int fd, uint64_t offset, uint64_t length) override {
        if (!memory_) return std::string("the instance has no linear memory to map into");
        auto address = memory_->growShared(fd, offset, uint32_t(length / wasm::kPageSize));
        if (!address) return address.error().toString();
        return *address;
    }

private:
    runtime::LinearMemory* memory_;
};

// Whether the importer declares `f` without a result (Faasm's void functions); nullopt when it
// does not import it.
std::optional<bool> importedWithoutResult(const wasm::Module& module, const state::StateFunction& f) {
    for (const wasm::Import& import : module.imports) {
        if (import.kind != wasm::ExternKind::Func || import.module != "env" || import.name != f.name) continue;
        if (import.funcType < module.types.size() && module.types[import.funcType].results.empty()) return true;
        return false;  // an i32 result, or a wrong type the linker then reports against the i32 one
    }
    return std::nullopt;
}

}  // namespace

std::string defineState(runtime::Store& store, runtime::Linker& linker, state::StateCall& call,
                        const wasm::Module* importer) {
    for (const state::StateFunction& f : state::stateFunctions()) {
        bool voidResult = false;
        if (importer) {
            const auto imported = importedWithoutResult(*importer, f);
            if (!imported) continue;
            voidResult = *imported;
        }
        wasm::FuncType type;
        type.params.assign(f.params.begin(), f.params.end());
        if (!voidResult) type.results.push_back(wasm::ValType::I32);
        auto function = store.createHostFunction(
            std::move(type), [&call, &f, voidResult](runtime::HostCall& host, auto args, auto results) {
                LinearMemoryMapper mapper(host.memory());
                state::StateResult<int32_t> outcome = f.call(call, guestMemory(host), mapper, args);
                if (!outcome && voidResult)
                    return std::optional<runtime::Trap>(runtime::Trap::of(
                        abi::TrapCode::HostTrap, std::string(f.name) + ": " + outcome.error().message));
                if (!voidResult) {
                    results[0] = abi::Value{};
                    results[0].i32 = outcome ? uint32_t(*outcome)
                                     : f.returnsPointer ? 0u
                                                        : uint32_t(-int32_t(outcome.error().code));
                }
                return std::optional<runtime::Trap>();
            });
        if (!function) return function.error().toString();
        linker.define("env", std::string(f.name), (*function)->asExternValue());
    }
    return {};
}

}  // namespace faaslet::bindings
