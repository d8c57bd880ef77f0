#include "loader/module_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "common/unique_fd.h"
#include "fmt/format.h"
#include "text/text.h"

namespace faaslet::loader {

namespace {

std::string failure(const std::string& file, int error) {
    return fmt::format("{}: cannot read the file: {}", file, std::strerror(error));
}

Expected<std::vector<uint8_t>, std::string> readBounded(const std::string& file, uint64_t maxBytes) {
    UniqueFd fd(::open(file.c_str(), O_RDONLY | O_CLOEXEC));
    struct stat status;
    if (!fd.valid() || ::fstat(fd.get(), &status) != 0) return failure(file, errno);
    if (S_ISDIR(status.st_mode)) return failure(file, EISDIR);
    // A regular file is read in one call of its size; anything else (a pipe, a FIFO, a /proc file,
    // a device) says nothing true about its size, so it is read in growing steps until end of file.
    std::vector<uint8_t> bytes;
    size_t step = S_ISREG(status.st_mode) ? size_t(std::min<uint64_t>(uint64_t(status.st_size), maxBytes)) : 0;
    step = std::max<size_t>(step + 1, 64 * 1024);
    for (;;) {
        const size_t used = bytes.size();
        if (used > maxBytes)
            return fmt::format("{}: larger than the limit of a module ({} bytes)", file, maxBytes);
        bytes.resize(used + std::min<uint64_t>(step, maxBytes + 1 - used));
        const ssize_t got = ::read(fd.get(), bytes.data() + used, bytes.size() - used);
        if (got < 0) {
            if (errno == EINTR) {
                bytes.resize(used);
                continue;
            }
            return failure(file, errno);
        }
        bytes.resize(used + size_t(got));
        if (got == 0) return bytes;
        // A regular file read to its size ends here unless it grew meanwhile: one byte tells,
        // without growing the buffer.
        if (S_ISREG(status.st_mode) && bytes.size() == uint64_t(status.st_size)) {
            uint8_t probe;
            const ssize_t more = ::read(fd.get(), &probe, 1);
            if (more == 0) return bytes;
            if (more < 0) return failure(file, errno);
            bytes.push_back(probe);
        }
        step = std::min<size_t>(step * 2, 64 << 20);
    }
}

}  // namespace

Expected<std::vector<uint8_t>, std::string> readModuleFile(const std::string& file, uint64_t maxBytes) {
    auto bytes = readBounded(file, maxBytes);
    if (!bytes || !text::isTextModuleFile(file)) return bytes;
    return text::encodeTextModuleFile(file, *bytes);
}

}  // namespace faaslet::loader
