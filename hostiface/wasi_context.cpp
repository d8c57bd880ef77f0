#include "hostiface/wasi_context.h"

namespace faaslet::hostiface {

WasiContext::WasiContext(WasiConfig config) : config_(std::move(config)), fds_{0, 1, 2} {}

std::optional<int> WasiContext::hostFd(uint32_t fd) const {
    if (fd >= fds_.size() || fds_[fd] < 0) return std::nullopt;
    return fds_[fd];
}

bool WasiContext::close(uint32_t fd) {
    if (!hostFd(fd)) return false;
    // The process's own stdio stays open for the host; the guest just loses its descriptor.
    fds_[fd] = -1;
    return true;
}

}  // namespace faaslet::hostiface
