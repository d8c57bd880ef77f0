#include "cache/sealing_key.h"

#include <fcntl.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>

#include "cache/file_io.h"
#include "cache/trusted_directory.h"
#include "fmt/format.h"

namespace faaslet::cache {

namespace fs = std::filesystem;

namespace {

// A key that others remove as fast as it is made is not worth waiting for.
constexpr int kCreateAttempts = 4;

Result<std::array<uint8_t, kSealingKeySize>> randomKey() {
    std::array<uint8_t, kSealingKeySize> bytes{};
    size_t done = 0;
    while (done < bytes.size()) {
        const ssize_t n = ::getrandom(bytes.data() + done, bytes.size() - done, 0);
        if (n < 0) {
            if (errno == EINTR) continue;
            return Error::fromErrno(errno, "cannot draw a random sealing key");
        }
        done += size_t(n);
    }
    return bytes;
}

// Writes a new key under a temporary name and links it to the key's name: a reader never sees a
// partial key, and when two first runs race, the first link wins and both use that key.
Status createKey(int directory, const fs::path& file) {
    auto bytes = randomKey();
    if (!bytes) return bytes.error();
    auto suffix = randomKey();
    if (!suffix) return suffix.error();
    const std::string temporary = fmt::format(".{}-{}", kSealingKeyFileName, toHex(std::span(suffix->data(), 8)));
    UniqueFd fd(::openat(directory, temporary.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600));
    if (!fd.valid()) return Error::fromErrno(errno, "cannot create the sealing key " + file.string());
    int err = writeFull(fd.get(), *bytes);
    if (!err && ::fsync(fd.get()) != 0) err = errno;
    if (!err) err = fd.close();
    if (!err && ::linkat(directory, temporary.c_str(), directory, kSealingKeyFileName, 0) != 0 && errno != EEXIST)
        err = errno;
    ::unlinkat(directory, temporary.c_str(), 0);
    if (err) return Error::fromErrno(err, "cannot create the sealing key " + file.string());
    return {};
}

Error untrustedKey(const fs::path& file, const std::string& why) {
    return Error::make(Error::Kind::Untrusted,
                            fmt::format("the cache's sealing key {} {}: whoever can read or replace it can "
                                        "forge cache entries (remove it and a new one is made; cached modules "
                                        "are then compiled again)",
                                        file.string(), why));
}

}  // namespace

SealingKey::SealingKey(const std::array<uint8_t, kSealingKeySize>& bytes) : bytes_(bytes) {
    const Digest digest = Sha256().update(std::string_view("faaslet cache sealing key id")).update(bytes_).finish();
    std::copy_n(digest.begin(), id_.size(), id_.begin());
}

Result<fs::path> resolveSealingKeyFile(const EnvironmentLookup& getenv) {
    const char* xdg = getenv("XDG_DATA_HOME");
    if (xdg && *xdg && fs::path(xdg).is_absolute()) return fs::path(xdg) / "faaslet" / kSealingKeyFileName;
    if (auto home = homeDirectory(getenv)) return *home / ".local" / "share" / "faaslet" / kSealingKeyFileName;
    return Error::make(Error::Kind::NotFound,
                            "no place for the cache's sealing key: neither XDG_DATA_HOME nor HOME is set, and "
                            "the user has no home directory");
}

Result<fs::path> resolveSealingKeyFile() {
    return resolveSealingKeyFile([](const char* name) -> const char* { return std::getenv(name); });
}

Result<SealingKey> loadOrCreateSealingKey(const fs::path& file) {
    auto directory = openTrustedDirectory(file.parent_path(), Missing::Create);
    if (!directory) return directory.error();
    for (int attempt = 0; attempt < kCreateAttempts; ++attempt) {
        UniqueFd fd(::openat(directory->get(), kSealingKeyFileName, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC));
        if (!fd.valid()) {
            if (errno == ELOOP) return untrustedKey(file, "is a symbolic link");
            if (errno != ENOENT) return Error::fromErrno(errno, "cannot open the sealing key " + file.string());
            if (auto created = createKey(directory->get(), file); !created) return created.error();
            continue;
        }
        struct stat st {};
        if (::fstat(fd.get(), &st) != 0) return Error::fromErrno(errno, "cannot examine " + file.string());
        if (!S_ISREG(st.st_mode)) return untrustedKey(file, "is not a regular file");
        if (st.st_uid != ::geteuid())
            return untrustedKey(file, fmt::format("belongs to another user (uid {})", st.st_uid));
        if (st.st_mode & (S_IRWXG | S_IRWXO))
            return untrustedKey(file, fmt::format("is open to other users (mode {:04o}; it must be 0600)",
                                                  st.st_mode & 07777));
        std::array<uint8_t, kSealingKeySize + 1> bytes{};
        const int64_t n = readFull(fd.get(), bytes, 0);
        if (n < 0) return Error::fromErrno(int(-n), "cannot read the sealing key " + file.string());
        if (size_t(n) != kSealingKeySize)
            return Error::make(Error::Kind::Damaged,
                                    fmt::format("the cache's sealing key {} is {} bytes, not {} (remove it and "
                                                "a new one is made; cached modules are then compiled again)",
                                                file.string(), n, kSealingKeySize));
        std::array<uint8_t, kSealingKeySize> key{};
        std::copy_n(bytes.begin(), key.size(), key.begin());
        return SealingKey(key);
    }
    return Error::make(Error::Kind::Io, "cannot create the sealing key " + file.string() +
                                                      ": it keeps disappearing");
}

}  // namespace faaslet::cache
