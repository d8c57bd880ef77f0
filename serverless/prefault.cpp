#include "serverless/prefault.h"

#include <sys/mman.h>
#include <unistd.h>

namespace faaslet::serverless {

void prefaultForWrite(std::span<uint8_t> destination) {
    if (destination.size() < kPrefaultBytes) return;
    static const uintptr_t page = uintptr_t(::sysconf(_SC_PAGESIZE));
    const uintptr_t begin = reinterpret_cast<uintptr_t>(destination.data()) & ~(page - 1);
    const uintptr_t end = reinterpret_cast<uintptr_t>(destination.data()) + destination.size();
    // Errors (an old kernel's EINVAL) leave the pages to fault as the copy writes them.
    (void)::madvise(reinterpret_cast<void*>(begin), end - begin, MADV_POPULATE_WRITE);
}

}  // namespace faaslet::serverless
