#include "runtime/error.h"

namespace faaslet::runtime {

Error Error::trapped(Trap trap) {
    Error error{Kind::Trap, trap.message, std::nullopt};
    error.trap = std::move(trap);
    return error;
}

const char* toString(Error::Kind kind) {
    switch (kind) {
        case Error::Kind::Load: return "load error";
        case Error::Kind::Link: return "link error";
        case Error::Kind::Trap: return "trap";
        case Error::Kind::Resource: return "resource error";
        case Error::Kind::Unsupported: return "unsupported";
    }
    return "error";
}

std::string Error::toString() const {
    if (trap) return trap->toString();
    return std::string(runtime::toString(kind)) + ": " + message;
}

}  // namespace faaslet::runtime
