#pragma once
// The registered functions of one data directory (data_directory.h), on disk as
//   DATA/functions/USER/FUNCTION/current -> versions/VERSION   (a symlink, swapped by rename)
//   DATA/functions/USER/FUNCTION/versions/VERSION/{module.wasm, function.json}
// An add writes a new version directory in DATA/staging, syncs it, renames it into
// place and swaps `current` to it: a reader sees the old version or the new one whole, never a
// mix, and a crash leaves the old one. Lookups hand out immutable versions (function_record.h) by
// shared_ptr, so calls in flight keep their code while new lookups get the new one. Adds and
// removes of the same registry, from threads or processes, serialise their swap on a lock file
// (DATA/functions.lock).

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "functions/error.h"
#include "functions/function_name.h"
#include "functions/function_record.h"
#include "functions/settings.h"
#include "loader/loader.h"

namespace faaslet::functions {

struct AddResult {
    FunctionRecord record;
    bool replaced = false;      // the name had a version before
    loader::LoadedWasm loaded;  // the compiled module (cache hit or not, compile time)
};

class Registry {
public:
    // Prepares the data directory (data_directory.h: created private, refused when others can
    // write it). `load` says where modules are compiled to on add (the object cache).
    static Result<Registry> open(const std::filesystem::path& dataDirectory, loader::LoadOptions load);
    // The registry of the data directory the environment names (data_directory.h), compiling into
    // the cache the environment names (warnings about it go to `listener`).
    static Result<Registry> openFromEnvironment(loader::Listener& listener);

    Registry(Registry&&) noexcept;
    Registry& operator=(Registry&&) noexcept;
    ~Registry();

    // Decodes, validates and compiles `wasm` into the cache, then publishes it with `settings`
    // as the current version of `name`. Refused (InvalidModule) when the module does not compile,
    // its initial memory exceeds settings.maxMemoryBytes, or settings.initExport is not one of its
    // exported functions; InvalidSettings when validate() refuses the settings.
    Result<AddResult> add(const FunctionName& name, std::vector<uint8_t> wasm, const Settings& settings,
                          loader::Listener& listener) const;
    // Every function, sorted by name.
    Result<std::vector<FunctionRecord>> list() const;
    // NotFound when there is no such function.
    Result<FunctionRecord> info(const FunctionName& name) const;
    // NotFound when there is no such function. Calls holding a version keep it.
    Status remove(const FunctionName& name) const;
    // The current version with its module bytes (checked against its SHA-256); the same object
    // for as long as the version stays current. NotFound when there is no such function.
    Result<std::shared_ptr<const FunctionVersion>> lookup(const FunctionName& name) const;

    const std::filesystem::path& directory() const;

private:
    struct State;
    explicit Registry(std::unique_ptr<State> state);
    std::unique_ptr<State> state_;
};

}  // namespace faaslet::functions
