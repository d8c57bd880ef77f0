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

namespace {

// A part of a function name as functions/function_name.h allows it: 1-64 of [a-z0-9_.-], not "."
// or "..". (That room depends on this one's users, not the other way round.)
bool namePart(std::string_view part) {
    if (part.empty() || part.size() > 64 || part == "." || part == "..") return false;
    return std::all_of(part.begin(), part.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-';
    });
}

}  // namespace

std::string stateUserOf(std::string_view functionName) {
    const size_t slash = functionName.find('/');
    if (slash == std::string_view::npos) return "local";
    const std::string_view user = functionName.substr(0, slash);
    const std::string_view function = functionName.substr(slash + 1);
    return namePart(user) && namePart(function) ? std::string(user) : std::string("local");
}

}  // namespace faaslet::state
