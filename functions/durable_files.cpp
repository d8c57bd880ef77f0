#include "functions/durable_files.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "fmt/format.h"

namespace faaslet::functions {

namespace fs = std::filesystem;

namespace {

Error ioError(const std::string& what, int err) {
    return Error::make(Error::Kind::Io, fmt::format("{}: {}", what, std::strerror(err)));
}

}  // namespace

Status writeFileDurably(const fs::path& directory, const char* name, std::span<const uint8_t> bytes) {
    const fs::path path = directory / name;
    UniqueFd fd(::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600));
    if (!fd) return ioError("cannot create " + path.string(), errno);
    for (size_t done = 0; done < bytes.size();) {
        const ssize_t n = ::write(fd.get(), bytes.data() + done, bytes.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) return ioError("cannot write " + path.string(), errno);
        done += size_t(n);
    }
    if (::fsync(fd.get()) != 0) return ioError("cannot sync " + path.string(), errno);
    // close() reports late write errors (NFS): a file that did not reach the disk is not published.
    if (::close(fd.release()) != 0) return ioError("cannot write " + path.string(), errno);
    return {};
}

Status syncDirectory(const fs::path& directory) {
    UniqueFd fd(::open(directory.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (!fd) return ioError("cannot open " + directory.string(), errno);
    if (::fsync(fd.get()) != 0) return ioError("cannot sync " + directory.string(), errno);
    return {};
}

Status makePrivateDirectory(const fs::path& directory) {
    if (::mkdir(directory.c_str(), 0700) == 0) return {};
    const int err = errno;
    struct stat st {};
    if (err == EEXIST && ::stat(directory.c_str(), &st) == 0 && S_ISDIR(st.st_mode)) return {};
    return ioError("cannot create " + directory.string(), err);
}

Result<std::vector<uint8_t>> readFileAt(int directoryFd, const char* name, uint64_t maxBytes) {
    UniqueFd fd(::openat(directoryFd, name, O_RDONLY | O_CLOEXEC | O_NOFOLLOW));
    if (!fd) {
        if (errno == ENOENT) return Error::make(Error::Kind::NotFound, fmt::format("{} is missing", name));
        return ioError(fmt::format("cannot open {}", name), errno);
    }
    struct stat st {};
    if (::fstat(fd.get(), &st) != 0) return ioError(fmt::format("cannot stat {}", name), errno);
    if (!S_ISREG(st.st_mode) || uint64_t(st.st_size) > maxBytes)
        return Error::make(Error::Kind::Damaged,
                           fmt::format("{} is not a regular file of at most {} bytes", name, maxBytes));
    std::vector<uint8_t> bytes(size_t(st.st_size));
    for (size_t done = 0; done < bytes.size();) {
        const ssize_t n = ::pread(fd.get(), bytes.data() + done, bytes.size() - done, off_t(done));
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) return ioError(fmt::format("cannot read {}", name), errno);
        if (n == 0) return Error::make(Error::Kind::Damaged, fmt::format("{} shrank while being read", name));
        done += size_t(n);
    }
    return bytes;
}

Result<FileLock> FileLock::acquire(const fs::path& file) {
    UniqueFd fd(::open(file.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600));
    if (!fd) return ioError("cannot open the lock " + file.string(), errno);
    while (::flock(fd.get(), LOCK_EX) != 0)
        if (errno != EINTR) return ioError("cannot lock " + file.string(), errno);
    return FileLock(std::move(fd));
}

}  // namespace faaslet::functions
