#include "runtime/linear_memory.h"

#include <sys/mman.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <string>

#include "runtime/address_ranges.h"

namespace faaslet::runtime {

Result<std::unique_ptr<LinearMemory>> LinearMemory::create(const wasm::MemoryType& type) {
    const uint32_t max = type.limits.max.value_or(wasm::kMaxPages);
    if (type.limits.min > wasm::kMaxPages || max > wasm::kMaxPages || type.limits.min > max) {
        return Error::resource("memory limits out of range: min " + std::to_string(type.limits.min) +
                               " pages, max " + std::to_string(max) + " pages");
    }
    void* reservation =
        mmap(nullptr, kReservationSize, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (reservation == MAP_FAILED) {
        return Error::resource(std::string("cannot reserve 8 GiB of address space for a linear memory: ") +
                               std::strerror(errno));
    }
    std::unique_ptr<LinearMemory> memory(new LinearMemory());
    memory->reservation_ = static_cast<uint8_t*>(reservation);
    memory->memory_.base = memory->reservation_;
    memory->memory_.size = 0;
    memory->memory_.maxPages = max;
    memory->declaredMax_ = type.limits.max;
    if (!memoryReservations().add(uintptr_t(reservation), uintptr_t(reservation) + kReservationSize,
                                  memory.get())) {
        return Error::resource("too many linear memories in this process");
    }
    if (type.limits.min > 0 && memory->grow(type.limits.min) == uint32_t(-1)) {
        return Error::resource("cannot commit the initial " + std::to_string(type.limits.min) +
                               " pages of a linear memory");
    }
    return memory;
}

LinearMemory::~LinearMemory() {
    if (!reservation_) return;
    memoryReservations().remove(uintptr_t(reservation_), this);
    munmap(reservation_, kReservationSize);
}

wasm::MemoryType LinearMemory::type() const {
    wasm::MemoryType type;
    type.limits.min = sizeInPages();
    type.limits.max = declaredMax_;
    return type;
}

uint32_t LinearMemory::grow(uint32_t deltaPages) {
    const uint64_t oldPages = sizeInPages();
    if (deltaPages == 0) return uint32_t(oldPages);
    const uint64_t newPages = oldPages + deltaPages;
    if (newPages > memory_.maxPages) return uint32_t(-1);
    const uint64_t oldBytes = memory_.size;
    const uint64_t newBytes = newPages * wasm::kPageSize;
    if (mprotect(memory_.base + oldBytes, newBytes - oldBytes, PROT_READ | PROT_WRITE) != 0)
        return uint32_t(-1);
    memory_.size = newBytes;
    return uint32_t(oldPages);
}

Result<uint64_t> LinearMemory::growShared(int fd, uint64_t fileOffset, uint32_t pages) {
    const uint64_t address = memory_.size;
    if (pages == 0 || sizeInPages() + uint64_t(pages) > memory_.maxPages) {
        return Error::resource("no room for " + std::to_string(pages) + " shared pages in a memory of " +
                               std::to_string(sizeInPages()) + " pages limited to " +
                               std::to_string(memory_.maxPages));
    }
    const uint64_t length = uint64_t(pages) * wasm::kPageSize;
    if (mmap(memory_.base + address, length, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_FIXED, fd, off_t(fileOffset)) ==
        MAP_FAILED) {
        const int error = errno;
        // MAP_FIXED may have replaced part of the reservation before failing: make it reserved again.
        mmap(memory_.base + address, length, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_FIXED, -1, 0);
        return Error::resource(std::string("cannot map shared pages into a linear memory: ") + std::strerror(error));
    }
    memory_.size = address + length;
    sharedFrom_ = std::min(sharedFrom_, address);
    return address;
}

void LinearMemory::limitPages(uint32_t pages) {
    memory_.maxPages = std::min<uint64_t>(declaredMax_.value_or(wasm::kMaxPages), pages);
}

Status LinearMemory::shrinkTo(uint64_t from) {
    if (from >= memory_.size) return {};
    const uint64_t length = memory_.size - from;
    if (sharedFrom_ < memory_.size) {
        // Shared pages are not dropped by madvise (they belong to their file) and would be visible
        // again after a later grow: a fresh reserved mapping replaces the whole tail instead.
        if (mmap(memory_.base + from, length, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_FIXED,
                 -1, 0) == MAP_FAILED) {
            return Error::resource(std::string("cannot unmap shared pages of a linear memory: ") +
                                   std::strerror(errno));
        }
        if (sharedFrom_ >= from) sharedFrom_ = UINT64_MAX;
        memory_.size = from;
        return {};
    }
    if (madvise(memory_.base + from, length, MADV_DONTNEED) != 0 ||
        mprotect(memory_.base + from, length, PROT_NONE) != 0) {
        return Error::resource(std::string("cannot return grown pages of a linear memory: ") + std::strerror(errno));
    }
    memory_.size = from;
    return {};
}

Status LinearMemory::mapImage(std::shared_ptr<const MemoryImage> image) {
    const uint64_t size = image->sizeInBytes();
    if (size % wasm::kPageSize != 0 || size / wasm::kPageSize > memory_.maxPages)
        return Error::resource("a memory image of " + std::to_string(size) + " bytes does not fit this memory");
    if (size > 0 && mmap(memory_.base, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_FIXED, image->fd(), 0) ==
                        MAP_FAILED) {
        return Error::resource(std::string("cannot map a memory image: ") + std::strerror(errno));
    }
    if (memory_.size < size) memory_.size = size;
    if (sharedFrom_ < size) sharedFrom_ = size;  // the image now lies over those shared pages
    image_ = std::move(image);
    return shrinkTo(size);
}

Status LinearMemory::resetToImage() {
    if (!image_) return Error::resource("a linear memory without an image cannot be reset to it");
    const uint64_t size = image_->sizeInBytes();
    if (size > 0 && madvise(memory_.base, size, MADV_DONTNEED) != 0)
        return Error::resource(std::string("cannot reset a linear memory: ") + std::strerror(errno));
    return shrinkTo(size);
}

}  // namespace faaslet::runtime
