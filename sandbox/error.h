#pragma once
// How every part of the sandbox reports what the kernel or a library refused.

#include <cstring>
#include <string>
#include <string_view>

namespace faaslet::sandbox {

// "sandbox: WHAT failed: REASON", REASON being strerror(error).
inline std::string sandboxError(std::string_view what, int error) {
    return "sandbox: " + std::string(what) + " failed: " + std::strerror(error);
}

}  // namespace faaslet::sandbox
