#include "cache/sealed_image.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <utility>

namespace faaslet::cache {

namespace {

// Linux 6.3's flag for a memfd that may be mapped executable; where vm.memfd_noexec makes memfds
// non-executable by default, dlopen could not map the code without it. Older kernels refuse the
// unknown flag, and there every memfd may be executed.
#ifndef MFD_EXEC
#define MFD_EXEC 0x0010U
#endif

constexpr unsigned kSeals = F_SEAL_SEAL | F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE;

Result<UniqueFd> createMemfd() {
    int fd = ::memfd_create("faaslet-object", MFD_CLOEXEC | MFD_ALLOW_SEALING | MFD_EXEC);
    if (fd < 0 && errno == EINVAL) fd = ::memfd_create("faaslet-object", MFD_CLOEXEC | MFD_ALLOW_SEALING);
    if (fd < 0) return Error::fromErrno(errno, "cannot create a memory file for the object");
    return UniqueFd(fd);
}

}  // namespace

SealedImage::~SealedImage() {
    if (data_) ::munmap(const_cast<uint8_t*>(data_), size_);
}

SealedImage::SealedImage(SealedImage&& other) noexcept
    : fd_(std::move(other.fd_)), data_(std::exchange(other.data_, nullptr)), size_(std::exchange(other.size_, 0)) {}

SealedImage& SealedImage::operator=(SealedImage&& other) noexcept {
    if (this != &other) {
        if (data_) ::munmap(const_cast<uint8_t*>(data_), size_);
        fd_ = std::move(other.fd_);
        data_ = std::exchange(other.data_, nullptr);
        size_ = std::exchange(other.size_, 0);
    }
    return *this;
}

// Makes a memfd of `size` bytes, lets `fill` write them through a shared mapping, then seals it and
// maps it read-only.
template <class Fill>
Result<SealedImage> SealedImage::make(uint64_t size, std::string_view what, const Fill& fill) {
    auto fd = createMemfd();
    if (!fd) return fd.error();
    const std::string subject(what);
    if (::ftruncate(fd->get(), off_t(size)) != 0)
        return Error::fromErrno(errno, "cannot size a memory file for " + subject);
    if (size > 0) {
        void* writable = ::mmap(nullptr, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd->get(), 0);
        if (writable == MAP_FAILED) return Error::fromErrno(errno, "cannot map a memory file for " + subject);
        Status filled = fill(static_cast<uint8_t*>(writable));
        ::munmap(writable, size);
        if (!filled) return filled.error();
    }
    // F_SEAL_WRITE needs every writable mapping gone, which the munmap above saw to.
    if (::fcntl(fd->get(), F_ADD_SEALS, kSeals) != 0)
        return Error::fromErrno(errno, "cannot seal the memory file for " + subject);
    SealedImage image;
    image.fd_ = std::move(*fd);
    image.size_ = size;
    if (size > 0) {
        void* readable = ::mmap(nullptr, size, PROT_READ, MAP_SHARED, image.fd_.get(), 0);
        if (readable == MAP_FAILED) return Error::fromErrno(errno, "cannot map the sealed copy of " + subject);
        image.data_ = static_cast<const uint8_t*>(readable);
    }
    return image;
}

Result<SealedImage> SealedImage::copyFrom(int fd, uint64_t size, std::string_view what) {
    return make(size, what, [&](uint8_t* out) -> Status {
        const int64_t n = readFull(fd, std::span(out, size), 0);
        if (n < 0) return Error::fromErrno(int(-n), "cannot read " + std::string(what));
        if (uint64_t(n) != size)
            return Error::make(Error::Kind::Damaged, std::string(what) + " shrank while being read");
        uint8_t extra = 0;
        if (readFull(fd, std::span(&extra, 1), size) != 0)
            return Error::make(Error::Kind::Damaged, std::string(what) + " grew while being read");
        return {};
    });
}

Result<SealedImage> SealedImage::copyOf(std::span<const uint8_t> bytes) {
    return make(bytes.size(), "an object in memory", [&](uint8_t* out) -> Status {
        std::memcpy(out, bytes.data(), bytes.size());
        return {};
    });
}

std::string SealedImage::loadPath() const {
    return "/proc/self/fd/" + std::to_string(fd_.get());
}

}  // namespace faaslet::cache
