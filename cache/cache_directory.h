#pragma once
// Where the cache lives when the user does not say: $FAASLET_CACHE_DIR, else
// $XDG_CACHE_HOME/faaslet (when absolute, as the XDG spec requires), else ~/.cache/faaslet with
// ~ from $HOME or, without it, the password database. Never a shared directory such as /tmp:
// whoever can write the cache can choose the code that runs.

#include <filesystem>
#include <functional>
#include <optional>

#include "cache/error.h"

namespace faaslet::cache {

// How the resolution reads the environment; tests pass their own.
using EnvironmentLookup = std::function<const char*(const char* name)>;

Result<std::filesystem::path> resolveCacheDirectory(const EnvironmentLookup& getenv);
// With the process's environment.
Result<std::filesystem::path> resolveCacheDirectory();

// The user's home: $HOME, else the password database's entry for the effective user.
std::optional<std::filesystem::path> homeDirectory(const EnvironmentLookup& getenv);

}  // namespace faaslet::cache
