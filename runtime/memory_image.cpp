#include "runtime/memory_image.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <string>

namespace faaslet::runtime {

namespace {

constexpr size_t kHostPage = 4096;

bool allZero(const uint8_t* page, size_t length) {
    // Word at a time: images are captured once per function, but may be hundreds of megabytes.
    const uint64_t* words = reinterpret_cast<const uint64_t*>(page);
    for (size_t i = 0; i < length / sizeof(uint64_t); ++i)
        if (words[i] != 0) return false;
    return true;
}

}  // namespace

Result<std::shared_ptr<const MemoryImage>> MemoryImage::capture(std::span<const uint8_t> bytes) {
    UniqueFd fd(memfd_create("faaslet-memory-image", MFD_CLOEXEC | MFD_ALLOW_SEALING));
    if (!fd.valid()) return Error::resource(std::string("cannot create a memory image: ") + std::strerror(errno));
    if (ftruncate(fd.get(), off_t(bytes.size())) != 0)
        return Error::resource(std::string("cannot size a memory image: ") + std::strerror(errno));
    uint64_t resident = 0;
    // Runs of non-zero pages are written with one call each; zero pages stay holes.
    for (size_t offset = 0; offset < bytes.size();) {
        if (allZero(bytes.data() + offset, std::min(kHostPage, bytes.size() - offset))) {
            offset += kHostPage;
            continue;
        }
        size_t end = offset + kHostPage;
        while (end < bytes.size() && !allZero(bytes.data() + end, std::min(kHostPage, bytes.size() - end)))
            end += kHostPage;
        end = std::min(end, bytes.size());
        for (size_t done = offset; done < end;) {
            const ssize_t wrote = pwrite(fd.get(), bytes.data() + done, end - done, off_t(done));
            if (wrote < 0 && errno == EINTR) continue;
            if (wrote <= 0) return Error::resource(std::string("cannot write a memory image: ") + std::strerror(errno));
            done += size_t(wrote);
        }
        resident += (end - offset + kHostPage - 1) / kHostPage;
        offset = end;
    }
    // Nobody may change the image once memories map it: they all read the same pages.
    if (fcntl(fd.get(), F_ADD_SEALS, F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE | F_SEAL_SEAL) != 0)
        return Error::resource(std::string("cannot seal a memory image: ") + std::strerror(errno));
    return std::shared_ptr<const MemoryImage>(new MemoryImage(std::move(fd), bytes.size(), resident));
}

}  // namespace faaslet::runtime
