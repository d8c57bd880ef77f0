#pragma once
// The POSIX calls the cache needs, with EINTR and short transfers handled once: an owning file
// descriptor, full reads and writes, and syncing a directory so a rename in it is durable.

#include <cstdint>
#include <filesystem>
#include <span>
#include <utility>

namespace faaslet::cache {

class Fd {
public:
    Fd() = default;
    explicit Fd(int fd) : fd_(fd) {}
    ~Fd() { reset(); }
    Fd(Fd&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}
    Fd& operator=(Fd&& other) noexcept {
        if (this != &other) {
            reset();
            fd_ = std::exchange(other.fd_, -1);
        }
        return *this;
    }
    Fd(const Fd&) = delete;
    Fd& operator=(const Fd&) = delete;

    int get() const { return fd_; }
    bool valid() const { return fd_ >= 0; }
    void reset();
    // close(2)'s result: for a file just written, a late write error (NFS) shows up here.
    int close();

private:
    int fd_ = -1;
};

// Reads until `out` is full or the file ends; returns the bytes read, or -errno.
int64_t readFull(int fd, std::span<uint8_t> out, uint64_t offset);
// Writes all of `bytes` at the current position; returns 0 or an errno.
int writeFull(int fd, std::span<const uint8_t> bytes);
// fsync(2) on the directory itself; returns 0 or an errno.
int syncDirectory(const std::filesystem::path& directory);

}  // namespace faaslet::cache
