#pragma once
// An object file's bytes copied once into a sealed memfd: after sealing (no write, grow, shrink,
// or further seals) no one, this process included, can change them. So the bytes the cache
// authenticates and the ELF checks inspect (elf_policy.h) are exactly the bytes dlopen maps, taken
// from /proc/self/fd/N of this memfd: nothing that happens to the entry's files afterwards —
// rewritten, renamed, swapped for another — can reach the loaded code.
//
// The copy costs one read of the object (it was read for its checksum anyway) and its size in
// memory while loaded, which a file mapped in place would share with the page cache.

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "cache/error.h"
#include "cache/file_io.h"

namespace faaslet::cache {

class SealedImage {
public:
    // Copies `size` bytes from offset 0 of `fd` (called `what` in messages). A file that turns
    // out shorter or longer than `size` is an error: its size was checked on the same descriptor.
    static Result<SealedImage> copyFrom(int fd, uint64_t size, std::string_view what);
    // The same from bytes in memory (tests, and objects not read from a file).
    static Result<SealedImage> copyOf(std::span<const uint8_t> bytes);

    SealedImage() = default;
    ~SealedImage();
    SealedImage(SealedImage&& other) noexcept;
    SealedImage& operator=(SealedImage&& other) noexcept;
    SealedImage(const SealedImage&) = delete;
    SealedImage& operator=(const SealedImage&) = delete;

    // A read-only mapping of the sealed bytes.
    std::span<const uint8_t> bytes() const { return {data_, size_}; }
    uint64_t size() const { return size_; }
    int fd() const { return fd_.get(); }
    // What dlopen is given: the memfd through /proc. The name is unique while this image lives,
    // since the descriptor number is ours until then.
    std::string loadPath() const;

private:
    template <class Fill>
    static Result<SealedImage> make(uint64_t size, std::string_view what, const Fill& fill);

    UniqueFd fd_;
    const uint8_t* data_ = nullptr;
    uint64_t size_ = 0;
};

}  // namespace faaslet::cache
