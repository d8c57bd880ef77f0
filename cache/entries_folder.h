#pragma once
// The way into a cache: the cache directory by a checked walk from "/" (trusted_directory.h), then
// its private entries folder, both as descriptors that every operation works from.

#include "cache/error.h"
#include "cache/file_io.h"
#include "cache/layout.h"
#include "cache/trusted_directory.h"

namespace faaslet::cache {

// The entries folder of `layout`, made (with the cache directory) if `missing` says so. NotFound,
// Untrusted with the reason, or an I/O error. Nothing is made in a directory that fails its check.
Result<UniqueFd> openEntriesFolder(const Layout& layout, Missing missing);

}  // namespace faaslet::cache
