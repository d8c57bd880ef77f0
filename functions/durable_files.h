#pragma once
// The POSIX steps of the registry's atomic publish, each with its error as a message: files
// written and synced, directories synced so a rename in them survives a crash, files read whole
// through a directory descriptor (so two reads see one version even while `current` is swapped),
// and the lock that serialises swaps between threads and processes.

#include <cstdint>
#include <filesystem>
#include <span>
#include <string>
#include <vector>

#include "common/unique_fd.h"
#include "functions/error.h"

namespace faaslet::functions {

// Creates `name` in `directory` (it must not exist), writes `bytes` and fsyncs it.
Status writeFileDurably(const std::filesystem::path& directory, const char* name, std::span<const uint8_t> bytes);
Status syncDirectory(const std::filesystem::path& directory);
// mkdir 0700 unless it exists as a directory.
Status makePrivateDirectory(const std::filesystem::path& directory);

// The whole file `name` under the open directory `directoryFd`, at most `maxBytes`. ENOENT is
// NotFound (the version was replaced meanwhile), anything else Io or Damaged.
Result<std::vector<uint8_t>> readFileAt(int directoryFd, const char* name, uint64_t maxBytes);

// An exclusive flock(2) on a lock file, held while the object lives. Separate opens conflict, so
// it excludes threads of one process as well as other processes.
class FileLock {
public:
    static Result<FileLock> acquire(const std::filesystem::path& file);

private:
    explicit FileLock(UniqueFd fd) : fd_(std::move(fd)) {}
    UniqueFd fd_;
};

}  // namespace faaslet::functions
