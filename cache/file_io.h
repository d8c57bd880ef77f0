#pragma once
// The POSIX calls the cache needs, with EINTR and short transfers handled once: an owning file
// descriptor (common/unique_fd.h), full reads and writes, and syncing a directory so a rename in it is durable.

#include <cstdint>
#include <filesystem>
#include <span>
#include <utility>

#include "common/unique_fd.h"

namespace faaslet::cache {


// Reads until `out` is full or the file ends; returns the bytes read, or -errno.
int64_t readFull(int fd, std::span<uint8_t> out, uint64_t offset);
// Writes all of `bytes` at the current position; returns 0 or an errno.
int writeFull(int fd, std::span<const uint8_t> bytes);
// fsync(2) on the directory itself; returns 0 or an errno.
int syncDirectory(const std::filesystem::path& directory);

}  // namespace faaslet::cache
