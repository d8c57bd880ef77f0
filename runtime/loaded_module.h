#pragma once
// A compiled module mapped into the process: the shared object the compiler produced (abi.h's
// symbols), with the module's metadata (types, imports, exports, segments, names) alongside. No
// relinking happens per instance — compiled code reaches everything per-instance through its
// InstanceContext — so one LoadedModule serves any number of instances, in any number of stores.
//
// Loading registers the object's executable range with compiledCodeRanges(), so the signal
// handler recognises faults in its code, and keeps the start of every function and thunk sorted
// for backtraces.
//
// Nothing is ever dlopen'ed by a path that could change between its check and its load: the
// object is a sealed copy (cache/sealed_image.h), inspected first against the shape the compiler
// emits (cache/elf_policy.h) — no constructors, dependencies, IFUNCs or foreign relocations, so
// that nothing of the object runs before faaslet calls it, in the sandbox — and then dlopen'ed
// through /proc/self/fd of that copy. Each load is a mapping of its own.

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "abi/abi.h"
#include "cache/sealed_image.h"
#include "wasm/module/module.h"
#include "runtime/error.h"

namespace faaslet::runtime {

class LoadedModule {
public:
    // The ELF policy, dlopen(RTLD_NOW | RTLD_LOCAL) of the sealed copy, three symbol lookups,
    // checks. `name` says where the object came from, in load errors. Errors (Kind::Load) name it
    // and what is wrong: refused by the policy, unloadable, not a faaslet object (a symbol is
    // missing), another ABI version, tables that disagree with the module. `moduleName` is what
    // the user knows the module as (its wasm file, the function it was stored as), for
    // backtraces; empty, they fall back to the object's file name.
    static Result<std::shared_ptr<const LoadedModule>> load(cache::SealedImage object, std::string name,
                                                            std::shared_ptr<const wasm::Module> module,
                                                            std::string moduleName = {});
    // The object in the file `path`, read once into a sealed copy and loaded as above.
    static Result<std::shared_ptr<const LoadedModule>> load(const std::string& path,
                                                            std::shared_ptr<const wasm::Module> module,
                                                            std::string moduleName = {});
    ~LoadedModule();
    LoadedModule(const LoadedModule&) = delete;
    LoadedModule& operator=(const LoadedModule&) = delete;

    const wasm::Module& module() const { return *module_; }
    const std::shared_ptr<const wasm::Module>& modulePointer() const { return module_; }
    const std::string& path() const { return path_; }
    // What backtraces call the module: the name it was loaded as, or the object's file name.
    const std::string& moduleName() const { return moduleName_; }

    // Code of a defined function; funcIndex is in the function index space (imports first) and
    // must be >= module().importedFunctions.
    const void* functionCode(uint32_t funcIndex) const {
        return functionTable_[funcIndex - module_->importedFunctions];
    }
    // Entry thunk of a type index; may be null if the compiler emitted none for that type.
    abi::Thunk thunk(uint32_t typeIndex) const { return thunkTable_[typeIndex]; }
    // Canonical id (TypeRegistry::process()) of each type index: what ctx->typeIds points to.
    std::span<const uint32_t> typeIds() const { return typeIds_; }

    // The executable part of the object: [begin, end).
    uintptr_t codeBegin() const { return codeBegin_; }
    uintptr_t codeEnd() const { return codeEnd_; }

    // The defined function whose code contains pc (thunks are not functions).
    struct Location {
        uint32_t function = 0;  // function index space
        uintptr_t start = 0;    // its first instruction
    };
    // Async-signal-safe (a search of an immutable table): the backtrace walk counts with it.
    std::optional<Location> functionAt(uintptr_t pc) const;
    // The function's name from the name section, or empty.
    std::string_view functionName(uint32_t funcIndex) const;

    // Index into module().exports of the export called `name`.
    std::optional<uint32_t> exportIndex(std::string_view name) const;

private:
    LoadedModule() = default;
    // The phases of load(), after the ELF policy: dlopen of the sealed copy; the ABI version and
    // the function and thunk tables, checked against the metadata; the code's address range and
    // where each function starts in it.
    Status open(const std::string& loadPath);
    Status bindTables();
    Status mapCode();

    struct CodeStart {
        uintptr_t address;
        bool isFunction;
        uint32_t index;  // function index space, or type index for thunks
    };

    std::shared_ptr<const wasm::Module> module_;
    std::string path_;
    std::string moduleName_;
    // Kept while loaded: its descriptor number is the name dlopen knows the object by, and must
    // not name another object until this one is closed.
    cache::SealedImage image_;
    void* handle_ = nullptr;
    const void* const* functionTable_ = nullptr;
    const abi::Thunk* thunkTable_ = nullptr;
    std::vector<uint32_t> typeIds_;
    uintptr_t codeBegin_ = 0;
    uintptr_t codeEnd_ = 0;
    bool registered_ = false;
    std::vector<CodeStart> starts_;                           // sorted by address
    std::unordered_map<std::string_view, uint32_t> exports_;  // views into module_->exports
};

}  // namespace faaslet::runtime
