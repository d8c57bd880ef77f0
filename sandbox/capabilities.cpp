#include "sandbox/capabilities.h"

#include <sys/capability.h>

#include <cerrno>
#include <memory>
#include <string>
#include <type_traits>

#include "sandbox/error.h"

namespace faaslet::sandbox {

namespace {

struct CapFree {
    void operator()(void* capabilities) const { cap_free(capabilities); }
};
using Capabilities = std::unique_ptr<std::remove_pointer_t<cap_t>, CapFree>;

// "cap_sys_admin", or the number for a capability libcap does not know.
std::string capabilityName(cap_value_t capability) {
    std::unique_ptr<char, CapFree> name(cap_to_name(capability));
    return name ? std::string(name.get()) : std::to_string(capability);
}

Status emptyBoundingSet() {
    for (cap_value_t capability = 0; capability < cap_value_t(cap_max_bits()); ++capability) {
        if (cap_get_bound(capability) == 1 && cap_drop_bound(capability) != 0) {
            const int error = errno;  // before naming the capability, which may change errno
            return sandboxError("dropping " + capabilityName(capability) + " from the bounding set", error);
        }
    }
    return {};
}

}  // namespace

Status dropCapabilities() {
    Capabilities current(cap_get_proc());
    if (!current) return sandboxError("reading the thread's capabilities (cap_get_proc)", errno);
    cap_flag_value_t maySetBound = CAP_CLEAR;
    if (cap_get_flag(current.get(), CAP_SETPCAP, CAP_EFFECTIVE, &maySetBound) != 0)
        return sandboxError("reading CAP_SETPCAP (cap_get_flag)", errno);
    if (maySetBound == CAP_SET) {
        if (Status emptied = emptyBoundingSet(); !emptied) return emptied;
    }
    Capabilities none(cap_init());
    if (!none) return sandboxError("cap_init", errno);
    if (cap_set_proc(none.get()) != 0)
        return sandboxError("clearing the thread's capabilities (cap_set_proc)", errno);
    return {};
}

}  // namespace faaslet::sandbox
