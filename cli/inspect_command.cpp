// `faaslet inspect FILE.wasm|FILE.wat...`: decodes and validates modules and prints what they contain.

#include <cstdio>
#include <memory>
#include <set>
#include <span>
#include <string>

#include "cli/commands.h"
#include "fmt/format.h"
#include "loader/module_file.h"
#include "wasm/decoder/decoder.h"
#include "wasm/decoder/features.h"
#include "wasm/validator/validator.h"

namespace faaslet::cli {

namespace {

// "+bulk-memory, +sign-ext", or why there is nothing to list.
std::string claimsText(const wasm::TargetFeatures& features) {
    if (!features.present) return "none (no target_features section)";
    if (!features.valid) return "unreadable (malformed target_features section)";
    std::string text;
    for (const auto& claim : features.claims) {
        text += fmt::format("{}{}{}", text.empty() ? "" : ", ", claim.prefix, claim.name);
    }
    return text.empty() ? "none (empty target_features section)" : text;
}

std::string usedText(const std::set<std::string>& used) {
    if (used.empty()) return "none beyond the MVP";
    std::string text;
    for (const auto& name : used) text += (text.empty() ? "" : ", ") + name;
    return text;
}

// The error, then what the module claims (when it has a target_features section) and, when it
// was refused for a proposal faaslet does not run, what its code uses: the proposal among them.
void printRefusal(const std::string& path, const wasm::Error& error, std::span<const uint8_t> bytes) {
    fmt::print(stderr, "{}\n", error.toStringFor(path));
    if (error.kind == wasm::Error::Kind::Unsupported) {
        fmt::print(stderr, "{}: features used by the code: {}\n", path, usedText(wasm::codeFeatures(bytes)));
    }
    if (const auto claimed = wasm::readTargetFeatures(bytes); claimed.present) {
        fmt::print(stderr, "{}: features claimed (target_features): {}\n", path, claimsText(claimed));
    }
}

std::string limitsText(const wasm::Limits& limits) {
    return limits.max ? fmt::format("{}..{}", limits.min, *limits.max) : fmt::format("{}..", limits.min);
}

void printSummary(const std::string& path, const wasm::Module& m) {
    fmt::print("{}: {} bytes, valid\n", path, m.bytes.size());
    fmt::print("  types {}, functions {} ({} imported), tables {}, memories {}, globals {}\n",
               m.types.size(), m.functionCount(), m.importedFunctions, m.tableCount(),
               m.memoryCount(), m.globalCount());
    for (const auto& import : m.imports) {
        std::string detail;
        switch (import.kind) {
            case wasm::ExternKind::Func: detail = toString(m.types[import.funcType]); break;
            case wasm::ExternKind::Table:
                detail = fmt::format("{} {}", toString(import.table.elemType), limitsText(import.table.limits));
                break;
            case wasm::ExternKind::Memory: detail = limitsText(import.memory.limits) + " pages"; break;
            case wasm::ExternKind::Global:
                detail = fmt::format("{}{}", import.global.isMutable ? "mut " : "", toString(import.global.type));
                break;
        }
        fmt::print("  import {} {}.{}: {}\n", toString(import.kind), import.module, import.name, detail);
    }
    for (const auto& memory : m.memories) fmt::print("  memory {} pages\n", limitsText(memory.limits));
    for (const auto& exp : m.exports) {
        std::string detail;
        if (exp.kind == wasm::ExternKind::Func) detail = ": " + toString(m.funcType(exp.index));
        fmt::print("  export {} \"{}\" (index {}){}\n", toString(exp.kind), exp.name, exp.index, detail);
    }
    if (m.start) fmt::print("  start function {}\n", *m.start);
    fmt::print("  data segments {}, element segments {}, custom sections {}", m.data.size(), m.elems.size(),
               m.customSections.size());
    fmt::print("{}\n", m.names.valid ? fmt::format(", {} function names", m.names.functions.size()) : "");
    fmt::print("  features used: {}\n", usedText(wasm::usedFeatures(m)));
    fmt::print("  features claimed (target_features): {}\n", claimsText(wasm::readTargetFeatures(m.bytes)));
}

}  // namespace

void addInspectCommand(CLI::App& app, int& status) {
    auto* cmd = app.add_subcommand("inspect",
                                   "Decode and validate modules and print their imports, exports, "
                                   "memories, tables, sections and the features they use");
    auto files = std::make_shared<std::vector<std::string>>();
    cmd->add_option("files", *files, "WebAssembly modules: binaries, or .wat text")->required()->check(CLI::ExistingFile);
    cmd->callback([&status, files] {
        for (const auto& path : *files) {
            auto bytes = loader::readModuleFile(path);
            if (!bytes) {
                fmt::print(stderr, "{}\n", bytes.error());
                status = 1;
                continue;
            }
            // Decoded from a copy: a refused module's bytes still say what it was built for.
            auto module = wasm::decode(*bytes);
            if (!module) {
                printRefusal(path, module.error(), *bytes);
                status = 1;
                continue;
            }
            if (auto valid = wasm::validate(*module); !valid) {
                printRefusal(path, valid.error(), *bytes);
                status = 1;
                continue;
            }
            printSummary(path, *module);
        }
    });
}

}  // namespace faaslet::cli
