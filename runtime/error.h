#pragma once
// Errors of the runtime's edges (loading an object, linking, instantiating) as values a user can
// act on.

#include <optional>
#include <string>

#include "common/expected.h"
#include "runtime/trap.h"

namespace faaslet::runtime {

struct Error {
    enum class Kind : uint8_t {
        Load,      // the compiled object is missing, not a faaslet object or of another ABI
        Link,      // an import is missing ("unknown import") or does not match ("incompatible import type")
        Trap,      // instantiation trapped (a segment out of bounds, the start function); see `trap`
        Resource,  // the system refused memory or address space, or an implementation limit was hit
        Unsupported,  // something this runtime does not implement (e.g. v128 in a host signature)
    };
    Kind kind = Kind::Load;
    std::string message;
    std::optional<Trap> trap;  // Kind::Trap

    static Error load(std::string message) { return {Kind::Load, std::move(message), std::nullopt}; }
    static Error link(std::string message) { return {Kind::Link, std::move(message), std::nullopt}; }
    static Error resource(std::string message) { return {Kind::Resource, std::move(message), std::nullopt}; }
    static Error unsupported(std::string message) {
        return {Kind::Unsupported, std::move(message), std::nullopt};
    }
    static Error trapped(Trap trap);

    std::string toString() const;
};

const char* toString(Error::Kind kind);

template <class T>
using Result = Expected<T, Error>;
using Status = StatusOf<Error>;

}  // namespace faaslet::runtime
