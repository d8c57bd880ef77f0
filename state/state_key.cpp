#include "state/state_key.h"

#include <algorithm>

namespace faaslet::state {

std::optional<std::string> keyProblem(std::string_view key) {
    if (key.empty()) return "the key is empty";
    if (key.size() > kMaxKeyLength)
        return "the key is " + std::to_string(key.size()) + " bytes long, more than " + std::to_string(kMaxKeyLength);
    // Printable ASCII only: keys appear in logs, file names of tiers and Redis commands.
    for (size_t i = 0; i < key.size(); ++i) {
        const unsigned char c = key[i];
        if (c < 0x21 || c > 0x7e) return "byte " + std::to_string(i) + " of the key is not printable ASCII";
    }
    return std::nullopt;
}

std::string scopedKey(std::string_view user, std::string_view key) {
    std::string scoped;
    scoped.reserve(user.size() + 1 + key.size());
    scoped.append(user).append("/").append(key);
    return scoped;
}

std::string stateUserOf(std::string_view functionName) {
    const size_t slash = functionName.find('/');
    const bool userFunction = slash != std::string_view::npos && slash > 0 && slash + 1 < functionName.size() &&
                              functionName.find('/', slash + 1) == std::string_view::npos &&
                              !keyProblem(functionName.substr(0, slash)) &&
                              functionName.substr(0, slash).find('.') == std::string_view::npos;
    return userFunction ? std::string(functionName.substr(0, slash)) : std::string("local");
}

}  // namespace faaslet::state
