#pragma once
// Keys as guests name them ("weights") and as the tiers hold them ("user/weights"): every key is
// scoped by the user of the function that names it, so one user's functions never reach another's.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace faaslet::state {

constexpr size_t kMaxKeyLength = 255;

// Why a guest's key is refused (empty, longer than kMaxKeyLength, or holding a byte outside
// printable ASCII), or nullopt for a good one.
std::optional<std::string> keyProblem(std::string_view key);

// The key as the tiers store it: "user/key". The user holds no '/', so no two (user, key) pairs
// meet on one scoped key.
std::string scopedKey(std::string_view user, std::string_view key);

// The state user of a function: the "user" of a "user/function" name; "local" for anything else
// (a module file run by a path of more parts), which keeps such runs apart from stored users.
// (FunctionConfig::stateUser overrides it: `faaslet invoke FILE` runs as "local".)
std::string stateUserOf(std::string_view functionName);

}  // namespace faaslet::state
