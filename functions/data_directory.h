#pragma once
// Where registered functions live: $FAASLET_HOME, else $XDG_DATA_HOME/faaslet (when absolute, as
// the XDG spec requires), else ~/.local/share/faaslet. Whoever can write it chooses the code that
// runs, so, as with the cache (cache/trusted_directory.h), it is created private (0700) and refused
// when another user could write it.

#include <filesystem>

#include "cache/cache_directory.h"
#include "functions/error.h"

namespace faaslet::functions {

// Io when neither variable nor a home directory is set.
Result<std::filesystem::path> resolveDataDirectory(const cache::EnvironmentLookup& getenv);
Result<std::filesystem::path> resolveDataDirectory();

// Creates `directory` (parents as need be, the last one 0700) if it does not exist, then checks
// that it is a directory of this user (or root) that no one else can write: Untrusted if not, Io
// if it cannot be created.
Status prepareDataDirectory(const std::filesystem::path& directory);

}  // namespace faaslet::functions
