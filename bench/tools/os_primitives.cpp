#include "bench/tools/os_primitives.h"

#include <sys/mman.h>
#include <unistd.h>

#include <cerrno>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <future>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <thread>

#include "bench/tools/latency.h"

namespace faaslet::bench {

namespace {

using Clock = std::chrono::steady_clock;
constexpr size_t kPage = 4096;
constexpr size_t kImagePages = 256;

[[noreturn]] void fail(const char* call) {
    throw std::runtime_error(std::string(call) + " failed: " + std::strerror(errno));
}

// A memfd of kImagePages pages with content in every page, as a Proto-Faaslet's memory image.
class Image {
public:
    Image() : fd_(memfd_create("faaslet-bench-image", MFD_CLOEXEC)) {
        if (fd_ < 0) fail("memfd_create");
        if (ftruncate(fd_, kImagePages * kPage) != 0) fail("ftruncate");
        std::vector<unsigned char> page(kPage, 0x5a);
        for (size_t i = 0; i < kImagePages; ++i)
            if (pwrite(fd_, page.data(), kPage, off_t(i * kPage)) != ssize_t(kPage)) fail("pwrite");
    }
    ~Image() { close(fd_); }
    Image(const Image&) = delete;
    Image& operator=(const Image&) = delete;

    unsigned char* mapPrivate() const {
        void* p = mmap(nullptr, kImagePages * kPage, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd_, 0);
        if (p == MAP_FAILED) fail("mmap");
        return static_cast<unsigned char*>(p);
    }

private:
    int fd_;
};

}  // namespace

std::string memfdMapAndTouch(int iterations) {
    Image image;
    Latencies latencies(iterations);
    for (int i = 0; i < iterations; ++i) {
        const auto start = Clock::now();
        unsigned char* p = image.mapPrivate();
        p[0] = 1;  // the copy-on-write fault a guest's first store takes
        latencies.add(Clock::now() - start);
        munmap(p, kImagePages * kPage);
    }
    return latencies.json();
}

std::string madviseReset(int dirtyPages, int iterations) {
    Image image;
    unsigned char* p = image.mapPrivate();
    Latencies latencies(iterations);
    for (int i = 0; i < iterations; ++i) {
        for (int page = 0; page < dirtyPages; ++page) p[page * kPage] = static_cast<unsigned char>(i);
        const auto start = Clock::now();
        if (madvise(p, dirtyPages * kPage, MADV_DONTNEED) != 0) fail("madvise");
        latencies.add(Clock::now() - start);
    }
    munmap(p, kImagePages * kPage);
    return latencies.json();
}

std::string queueRoundTrip(int iterations) {
    // The shape of a Faaslet pool's queue: the client pushes under a mutex and notifies; the
    // worker waits on the condition variable, pops and answers through a promise.
    std::mutex lock;
    std::condition_variable ready;
    std::deque<std::promise<void>> queue;
    bool stopping = false;
    std::thread worker([&] {
        std::unique_lock guard(lock);
        for (;;) {
            ready.wait(guard, [&] { return stopping || !queue.empty(); });
            if (queue.empty()) return;
            std::promise<void> reply = std::move(queue.front());
            queue.pop_front();
            guard.unlock();
            reply.set_value();
            guard.lock();
        }
    });
    Latencies latencies(iterations);
    for (int i = 0; i < iterations; ++i) {
        const auto start = Clock::now();
        std::promise<void> reply;
        std::future<void> answered = reply.get_future();
        {
            std::lock_guard guard(lock);
            queue.push_back(std::move(reply));
        }
        ready.notify_one();
        answered.wait();
        latencies.add(Clock::now() - start);
    }
    {
        std::lock_guard guard(lock);
        stopping = true;
    }
    ready.notify_one();
    worker.join();
    return latencies.json();
}

}  // namespace faaslet::bench
