#pragma once
// Test helper: decodes, validates and compiles a module into a private directory, then loads and
// instantiates it (with the imports a resolver gives, or none) in its own Store.

#include <functional>
#include <stdexcept>
#include <string>
#include <vector>

#include "wasm/decoder/decoder.h"
#include "compiler/compiler.h"
#include "wasm/validator/validator.h"
#include "runtime/instance.h"
#include "runtime/loaded_module.h"
#include "runtime/store.h"
#include "tests/support/temp_dir.h"

namespace faaslet::test {

inline abi::Value i32Value(uint32_t v) {
    abi::Value value{};
    value.i32 = v;
    return value;
}

inline abi::Value i64Value(uint64_t v) {
    abi::Value value{};
    value.i64 = v;
    return value;
}

class CompiledModule {
public:
    // What a module imports, resolved in the store that will own the instance.
    using ImportResolver = std::function<std::vector<runtime::ExternValue>(runtime::Store&, const wasm::Module&)>;

    explicit CompiledModule(std::vector<uint8_t> bytes, compiler::OptLevel level = compiler::OptLevel::O2,
                            bool interruptible = true, const ImportResolver& imports = {}) {
        auto decoded = wasm::decode(std::move(bytes));
        if (!decoded) throw std::runtime_error(decoded.error().toString());
        if (auto valid = wasm::validate(*decoded); !valid) throw std::runtime_error(valid.error().toString());
        auto module = std::make_shared<const wasm::Module>(std::move(*decoded));
        compiler::CompileOptions options;
        options.optLevel = level;
        options.interruptible = interruptible;
        const auto object = dir_ / "module.so";
        auto result = compiler::compile(*module, options, object);
        if (!result.error.empty()) throw std::runtime_error(result.error);
        auto loaded = runtime::LoadedModule::load(object.string(), module);
        if (!loaded) throw std::runtime_error(loaded.error().toString());
        auto instance = store_.instantiate(*loaded, imports ? imports(store_, *module) : std::vector<runtime::ExternValue>{});
        if (!instance) throw std::runtime_error(instance.error().toString());
        instance_ = *instance;
    }
    CompiledModule(const CompiledModule&) = delete;
    CompiledModule& operator=(const CompiledModule&) = delete;

    runtime::Instance& instance() { return *instance_; }
    runtime::CallResult call(const std::string& name, const std::vector<abi::Value>& args = {}) {
        return instance_->call(name, args);
    }

private:
    TempDir dir_;  // the compiled object, removed after the store that maps it
    runtime::Store store_;
    runtime::Instance* instance_ = nullptr;
};

// A compiled module called with i32 arguments.
class I32Module : public CompiledModule {
public:
    using CompiledModule::CompiledModule;
    runtime::CallResult call(const std::string& name, std::vector<uint32_t> args = {}) {
        std::vector<abi::Value> values;
        for (uint32_t a : args) values.push_back(i32Value(a));
        return CompiledModule::call(name, values);
    }
};

inline uint32_t resultI32(const runtime::CallResult& r) {
    return r.value().at(0).i32;
}

}  // namespace faaslet::test
