#include "functions/data_directory.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <optional>
#include <vector>

#include "cache/cache_directory.h"
#include "cache/trusted_directory.h"
#include "fmt/format.h"

namespace faaslet::functions {

namespace fs = std::filesystem;

namespace {

const char* nonEmpty(const char* value) {
    return value && *value ? value : nullptr;
}


}  // namespace

Result<fs::path> resolveDataDirectory(const cache::EnvironmentLookup& getenv) {
    if (const char* explicitDir = nonEmpty(getenv("FAASLET_HOME"))) return fs::path(explicitDir);
    if (const char* xdg = nonEmpty(getenv("XDG_DATA_HOME")); xdg && fs::path(xdg).is_absolute())
        return fs::path(xdg) / "faaslet";
    if (auto home = cache::homeDirectory(getenv)) return *home / ".local" / "share" / "faaslet";
    return Error::make(Error::Kind::Io,
                       "no data directory for functions: set FAASLET_HOME (neither XDG_DATA_HOME nor HOME "
                       "is set, and the user has no home directory)");
}

Result<fs::path> resolveDataDirectory() {
    return resolveDataDirectory([](const char* name) -> const char* { return std::getenv(name); });
}

Status prepareDataDirectory(const fs::path& given) {
    // Without a trailing "/": mkdir below makes the last component, and makes it private.
    fs::path directory = given.lexically_normal();
    if (!directory.has_filename() && directory != directory.root_path()) directory = directory.parent_path();
    std::error_code ec;
    if (!fs::exists(directory, ec)) {
        if (directory.has_parent_path()) fs::create_directories(directory.parent_path(), ec);
        if (::mkdir(directory.c_str(), 0700) != 0 && errno != EEXIST)
            return Error::make(Error::Kind::Io, fmt::format("cannot create the data directory {}: {}",
                                                            directory.string(), std::strerror(errno)));
    }
    // Checked as the cache checks its directory: walked from / by descriptor, each directory on
    // the way and the data directory itself owned by this user or root and writable by nobody else.
    auto opened = cache::openTrustedDirectory(directory, cache::Missing::Fail);
    if (!opened) {
        if (opened.error().kind != cache::Error::Kind::Untrusted)
            return Error::make(Error::Kind::Io, "cannot open the data directory: " + opened.error().toString());
        return Error::make(Error::Kind::Untrusted,
                           fmt::format("refusing the data directory: {} (whoever can write it chooses the "
                                       "code that runs; FAASLET_HOME chooses another)",
                                       opened.error().toString()));
    }
    struct stat st;
    if (::fstat(opened->get(), &st) != 0 || cache::untrustedReason(st, directory.string(), cache::TrustRule::Private))
        return Error::make(Error::Kind::Untrusted,
                           fmt::format("refusing the data directory: others may write {} (FAASLET_HOME chooses "
                                       "another)",
                                       directory.string()));
    return {};
}

}  // namespace faaslet::functions
