#include "wasm/decoder/name_section.h"

#include <new>
#include <optional>

#include "wasm/decoder/byte_reader.h"
#include "fmt/format.h"

namespace faaslet::wasm {

namespace {

enum NameSubsection : uint8_t { ModuleName = 0, FunctionNames = 1, LocalNames = 2 };

// namemap ::= vec(idx name), indices strictly increasing (each unique, in increasing order).
// Every entry is at least two bytes (index, name length), which bounds the count by the bytes left.
void readNameMap(ByteReader& r, std::map<uint32_t, std::string>& out) {
    const uint32_t n = r.count(UINT32_MAX, 2, "names");
    std::optional<uint32_t> previous;
    for (uint32_t i = 0; i < n; ++i) {
        const size_t at = r.position();
        const uint32_t index = r.u32();
        if (previous && index <= *previous) {
            r.failAt(at, fmt::format("name map index {} does not follow {} in increasing order", index,
                                     *previous));
        }
        previous = index;
        out.emplace_hint(out.end(), index, r.name());
    }
}

// indirectnamemap ::= vec(idx namemap), outer indices strictly increasing.
void readIndirectNameMap(ByteReader& r, std::map<uint32_t, std::map<uint32_t, std::string>>& out) {
    const uint32_t n = r.count(UINT32_MAX, 2, "name maps");
    std::optional<uint32_t> previous;
    for (uint32_t i = 0; i < n; ++i) {
        const size_t at = r.position();
        const uint32_t index = r.u32();
        if (previous && index <= *previous) {
            r.failAt(at, fmt::format("indirect name map index {} does not follow {} in increasing order",
                                     index, *previous));
        }
        previous = index;
        readNameMap(r, out.emplace_hint(out.end(), index, std::map<uint32_t, std::string>{})->second);
    }
}

}  // namespace

Names decodeNameSection(std::span<const uint8_t> bytes, ByteRange contents) {
    Names names;
    try {
        ByteReader r(bytes, contents.begin, contents.end, "custom");
        int lastId = -1;
        while (!r.atEnd()) {
            const size_t at = r.position();
            const uint8_t id = r.u8();
            if (int(id) <= lastId) {
                r.failAt(at, fmt::format("name subsection {} after subsection {}: each may occur once, "
                                         "in order of increasing id",
                                         id, lastId));
            }
            lastId = id;
            const size_t sizeAt = r.position();
            const uint32_t size = r.u32();
            if (size > r.remaining()) {
                r.failAt(sizeAt, fmt::format("unexpected end: name subsection of {} bytes but only {} "
                                             "remain (length out of bounds)",
                                             size, r.remaining()));
            }
            ByteReader sub(bytes, r.position(), r.position() + size, "custom");
            switch (id) {
                case ModuleName: names.module = sub.name(); break;
                case FunctionNames: readNameMap(sub, names.functions); break;
                case LocalNames: readIndirectNameMap(sub, names.locals); break;
                default:
                    sub.skip(size);  // a subsection of a later proposal (labels, types, globals, ...)
                    break;
            }
            if (!sub.atEnd()) sub.fail("section size mismatch: name subsection not exactly consumed");
            r.skip(size);
        }
        names.valid = true;
    } catch (const ModuleError&) {
        return Names{};
    } catch (const std::bad_alloc&) {
        return Names{};
    }
    return names;
}

}  // namespace faaslet::wasm
