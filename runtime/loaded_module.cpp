#include "runtime/loaded_module.h"

#include <dlfcn.h>
#include <elf.h>
#include <fcntl.h>
#include <link.h>
#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "cache/elf_policy.h"
#include "cache/file_io.h"

#include "runtime/address_ranges.h"
#include "runtime/type_registry.h"

namespace faaslet::runtime {

namespace {

// The size of the symbol at `address` as the object's symbol table records it, or 0 if unknown.
size_t symbolSize(const void* address) {
    Dl_info info;
    void* entry = nullptr;
    if (dladdr1(address, &info, &entry, RTLD_DL_SYMENT) == 0 || !entry) return 0;
    return static_cast<const ElfW(Sym)*>(entry)->st_size;
}

struct ExecutableRange {
    const char* name = nullptr;
    ElfW(Addr) base = 0;
    uintptr_t begin = UINTPTR_MAX;
    uintptr_t end = 0;
};

int findExecutableRange(dl_phdr_info* info, size_t, void* data) {
    auto* range = static_cast<ExecutableRange*>(data);
    if (info->dlpi_addr != range->base) return 0;
    if (range->name && info->dlpi_name && std::string_view(info->dlpi_name) != range->name) return 0;
    for (ElfW(Half) i = 0; i < info->dlpi_phnum; ++i) {
        const ElfW(Phdr)& ph = info->dlpi_phdr[i];
        if (ph.p_type != PT_LOAD || !(ph.p_flags & PF_X)) continue;
        range->begin = std::min<uintptr_t>(range->begin, info->dlpi_addr + ph.p_vaddr);
        range->end = std::max<uintptr_t>(range->end, info->dlpi_addr + ph.p_vaddr + ph.p_memsz);
    }
    return 1;
}

}  // namespace

Result<std::shared_ptr<const LoadedModule>> LoadedModule::load(const std::string& path,
                                                               std::shared_ptr<const wasm::Module> module,
                                                               std::string moduleName) {
    UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK));
    struct stat st {};
    if (!fd.valid() || ::fstat(fd.get(), &st) != 0)
        return Error::load("cannot load compiled module " + path + ": " + std::strerror(errno));
    if (!S_ISREG(st.st_mode)) return Error::load("cannot load compiled module " + path + ": not a regular file");
    auto image = cache::SealedImage::copyFrom(fd.get(), uint64_t(st.st_size), path);
    if (!image) return Error::load("cannot load compiled module " + path + ": " + image.error().message);
    return load(std::move(*image), path, std::move(module), std::move(moduleName));
}

Result<std::shared_ptr<const LoadedModule>> LoadedModule::load(cache::SealedImage object, std::string name,
                                                               std::shared_ptr<const wasm::Module> module,
                                                               std::string moduleName) {
    const std::string& path = name;
    if (!module) return Error::load(path + ": no module metadata given");
    if (auto refused = cache::elfPolicyViolation(object.bytes()))
        return Error::load("refused to load compiled module " + path + ": " + *refused);
    const std::string loadPath = object.loadPath();
    // A live object under the same name would be handed back instead of this one. The sealed
    // copy's descriptor keeps its name ours while it is loaded, so this is only a safeguard.
    if (void* stale = dlopen(loadPath.c_str(), RTLD_NOW | RTLD_LOCAL | RTLD_NOLOAD)) {
        dlclose(stale);
        return Error::load("cannot load compiled module " + path + ": another object is loaded as " + loadPath);
    }
    std::shared_ptr<LoadedModule> loaded(new LoadedModule());
    loaded->module_ = std::move(module);
    loaded->path_ = name;
    if (moduleName.empty()) {
        const size_t slash = name.rfind('/');
        moduleName = slash == std::string::npos ? name : name.substr(slash + 1);
    }
    loaded->moduleName_ = std::move(moduleName);
    loaded->image_ = std::move(object);
    if (Status status = loaded->open(loadPath); !status) return status.error();
    if (Status status = loaded->bindTables(); !status) return status.error();
    if (Status status = loaded->mapCode(); !status) return status.error();
    loaded->typeIds_.reserve(loaded->module_->types.size());
    for (const auto& type : loaded->module_->types) loaded->typeIds_.push_back(TypeRegistry::process().intern(type));
    for (uint32_t i = 0; i < loaded->module_->exports.size(); ++i)
        loaded->exports_.emplace(loaded->module_->exports[i].name, i);
    if (!compiledCodeRanges().add(loaded->codeBegin_, loaded->codeEnd_, loaded.get()))
        return Error::resource("too many compiled modules loaded in this process");
    loaded->registered_ = true;
    return std::shared_ptr<const LoadedModule>(std::move(loaded));
}

Status LoadedModule::open(const std::string& loadPath) {
    dlerror();
    handle_ = dlopen(loadPath.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (!handle_) {
        const char* why = dlerror();
        return Error::load("cannot load compiled module " + path_ + ": " + (why ? why : "unknown dlopen error"));
    }
    return {};
}

Status LoadedModule::bindTables() {
    const wasm::Module& m = *module_;
    const std::string& path = path_;
    auto lookup = [&](const char* symbol) -> void* {
        dlerror();
        void* address = dlsym(handle_, symbol);
        return dlerror() ? nullptr : address;
    };
    auto* version = static_cast<const uint32_t*>(lookup(abi::kAbiVersionSymbol));
    auto* functions = static_cast<const void* const*>(lookup(abi::kFunctionTableSymbol));
    auto* thunks = static_cast<const abi::Thunk*>(lookup(abi::kThunkTableSymbol));
    for (auto [address, symbol] : {std::pair<const void*, const char*>{version, abi::kAbiVersionSymbol},
                                   {functions, abi::kFunctionTableSymbol},
                                   {thunks, abi::kThunkTableSymbol}}) {
        if (!address) {
            return Error::load(path + " is not a faaslet compiled module: symbol " + symbol + " is missing");
        }
    }
    if (*version != abi::kAbiVersion) {
        return Error::load(path + " was compiled for runtime ABI version " + std::to_string(*version) +
                           ", this runtime implements version " + std::to_string(abi::kAbiVersion) +
                           "; recompile it");
    }
    // The tables' sizes are in the symbol table: check them against the metadata, so a module paired
    // with the wrong object is rejected instead of reading past a table. (An empty table shares its
    // address with the next symbol, so there is nothing to check.)
    if (size_t bytes = m.functions.empty() ? 0 : symbolSize(functions);
        bytes && bytes != m.functions.size() * sizeof(void*)) {
        return Error::load(path + ": the function table has " + std::to_string(bytes / sizeof(void*)) +
                           " entries, the module defines " + std::to_string(m.functions.size()) +
                           " functions");
    }
    if (size_t bytes = m.types.empty() ? 0 : symbolSize(thunks); bytes && bytes != m.types.size() * sizeof(abi::Thunk)) {
        return Error::load(path + ": the thunk table has " + std::to_string(bytes / sizeof(abi::Thunk)) +
                           " entries, the module has " + std::to_string(m.types.size()) + " types");
    }
    functionTable_ = functions;
    thunkTable_ = thunks;
    return {};
}

Status LoadedModule::mapCode() {
    const wasm::Module& m = *module_;
    const std::string& path = path_;
    link_map* map = nullptr;
    if (dlinfo(handle_, RTLD_DI_LINKMAP, &map) != 0 || !map) {
        return Error::load(path + ": cannot find where the object is mapped");
    }
    ExecutableRange range;
    range.base = map->l_addr;
    range.name = map->l_name;
    dl_iterate_phdr(findExecutableRange, &range);
    // A module without functions or types compiles to an object without code; nothing of it can
    // then fault, so an empty range is right.
    if (range.begin >= range.end && (!m.functions.empty() || !m.types.empty()))
        return Error::load(path + ": the object has no executable segment");
    codeBegin_ = range.begin;
    codeEnd_ = range.end;

    for (uint32_t i = 0; i < m.functions.size(); ++i) {
        auto address = uintptr_t(functionTable_[i]);
        if (address < range.begin || address >= range.end) {
            return Error::load(path + ": function " + std::to_string(m.importedFunctions + i) +
                               " does not point into the object's code");
        }
        starts_.push_back({address, true, m.importedFunctions + i});
    }
    for (uint32_t t = 0; t < m.types.size(); ++t) {
        auto address = uintptr_t(thunkTable_[t]);
        if (address >= range.begin && address < range.end) starts_.push_back({address, false, t});
    }
    std::sort(starts_.begin(), starts_.end(), [](const CodeStart& a, const CodeStart& b) { return a.address < b.address; });
    return {};
}

LoadedModule::~LoadedModule() {
    if (registered_) compiledCodeRanges().remove(codeBegin_, this);
    if (handle_) dlclose(handle_);
}

std::optional<LoadedModule::Location> LoadedModule::functionAt(uintptr_t pc) const {
    if (pc < codeBegin_ || pc >= codeEnd_) return std::nullopt;
    auto after = std::upper_bound(starts_.begin(), starts_.end(), pc,
                                  [](uintptr_t value, const CodeStart& s) { return value < s.address; });
    if (after == starts_.begin()) return std::nullopt;
    const CodeStart& start = *(after - 1);
    if (!start.isFunction) return std::nullopt;
    return Location{start.index, start.address};
}

std::string_view LoadedModule::functionName(uint32_t funcIndex) const {
    auto it = module_->names.functions.find(funcIndex);
    return it == module_->names.functions.end() ? std::string_view() : std::string_view(it->second);
}

std::optional<uint32_t> LoadedModule::exportIndex(std::string_view name) const {
    auto it = exports_.find(name);
    if (it == exports_.end()) return std::nullopt;
    return it->second;
}

}  // namespace faaslet::runtime
