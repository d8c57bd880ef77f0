#include "runtime/invoke.h"

#include <string>

#include "runtime/type_registry.h"

namespace faaslet::runtime {

const wasm::FuncType& functionType(const ExternFunction& function) {
    return TypeRegistry::process().type(function.ref->typeId);
}

CallResult invoke(const ExternFunction& function, std::span<const abi::Value> args) {
    if (!function.ref || !function.ref->code)
        return Trap::of(abi::TrapCode::HostTrap, "call of a null function");
    const wasm::FuncType& type = TypeRegistry::process().type(function.ref->typeId);
    if (args.size() != type.params.size()) {
        return Trap::of(abi::TrapCode::HostTrap, "wrong number of arguments for " + wasm::toString(type) +
                                                     ": " + std::to_string(args.size()) + " given");
    }
    if (!function.thunk) {
        return Trap::of(abi::TrapCode::HostTrap, "no entry thunk for functions of type " +
                                                     wasm::toString(type) + " in the compiled module");
    }
    // Thunks index both arrays without checking; never hand them a null pointer.
    std::vector<abi::Value> results(type.results.size());
    abi::Value none{};
    const abi::Value* argData = args.empty() ? &none : args.data();
    abi::Value* resultData = results.empty() ? &none : results.data();
    if (auto trap = callGuarded(function.thunk, function.ref->code, function.ref->ctx, argData, resultData)) {
        return std::move(*trap);
    }
    return results;
}

}  // namespace faaslet::runtime
