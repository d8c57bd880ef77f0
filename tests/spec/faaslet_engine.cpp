#include "tests/spec/faaslet_engine.h"

#include <cstring>

#include "fmt/format.h"
#include "runtime/global.h"
#include "runtime/instance.h"
#include "runtime/invoke.h"
#include "runtime/loaded_module.h"
#include "tests/spec/spec_compile.h"
#include "tests/spec/spectest_host.h"

namespace faaslet::spectest {

namespace {

using wasm::ValType;

// Host references of `ref.extern N` are the pointers N + 1, so that N = 0 is not null.
void* externRef(uint64_t n) { return reinterpret_cast<void*>(uintptr_t(n + 1)); }

abi::Value toAbi(const Value& v) {
    abi::Value out{};
    switch (v.type) {
        case ValType::I32:
        case ValType::F32: out.i32 = uint32_t(v.bits); break;
        case ValType::I64:
        case ValType::F64: out.i64 = v.bits; break;
        case ValType::V128: std::memcpy(out.v128, v.v128.data(), 16); break;
        case ValType::FuncRef:
        case ValType::ExternRef: out.ref = v.isNull ? nullptr : externRef(v.bits); break;
    }
    return out;
}

Value fromAbi(ValType type, const abi::Value& v) {
    Value out;
    out.type = type;
    switch (type) {
        case ValType::I32:
        case ValType::F32: out.bits = v.i32; break;
        case ValType::I64:
        case ValType::F64: out.bits = v.i64; break;
        case ValType::V128: std::memcpy(out.v128.data(), v.v128, 16); break;
        case ValType::FuncRef:
            out.isNull = v.ref == nullptr;
            out.bits = uintptr_t(v.ref);
            break;
        case ValType::ExternRef:
            out.isNull = v.ref == nullptr;
            out.bits = v.ref ? uintptr_t(v.ref) - 1 : 0;
            break;
    }
    return out;
}

ActionResult failed(std::string message) { return {ActionResult::Kind::Failed, {}, std::move(message)}; }

}  // namespace

FaasletEngine::FaasletEngine() : objects_("faaslet-spec-objects") {
    defineSpectestModule(store_, linker_);
}

runtime::Instance* FaasletEngine::find(const std::optional<std::string>& name) const {
    if (!name) return current_;
    auto it = named_.find(*name);
    return it == named_.end() ? nullptr : it->second;
}

InstantiateResult FaasletEngine::instantiate(std::shared_ptr<const wasm::Module> module,
                                             const std::optional<std::string>& name) {
    const auto object = objects_.path() / fmt::format("module{}.so", compiled_++);
    CompileOutcome compiled = compileForSpec(*module, object);
    if (compiled.unsupported) return {InstantiateResult::Kind::Unsupported, compiled.error};
    if (!compiled.error.empty()) return {InstantiateResult::Kind::Failed, "compile: " + compiled.error};

    auto loaded = runtime::LoadedModule::load(object.string(), module);
    if (!loaded) return {InstantiateResult::Kind::Failed, "load: " + loaded.error().toString()};
    auto imports = linker_.resolve(*module);
    if (!imports) return {InstantiateResult::Kind::Unlinkable, imports.error().toString()};
    auto instance = store_.instantiate(*loaded, *imports);
    if (!instance) {
        const auto& error = instance.error();
        auto kind = error.kind == runtime::Error::Kind::Link   ? InstantiateResult::Kind::Unlinkable
                    : error.kind == runtime::Error::Kind::Trap ? InstantiateResult::Kind::Trapped
                                                               : InstantiateResult::Kind::Failed;
        return {kind, error.toString()};
    }
    current_ = *instance;
    if (name) named_[*name] = current_;
    return {InstantiateResult::Kind::Ok, {}};
}

std::string FaasletEngine::registerAs(const std::optional<std::string>& module, const std::string& as) {
    runtime::Instance* instance = find(module);
    if (!instance) return "no such module";
    linker_.defineInstance(as, *instance);
    return {};
}

ActionResult FaasletEngine::invoke(const std::optional<std::string>& module, const std::string& field,
                                   const std::vector<Value>& args) {
    runtime::Instance* instance = find(module);
    if (!instance) return failed("no such module");
    auto exported = instance->exportNamed(field);
    if (!exported || exported->kind != wasm::ExternKind::Func)
        return failed(fmt::format("no exported function \"{}\"", field));

    std::vector<abi::Value> abiArgs;
    for (const auto& arg : args) abiArgs.push_back(toAbi(arg));
    runtime::CallResult result = runtime::invoke(exported->function, abiArgs);
    if (!result) {
        const runtime::Trap& trap = result.error();
        auto kind = trap.code == abi::TrapCode::CallStackExhausted ? ActionResult::Kind::Exhausted
                                                                   : ActionResult::Kind::Trapped;
        return {kind, {}, trap.toString()};
    }
    const auto& resultTypes = runtime::functionType(exported->function).results;
    ActionResult out;
    for (size_t i = 0; i < result->size(); ++i) out.values.push_back(fromAbi(resultTypes[i], (*result)[i]));
    return out;
}

ActionResult FaasletEngine::get(const std::optional<std::string>& module, const std::string& field) {
    runtime::Instance* instance = find(module);
    if (!instance) return failed("no such module");
    auto exported = instance->exportNamed(field);
    if (!exported || exported->kind != wasm::ExternKind::Global)
        return failed(fmt::format("no exported global \"{}\"", field));
    ActionResult out;
    out.values.push_back(fromAbi(exported->global->type().type, exported->global->get()));
    return out;
}

}  // namespace faaslet::spectest
