#pragma once
// Functions are named `user/function`. Each part is 1-64 characters of [a-z0-9_.-] and neither
// "." nor "..": the parts become directory names under the data directory and keys of state and
// HTTP paths, so nothing in them may climb out of a directory, hide a file or need escaping.

#include <string>
#include <string_view>

#include "functions/error.h"

namespace faaslet::functions {

inline constexpr size_t kMaxNamePartLength = 64;

struct FunctionName {
    std::string user;
    std::string function;

    std::string toString() const { return user + "/" + function; }
    bool operator==(const FunctionName&) const = default;
    auto operator<=>(const FunctionName&) const = default;
};

// InvalidName, quoting `text` and naming the rule it breaks.
Result<FunctionName> parseFunctionName(std::string_view text);

}  // namespace faaslet::functions
