#pragma once
// The file an in-process global tier is kept in between runs: every value and appended list, in
// one file replaced atomically (written beside it, synced, renamed over it), so a crash leaves
// either the old contents or the new, never a mixture.

#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "common/expected.h"

namespace faaslet::state {

struct StoredEntry {
    bool hasValue = false;
    std::vector<uint8_t> value;
    std::vector<std::vector<uint8_t>> appended;
};
using StoredEntries = std::map<std::string, StoredEntry>;

// The entries in `file`; none when it does not exist. The error names the file and what is wrong
// with it (a truncated or foreign file is refused, never half-read).
Expected<StoredEntries, std::string> readTierFile(const std::filesystem::path& file);
StatusOf<std::string> writeTierFile(const std::filesystem::path& file, const StoredEntries& entries);

}  // namespace faaslet::state
