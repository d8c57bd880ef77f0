// faaslet-diff-run [--signatures] MODULE.wasm: runs a module made by binaryen's fuzzer (`wasm-opt -ttf`) in
// faaslet at O0, O2 and O3 and prints, per level, what each exported function did, in the
// canonical form v8_runner.mjs prints for V8: differential.py compares the two.
//
//   level O2
//   call NAME
//   log i32 7            (fuzzing-support.log-*: i32/i64 unsigned, floats as bit patterns, "nan")
//   result f64 0x3ff0000000000000
//   trap oob-memory      (a trap's kind; "exhausted" for stack exhaustion)
//   global NAME i32 3    (after each call, every exported global's value)
//
// Every exported function is called in export order with zero arguments, as binaryen's own
// --fuzz-exec does; one instance per level, so a call sees what the calls before it wrote.
// With --signatures it prints the exported functions' types as JSON instead, for the V8 side.

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "compiler/compiler.h"
#include "runtime/global.h"
#include "runtime/host_function.h"
#include "runtime/instance.h"
#include "runtime/invoke.h"
#include "runtime/linker.h"
#include "runtime/loaded_module.h"
#include "runtime/store.h"
#include "tests/support/temp_dir.h"
#include "wasm/decoder/decoder.h"
#include "wasm/validator/validator.h"

namespace {

using namespace faaslet;
using wasm::ValType;

// V8 words traps its own way; both sides are reduced to these kinds.
const char* trapKind(abi::TrapCode code) {
    switch (code) {
        case abi::TrapCode::Unreachable: return "unreachable";
        case abi::TrapCode::IntegerDivideByZero: return "div-zero";
        case abi::TrapCode::IntegerOverflow: return "int-overflow";
        case abi::TrapCode::InvalidConversionToInteger: return "conversion";
        case abi::TrapCode::OutOfBoundsMemoryAccess: return "oob-memory";
        case abi::TrapCode::OutOfBoundsTableAccess:
        case abi::TrapCode::UndefinedElement: return "oob-table";
        case abi::TrapCode::UninitializedElement:
        case abi::TrapCode::IndirectCallTypeMismatch: return "indirect";
        case abi::TrapCode::CallStackExhausted: return "exhausted";
        default: return "other";
    }
}

std::string formatValue(ValType type, const abi::Value& v) {
    char text[64];
    switch (type) {
        case ValType::I32: std::snprintf(text, sizeof text, "i32 %u", v.i32); break;
        case ValType::I64: std::snprintf(text, sizeof text, "i64 %llu", (unsigned long long)v.i64); break;
        case ValType::F32: {
            float f;
            std::memcpy(&f, &v.i32, 4);
            if (std::isnan(f))
                std::snprintf(text, sizeof text, "f32 nan");
            else
                std::snprintf(text, sizeof text, "f32 0x%08x", v.i32);
            break;
        }
        case ValType::F64: {
            double d;
            std::memcpy(&d, &v.i64, 8);
            if (std::isnan(d))
                std::snprintf(text, sizeof text, "f64 nan");
            else
                std::snprintf(text, sizeof text, "f64 0x%016llx", (unsigned long long)v.i64);
            break;
        }
        case ValType::FuncRef:
        case ValType::ExternRef: std::snprintf(text, sizeof text, "ref %s", v.ref ? "non-null" : "null"); break;
        case ValType::V128: std::snprintf(text, sizeof text, "v128"); break;  // never called with one
    }
    return text;
}

// JS cannot pass or receive a v128, so V8 cannot call such an export; neither side does.
bool hasV128(const wasm::FuncType& type) {
    auto isV128 = [](ValType t) { return t == ValType::V128; };
    return std::any_of(type.params.begin(), type.params.end(), isV128) ||
           std::any_of(type.results.begin(), type.results.end(), isV128);
}

void defineLogging(runtime::Store& store, runtime::Linker& linker) {
    for (ValType type : {ValType::I32, ValType::I64, ValType::F32, ValType::F64}) {
        auto function = store.createHostFunction({{type}, {}}, [type](runtime::HostCall&, auto args, auto) {
            std::printf("log %s\n", formatValue(type, args[0]).c_str());
            return std::optional<runtime::Trap>();
        });
        const std::string name = std::string("log-") + wasm::toString(type);
        linker.define("fuzzing-support", name, (*function)->asExternValue());
    }
}

int runAt(compiler::OptLevel level, const char* levelName, std::shared_ptr<const wasm::Module> module,
          const std::filesystem::path& scratch) {
    std::printf("level %s\n", levelName);
    compiler::CompileOptions options;
    options.optLevel = level;
    options.codegenThreads = 1;
    const auto object = scratch / (std::string(levelName) + ".so");
    auto compiled = compiler::compile(*module, options, object);
    if (!compiled.error.empty()) {
        std::printf("compile-error %s\n", compiled.error.c_str());
        return 2;
    }
    auto loaded = runtime::LoadedModule::load(object.string(), module);
    if (!loaded) {
        std::printf("load-error %s\n", loaded.error().toString().c_str());
        return 2;
    }
    runtime::Store store;
    runtime::Linker linker;
    defineLogging(store, linker);
    auto imports = linker.resolve(*module);
    if (!imports) {
        std::printf("link-error %s\n", imports.error().toString().c_str());
        return 2;
    }
    auto instance = store.instantiate(*loaded, *imports);
    if (!instance) {
        std::printf("instantiate-error %s\n", instance.error().toString().c_str());
        return 0;  // the same must happen in V8: compared as a line
    }
    auto printGlobals = [&] {
        for (const wasm::Export& g : module->exports) {
            if (g.kind != wasm::ExternKind::Global) continue;
            auto exported = (*instance)->exportNamed(g.name);
            std::printf("global %s %s\n", g.name.c_str(),
                        formatValue(exported->global->type().type, exported->global->get()).c_str());
        }
    };
    for (const wasm::Export& e : module->exports) {
        if (e.kind != wasm::ExternKind::Func) continue;
        auto exported = (*instance)->exportNamed(e.name);
        std::printf("call %s\n", e.name.c_str());
        const wasm::FuncType& type = runtime::functionType(exported->function);
        if (hasV128(type)) {
            std::printf("skipped v128\n");
            continue;
        }
        // Zero in all 16 bytes: `abi::Value{}` zeroes only the union's first member (an i32).
        std::vector<abi::Value> args(type.params.size());
        std::memset(args.data(), 0, args.size() * sizeof(abi::Value));
        runtime::CallResult result = runtime::invoke(exported->function, args);
        if (!result) {
            std::printf("trap %s\n", trapKind(result.error().code));
        } else {
            for (size_t i = 0; i < result->size(); ++i)
                std::printf("result %s\n", formatValue(type.results[i], (*result)[i]).c_str());
        }
        printGlobals();
    }
    std::fflush(stdout);
    return 0;
}

// {"functions": [{"name", "params", "results"}...], "globals": [[name, type]...]} of the exports.
void printSignatures(const wasm::Module& module) {
    auto list = [](const std::vector<ValType>& types) {
        std::string text;
        for (ValType t : types) text += std::string(text.empty() ? "" : ", ") + "\"" + wasm::toString(t) + "\"";
        return text;
    };
    std::string functions, globals;
    for (const wasm::Export& e : module.exports) {
        if (e.kind == wasm::ExternKind::Func) {
            const wasm::FuncType& type = module.funcType(e.index);
            functions += std::string(functions.empty() ? "" : ",") + "\n  {\"name\": \"" + e.name + "\", \"params\": [" +
                         list(type.params) + "], \"results\": [" + list(type.results) + "]}";
        } else if (e.kind == wasm::ExternKind::Global) {
            globals += std::string(globals.empty() ? "" : ", ") + "[\"" + e.name + "\", \"" +
                       wasm::toString(module.globalType(e.index).type) + "\"]";
        }
    }
    std::printf("{\"functions\": [%s\n], \"globals\": [%s]}\n", functions.c_str(), globals.c_str());
}

}  // namespace

int main(int argc, char** argv) {
    const bool signatures = argc == 3 && std::strcmp(argv[1], "--signatures") == 0;
    if (argc != 2 && !signatures) {
        std::fprintf(stderr, "usage: %s [--signatures] MODULE.wasm\n", argv[0]);
        return 2;
    }
    const char* path = argv[argc - 1];
    std::ifstream in(path, std::ios::binary);
    std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (!in.eof() && in.fail()) {
        std::fprintf(stderr, "%s: cannot read\n", path);
        return 2;
    }
    auto decoded = wasm::decode(std::move(bytes));
    if (!decoded) {
        std::printf("decode-error %s\n", decoded.error().toString().c_str());
        return 2;
    }
    if (auto valid = wasm::validate(*decoded); !valid) {
        std::printf("invalid %s\n", valid.error().toString().c_str());
        return 2;
    }
    if (signatures) {
        printSignatures(*decoded);
        return 0;
    }
    auto module = std::make_shared<const wasm::Module>(std::move(*decoded));
    faaslet::test::TempDir scratch("faaslet-diff");
    setvbuf(stdout, nullptr, _IOFBF, 1 << 16);
    const std::pair<compiler::OptLevel, const char*> levels[] = {
        {compiler::OptLevel::O0, "O0"}, {compiler::OptLevel::O2, "O2"}, {compiler::OptLevel::O3, "O3"}};
    for (const auto& [level, name] : levels)
        if (int status = runAt(level, name, module, scratch.path()); status != 0) return status;
    return 0;
}
