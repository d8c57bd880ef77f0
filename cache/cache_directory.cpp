#include "cache/cache_directory.h"

#include <pwd.h>
#include <unistd.h>

#include <cstdlib>
#include <vector>

namespace faaslet::cache {

namespace fs = std::filesystem;

namespace {

const char* nonEmpty(const char* value) {
    return value && *value ? value : nullptr;
}

std::optional<fs::path> homeFromPasswordDatabase() {
    long hint = ::sysconf(_SC_GETPW_R_SIZE_MAX);
    std::vector<char> buffer(hint > 0 ? size_t(hint) : 16384);
    struct passwd entry {};
    struct passwd* found = nullptr;
    if (::getpwuid_r(::geteuid(), &entry, buffer.data(), buffer.size(), &found) != 0 || !found)
        return std::nullopt;
    if (!nonEmpty(found->pw_dir)) return std::nullopt;
    return fs::path(found->pw_dir);
}

}  // namespace

std::optional<fs::path> homeDirectory(const EnvironmentLookup& getenv) {
    if (const char* home = nonEmpty(getenv("HOME"))) return fs::path(home);
    return homeFromPasswordDatabase();
}

Result<fs::path> resolveCacheDirectory(const EnvironmentLookup& getenv) {
    if (const char* explicitDir = nonEmpty(getenv("FAASLET_CACHE_DIR"))) return fs::path(explicitDir);
    if (const char* xdg = nonEmpty(getenv("XDG_CACHE_HOME")); xdg && fs::path(xdg).is_absolute())
        return fs::path(xdg) / "faaslet";
    if (auto home = homeDirectory(getenv)) return *home / ".cache" / "faaslet";
    return Error::make(
        Error::Kind::NotFound,
        "no cache directory: set FAASLET_CACHE_DIR (neither XDG_CACHE_HOME nor HOME is set, "
        "and the user has no home directory)");
}

Result<fs::path> resolveCacheDirectory() {
    return resolveCacheDirectory([](const char* name) -> const char* { return std::getenv(name); });
}

}  // namespace faaslet::cache
