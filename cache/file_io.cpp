#include "cache/file_io.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>

namespace faaslet::cache {

int64_t readFull(int fd, std::span<uint8_t> out, uint64_t offset) {
    size_t done = 0;
    while (done < out.size()) {
        ssize_t n = ::pread(fd, out.data() + done, out.size() - done, off_t(offset + done));
        if (n < 0) {
            if (errno == EINTR) continue;
            return -int64_t(errno);
        }
        if (n == 0) break;
        done += size_t(n);
    }
    return int64_t(done);
}

int writeFull(int fd, std::span<const uint8_t> bytes) {
    size_t done = 0;
    while (done < bytes.size()) {
        ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
        if (n < 0) {
            if (errno == EINTR) continue;
            return errno;
        }
        done += size_t(n);
    }
    return 0;
}

int syncDirectory(const std::filesystem::path& directory) {
    UniqueFd fd(::open(directory.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (!fd.valid()) return errno;
    if (::fsync(fd.get()) != 0) return errno;
    return 0;
}

}  // namespace faaslet::cache
