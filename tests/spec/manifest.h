#pragma once
// The suite's MANIFEST.tsv: which files wast2json is known not to convert, and the command counts
// per kind of every file (for the unconvertible ones, counted from the .wast source), so those
// commands can be reported as skipped instead of silently dropped.

#include <cstdint>
#include <filesystem>
#include <map>
#include <string>

namespace faaslet::spectest {

struct ManifestEntry {
    bool conversionFails = false;                // the wast2json column says FAIL
    std::map<std::string, uint64_t> kindCounts;  // command kind -> count
};

struct Manifest {
    std::map<std::string, ManifestEntry> files;  // by path relative to the suite: "core/if.wast"
    std::string problem;                         // why it could not be read, empty when fine

    const ManifestEntry* find(const std::string& path) const {
        auto it = files.find(path);
        return it == files.end() ? nullptr : &it->second;
    }
};

// A missing or unreadable manifest gives an empty Manifest with `problem` set.
Manifest readManifest(const std::filesystem::path& file);

}  // namespace faaslet::spectest
