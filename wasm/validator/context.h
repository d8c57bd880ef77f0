#pragma once
// What the validator knows about a module while it checks code: the index spaces flattened
// (imports first) so every lookup is one array access, and the set of function references a
// `ref.func` may name. Built once per module, after the checks the lookups depend on (type
// indices of functions exist) have passed.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "wasm/module/error.h"
#include "wasm/module/module.h"

namespace faaslet::wasm {

class ValidationContext {
public:
    explicit ValidationContext(const Module& module);

    const Module& module;
    std::vector<uint32_t> funcTypes;  // type index of each function
    std::vector<TableType> tables;
    std::vector<GlobalType> globals;
    uint32_t memoryCount = 0;

    const FuncType& funcType(uint32_t funcIndex) const { return module.types[funcTypes[funcIndex]]; }
    uint32_t importedGlobals() const { return module.importedGlobals; }

    // C.refs of the spec: the functions named anywhere in the module outside function bodies and
    // the start function (element segments, exports, constant expressions).
    bool isDeclaredRef(uint32_t funcIndex) const {
        return funcIndex < declaredRefs_.size() && declaredRefs_[funcIndex];
    }

private:
    std::vector<bool> declaredRefs_;
};

// Throws the ModuleError of a validation rule broken at `offset`.
[[noreturn]] void failValidation(std::string_view section, std::optional<uint32_t> function, size_t offset,
                                 std::string message, Error::Kind kind = Error::Kind::Invalid);

}  // namespace faaslet::wasm
