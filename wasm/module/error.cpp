#include "wasm/module/error.h"

#include "fmt/format.h"

namespace faaslet::wasm {

const char* kindName(Error::Kind kind) {
    switch (kind) {
        case Error::Kind::Malformed: return "malformed";
        case Error::Kind::Invalid: return "invalid";
        case Error::Kind::ImplementationLimit: return "implementation limit";
        case Error::Kind::Unsupported: return "unsupported";
    }
    return "malformed";
}

std::string Error::toString() const {
    std::string where = section.empty() ? std::string("module") : section + " section";
    if (function) where += fmt::format(", function {}", *function);
    return fmt::format("{} at 0x{:x}: {}", where, offset, message);
}

std::string Error::toStringFor(std::string_view subject) const {
    return fmt::format("{}: {}: {}", subject, kindName(kind), toString());
}

}  // namespace faaslet::wasm
