#include "cache/layout.h"

#include "cache/entry_format.h"

namespace faaslet::cache {

namespace fs = std::filesystem;

Layout::Layout(fs::path root)
    : root_(std::move(root)), entries_(root_ / entriesName()) {}

fs::path Layout::headerPath(const CacheKey& key) const {
    return entryDirectory(key) / kHeaderFileName;
}

fs::path Layout::objectPath(const CacheKey& key) const {
    return entryDirectory(key) / kObjectFileName;
}

std::string Layout::entriesName() const {
    return "v" + std::to_string(kFormatVersion);
}

NameClass classifyName(std::string_view name) {
    if (name.starts_with(kTemporaryPrefix)) return {NameClass::Kind::Temporary, std::nullopt};
    if (name.starts_with(kTrashPrefix)) return {NameClass::Kind::Trash, std::nullopt};
    if (name.starts_with(kBuildClaimPrefix)) return {NameClass::Kind::BuildClaim, std::nullopt};
    auto key = CacheKey::fromHex(name);
    if (key && key->hex() == name) return {NameClass::Kind::Entry, key};
    return {NameClass::Kind::Foreign, std::nullopt};
}

}  // namespace faaslet::cache
