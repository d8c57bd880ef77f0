#include "functions/function_name.h"

#include "fmt/format.h"

namespace faaslet::functions {

namespace {

bool allowedCharacter(char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-';
}

// Empty when `part` is a valid user or function part (`what` says which), else the rule it breaks.
std::string namePartProblem(std::string_view part, std::string_view what) {
    if (part.empty()) return fmt::format("the {} part is empty", what);
    if (part.size() > kMaxNamePartLength)
        return fmt::format("the {} part has {} characters, more than {}", what, part.size(),
                           kMaxNamePartLength);
    if (part == "." || part == "..") return fmt::format("the {} part may not be \"{}\"", what, part);
    for (size_t i = 0; i < part.size(); ++i)
        if (!allowedCharacter(part[i]))
            return fmt::format("the {} part has {} at position {}, outside [a-z0-9_.-]", what,
                               (unsigned char)part[i] >= 0x20 && (unsigned char)part[i] < 0x7f
                                   ? fmt::format("'{}'", part[i])
                                   : fmt::format("byte 0x{:02x}", (unsigned char)part[i]),
                               i + 1);
    return {};
}

}  // namespace

Result<FunctionName> parseFunctionName(std::string_view text) {
    auto invalid = [text](const std::string& why) {
        return Error::make(Error::Kind::InvalidName,
                           fmt::format("bad function name \"{}\": {} (a name is user/function, each part "
                                       "1-{} characters of [a-z0-9_.-], not \".\" or \"..\")",
                                       text, why, kMaxNamePartLength));
    };
    const size_t slash = text.find('/');
    if (slash == std::string_view::npos) return invalid("there is no '/' between user and function");
    if (text.find('/', slash + 1) != std::string_view::npos) return invalid("there is more than one '/'");
    FunctionName name{std::string(text.substr(0, slash)), std::string(text.substr(slash + 1))};
    if (auto problem = namePartProblem(name.user, "user"); !problem.empty()) return invalid(problem);
    if (auto problem = namePartProblem(name.function, "function"); !problem.empty()) return invalid(problem);
    return name;
}

}  // namespace faaslet::functions
