// Decoding of the module structure of the WebAssembly 2.0 binary format (spec chapter 5, "Binary
// Format", section 5.5 "Modules"). Function bodies are only framed here (size, local
// declarations); their instructions are decoded by the validator. Constant expressions are
// decoded in full.
//
// Every count read from the binary goes through ByteReader::count, which rejects it when it
// exceeds a DecodeLimits bound or could not fit in the bytes that remain, before anything is
// allocated for it.

#include "wasm/decoder/decoder.h"

#include <algorithm>
#include <new>
#include <optional>
#include <span>
#include <string>

#include "wasm/decoder/byte_reader.h"
#include "wasm/decoder/instruction_reader.h"
#include "wasm/decoder/name_section.h"
#include "wasm/decoder/type_reader.h"
#include "wasm/module/proposals.h"
#include "fmt/format.h"

namespace faaslet::wasm {

namespace {

enum SectionId : uint8_t {
    kCustom = 0,
    kType = 1,
    kImport = 2,
    kFunction = 3,
    kTable = 4,
    kMemory = 5,
    kGlobal = 6,
    kExport = 7,
    kStart = 8,
    kElem = 9,
    kCode = 10,
    kData = 11,
    kDataCount = 12,
    kTag = 13,  // the exception-handling proposal's; recognised to be refused by name
};
constexpr uint8_t kLastSectionId = kDataCount;

const char* sectionName(uint8_t id) {
    static constexpr const char* kNames[] = {"custom", "type",   "import",    "function", "table",
                                             "memory", "global", "export",    "start",    "element",
                                             "code",   "data",   "datacount", "tag"};
    return kNames[id];
}

// The position of a non-custom section in the order the spec requires. Ranks are doubled so the
// sections that came later fit between: the data count section (id 12) between the element (9)
// and code (10) sections, the tag section (13) between the memory (5) and global (6) sections.
int sectionRank(uint8_t id) {
    if (id == kDataCount) return 2 * kElem + 1;
    if (id == kTag) return 2 * kMemory + 1;
    return 2 * id;
}

constexpr const char* kSectionOrder =
    "type, import, function, table, memory, global, export, start, element, datacount, code, data";

// Reads the count of a vector whose items are then read one by one. The count is rejected above
// `limit` or when even one byte per item could not fit, before anything is allocated; a count that
// overstates the items present then fails at the first missing item, with that item's own error.
// Space is reserved for no more items than the remaining bytes could hold at `minItemBytes` each
// (the smallest well-formed item), so memory stays proportional to the input.
template <class Vector>
uint32_t vectorCount(ByteReader& r, Vector& items, uint32_t limit, size_t minItemBytes, const char* what) {
    const uint32_t n = r.count(limit, 1, what);
    items.reserve(std::min<size_t>(n, r.remaining() / minItemBytes));
    return n;
}

class Decoder {
public:
    Decoder(Module& module, const DecodeLimits& limits) : m_(module), bytes_(module.bytes), limits_(limits) {}

    void run() {
        header();
        size_t pos = 8;
        uint8_t lastId = kCustom;  // the last non-custom section
        while (pos < bytes_.size()) {
            const size_t sectionStart = pos;
            const uint8_t id = bytes_[pos];
            if (id > kLastSectionId && id != kTag) {
                fail("", pos,
                     fmt::format("malformed section id 0x{:02x}: expected 0 (custom) to 12 (datacount)", id));
            }
            ByteReader sizeReader(bytes_, pos + 1, bytes_.size(), sectionName(id));
            const uint32_t size = sizeReader.u32();
            if (size > sizeReader.remaining()) {
                sizeReader.failAt(pos + 1,
                                  fmt::format("unexpected end: section size {} but only {} bytes remain "
                                              "(length out of bounds)",
                                              size, sizeReader.remaining()));
            }
            if (id != kCustom) {
                if (lastId != kCustom && sectionRank(id) <= sectionRank(lastId)) {
                    sizeReader.failAt(sectionStart,
                                      fmt::format("unexpected content after last section: {} section after "
                                                  "the {} section; non-custom sections appear at most once, "
                                                  "in the order {}",
                                                  sectionName(id), sectionName(lastId), kSectionOrder));
                }
                lastId = id;
            }
            const size_t begin = sizeReader.position();
            const size_t end = begin + size;
            ByteReader r(bytes_, begin, end, sectionName(id));
            if (id == kTag) {
                // Refused in finish(), once the code can say which form of the proposal it needs.
                if (!unsupportedSectionAt_) unsupportedSectionAt_ = sectionStart;
                r.skip(size);
            } else {
                section(id, r);
            }
            if (!r.atEnd()) {
                r.fail(
                    fmt::format("section size mismatch: the {} section declares {} bytes but its contents "
                                "end after {}",
                                sectionName(id), size, r.position() - begin));
            }
            pos = end;
        }
        finish();
    }

private:
    void header() {
        ByteReader r(bytes_, 0, bytes_.size(), "header");
        if (bytes_.size() < 4) {
            r.failAt(bytes_.size(), fmt::format("unexpected end: {} bytes, expected the magic header "
                                                "\\0asm and a version",
                                                bytes_.size()));
        }
        static constexpr uint8_t kMagic[] = {0x00, 0x61, 0x73, 0x6d};
        if (!std::equal(kMagic, kMagic + 4, bytes_.begin())) {
            r.failAt(0, fmt::format("magic header not detected: expected 00 61 73 6d (\\0asm), found "
                                    "{:02x} {:02x} {:02x} {:02x}",
                                    bytes_[0], bytes_[1], bytes_[2], bytes_[3]));
        }
        if (bytes_.size() < 8) {
            r.failAt(bytes_.size(),
                     "unexpected end: expected a 4-byte binary version after the magic header");
        }
        const uint32_t version = uint32_t(bytes_[4]) | uint32_t(bytes_[5]) << 8 | uint32_t(bytes_[6]) << 16 |
                                 uint32_t(bytes_[7]) << 24;
        if (version != 1) {
            r.failAt(4, fmt::format("unknown binary version {} (0x{:08x}), expected 1", version, version));
        }
    }

    void section(uint8_t id, ByteReader& r) {
        switch (SectionId(id)) {
            case kCustom: return customSection(r);
            case kType: return typeSection(r);
            case kImport: return importSection(r);
            case kFunction: return functionSection(r);
            case kTable: return tableSection(r);
            case kMemory: return memorySection(r);
            case kGlobal: return globalSection(r);
            case kExport: return exportSection(r);
            case kStart: m_.start = r.u32(); return;
            case kElem: return elemSection(r);
            case kDataCount:
                dataCountOffset_ = r.position();
                m_.dataCount = r.u32();
                return;
            case kCode: return codeSection(r);
            case kData: return dataSection(r);
            case kTag: return;  // skipped by run()
        }
    }

    // Checks that need the whole module, made after every section was read (as the reference
    // interpreter does, so a duplicate section is reported as such rather than as a mismatch).
    void finish() {
        if (unsupportedSectionAt_) refuseUnsupportedSection(*unsupportedSectionAt_);
        if (m_.code.size() != m_.functions.size()) {
            if (sawCode_) {
                fail("code", codeCountOffset_,
                     fmt::format("function and code section have inconsistent lengths: {} functions "
                                 "declared, {} bodies",
                                 m_.functions.size(), m_.code.size()));
            }
            fail("function", functionCountOffset_,
                 fmt::format("function and code section have inconsistent lengths: {} functions declared "
                             "but there is no code section",
                             m_.functions.size()));
        }
        if (m_.dataCount && *m_.dataCount != m_.data.size()) {
            if (sawData_) {
                fail("data", dataSegmentCountOffset_,
                     fmt::format("data count and data section have inconsistent lengths: data count {}, "
                                 "{} segments",
                                 *m_.dataCount, m_.data.size()));
            }
            fail("datacount", dataCountOffset_,
                 fmt::format("data count and data section have inconsistent lengths: data count {} but "
                             "there is no data section",
                             *m_.dataCount));
        }
    }

    // A module with a section of a proposal faaslet does not run (the exception-handling tag
    // section) is refused. The code that needs the section names the proposal more precisely
    // ("legacy try/catch" or "try_table"), so its first unsupported instruction is reported when
    // there is one; the section itself otherwise.
    [[noreturn]] void refuseUnsupportedSection(size_t offset) {
        for (size_t i = 0; i < m_.code.size(); ++i) {
            InstructionReader in(bytes_, m_.code[i].code.begin, m_.code[i].code.end, "code",
                                 m_.importedFunctions + uint32_t(i));
            try {
                while (!in.atEnd()) in.next();
            } catch (const ModuleError& e) {
                if (e.error().kind == Error::Kind::Unsupported) throw;
                // Malformed code: the section is what is refused, below.
                break;
            }
        }
        throw ModuleError(Error{Error::Kind::Unsupported, sectionName(bytes_[offset]), std::nullopt, offset,
                                unsupportedProposal(*proposalOfSection(bytes_[offset]))});
    }

    [[noreturn]] static void fail(const char* section, size_t offset, std::string message) {
        throw ModuleError(Error{Error::Kind::Malformed, section, std::nullopt, offset, std::move(message)});
    }

    void customSection(ByteReader& r) {
        CustomSection custom;
        custom.name = r.name();
        custom.contents = ByteRange{r.position(), r.end()};
        r.skip(r.remaining());
        // The first name section counts; later ones are kept only as custom sections.
        if (custom.name == "name" && !sawNameSection_) {
            sawNameSection_ = true;
            m_.names = decodeNameSection(bytes_, custom.contents);
        }
        m_.customSections.push_back(std::move(custom));
    }

    void typeSection(ByteReader& r) {
        const uint32_t n = vectorCount(r, m_.types, limits_.maxTypes, 3, "types");
        for (uint32_t i = 0; i < n; ++i) {
            const size_t at = r.position();
            const uint8_t form = readTypeCode(r, "a function type");
            if (form != 0x60) {
                r.failAt(at,
                         fmt::format("malformed function type: expected 0x60 (function type), found 0x{:02x}",
                                     form));
            }
            FuncType type;
            const uint32_t params = vectorCount(r, type.params, limits_.maxParams, 1, "parameters");
            for (uint32_t j = 0; j < params; ++j) type.params.push_back(readValType(r, "a parameter"));
            const uint32_t results = vectorCount(r, type.results, limits_.maxResults, 1, "results");
            for (uint32_t j = 0; j < results; ++j) type.results.push_back(readValType(r, "a result"));
            m_.types.push_back(std::move(type));
        }
    }

    void importSection(ByteReader& r) {
        // Smallest import: two empty names, a kind and a one-byte index.
        const uint32_t n = vectorCount(r, m_.imports, limits_.maxImports, 4, "imports");
        for (uint32_t i = 0; i < n; ++i) {
            Import import;
            import.module = r.name();
            import.name = r.name();
            import.kind = readExternKind(r, "import");
            switch (import.kind) {
                case ExternKind::Func:
                    import.funcType = r.u32();
                    ++m_.importedFunctions;
                    break;
                case ExternKind::Table:
                    import.table = readTableType(r);
                    ++m_.importedTables;
                    break;
                case ExternKind::Memory:
                    import.memory = readMemoryType(r);
                    ++m_.importedMemories;
                    break;
                case ExternKind::Global:
                    import.global = readGlobalType(r);
                    ++m_.importedGlobals;
                    break;
            }
            m_.imports.push_back(std::move(import));
        }
    }

    void functionSection(ByteReader& r) {
        functionCountOffset_ = r.position();
        const uint32_t n = vectorCount(r, m_.functions, limits_.maxFunctions, 1, "functions");
        for (uint32_t i = 0; i < n; ++i) m_.functions.push_back(r.u32());
    }

    void tableSection(ByteReader& r) {
        const uint32_t n = vectorCount(r, m_.tables, UINT32_MAX, 3, "tables");
        for (uint32_t i = 0; i < n; ++i) m_.tables.push_back(readTableType(r));
    }

    void memorySection(ByteReader& r) {
        const uint32_t n = vectorCount(r, m_.memories, UINT32_MAX, 2, "memories");
        for (uint32_t i = 0; i < n; ++i) m_.memories.push_back(readMemoryType(r));
    }

    void globalSection(ByteReader& r) {
        // Smallest global: a value type, the mutability and `end`.
        const uint32_t n = vectorCount(r, m_.globals, limits_.maxGlobals, 3, "globals");
        for (uint32_t i = 0; i < n; ++i) {
            Global global;
            global.type = readGlobalType(r);
            global.init = constExpr(r);
            m_.globals.push_back(std::move(global));
        }
    }

    void exportSection(ByteReader& r) {
        const uint32_t n = vectorCount(r, m_.exports, limits_.maxExports, 3, "exports");
        for (uint32_t i = 0; i < n; ++i) {
            Export e;
            e.name = r.name();
            e.kind = readExternKind(r, "export");
            e.index = r.u32();
            m_.exports.push_back(std::move(e));
        }
    }

    // Decodes instructions up to the `end` that closes the expression (nested blocks, which the
    // validator rejects in constant expressions, keep their own `end`s), in the current section.
    ConstExpr constExpr(ByteReader& r) {
        ConstExpr expr;
        expr.offset = r.position();
        InstructionReader in(bytes_, r.position(), r.end(), r.section());
        uint32_t depth = 0;
        for (;;) {
            const Instruction ins = in.next();
            expr.code.push_back(ins);
            if (ins.op == Opcode::Block || ins.op == Opcode::Loop || ins.op == Opcode::If) {
                ++depth;
            } else if (ins.op == Opcode::End) {
                if (depth == 0) break;
                --depth;
            }
        }
        r.skip(in.position() - r.position());
        return expr;
    }

    // elem ::= flags:u32 followed by, per flags (bit 0: passive or declarative, bit 1: explicit
    // table index or declarative, bit 2: elements are expressions):
    //   0: e vec(funcidx)            4: e vec(expr)              active, table 0, funcref
    //   1: elemkind vec(funcidx)     5: reftype vec(expr)        passive
    //   2: x e elemkind vec(funcidx) 6: x e reftype vec(expr)    active, table x
    //   3: elemkind vec(funcidx)     7: reftype vec(expr)        declarative
    void elemSection(ByteReader& r) {
        // Smallest segment: flags, elemkind, an empty vector (or flags 0, `end`, an empty vector).
        const uint32_t n = vectorCount(r, m_.elems, limits_.maxElemSegments, 3, "element segments");
        for (uint32_t i = 0; i < n; ++i) {
            ElemSegment seg;
            seg.byteOffset = r.position();
            const uint32_t flags = r.u32();
            if (flags > 7) {
                r.failAt(
                    seg.byteOffset,
                    fmt::format("malformed elements segment kind: expected flags 0 to 7, found {}", flags));
            }
            const bool expressions = flags & 4;
            if (flags & 1) {
                seg.mode = flags & 2 ? ElemSegment::Mode::Declarative : ElemSegment::Mode::Passive;
            } else {
                seg.mode = ElemSegment::Mode::Active;
                if (flags & 2) seg.table = r.u32();
                seg.offset = constExpr(r);
            }
            seg.type = ValType::FuncRef;
            if (flags & 3) {
                if (expressions) {
                    seg.type = readRefType(r, "an element segment");
                } else {
                    const size_t at = r.position();
                    const uint8_t kind = r.u8();
                    if (kind != 0) {
                        r.failAt(
                            at, fmt::format("malformed element kind: expected 0x00 (funcref), found 0x{:02x}",
                                            kind));
                    }
                }
            }
            // A segment longer than the largest table could never be used: an implementation limit.
            const uint32_t count = vectorCount(r, seg.items, limits_.maxTableSize, 1, "elements");
            for (uint32_t j = 0; j < count; ++j) {
                if (expressions) {
                    seg.items.push_back(constExpr(r));
                } else {
                    seg.items.push_back(funcIndexExpr(r));
                }
            }
            m_.elems.push_back(std::move(seg));
        }
    }

    // A function index in an element segment, as the expression `ref.func x end` at its offset.
    static ConstExpr funcIndexExpr(ByteReader& r) {
        ConstExpr expr;
        expr.offset = r.position();
        Instruction refFunc;
        refFunc.op = Opcode::RefFunc;
        refFunc.offset = expr.offset;
        refFunc.a = r.u32();
        Instruction end;
        end.op = Opcode::End;
        end.offset = r.position();
        expr.code.reserve(2);
        expr.code.push_back(refFunc);
        expr.code.push_back(end);
        return expr;
    }

    void codeSection(ByteReader& r) {
        sawCode_ = true;
        codeCountOffset_ = r.position();
        // Compared with the function count once the module is read (finish).
        const uint32_t n = r.count(limits_.maxFunctions, 1, "function bodies");
        // Smallest body: its size and an empty local declaration vector.
        m_.code.reserve(std::min<size_t>(n, r.remaining() / 2));
        for (uint32_t i = 0; i < n; ++i) m_.code.push_back(functionBody(r, i));
    }

    FunctionBody functionBody(ByteReader& r, uint32_t definedIndex) {
        FunctionBody body;
        body.offset = r.position();
        const uint32_t funcIndex = m_.importedFunctions + definedIndex;
        const uint32_t size = r.u32();
        if (size > limits_.maxFunctionSize) {
            r.failAt(body.offset,
                     fmt::format("function {} has a body of {} bytes, the limit is {}", funcIndex, size,
                                 limits_.maxFunctionSize),
                     Error::Kind::ImplementationLimit);
        }
        if (size > r.remaining()) {
            r.failAt(body.offset, fmt::format("unexpected end: function {} has a body of {} bytes but only "
                                              "{} remain (length out of bounds)",
                                              funcIndex, size, r.remaining()));
        }
        const size_t end = r.position() + size;
        ByteReader b(bytes_, r.position(), end, r.section());
        b.setFunction(funcIndex);

        // Parameters count against the limit too, when the type index is valid (the validator
        // reports it otherwise; bodies beyond the function count are reported by finish()).
        const uint32_t typeIndex =
            definedIndex < m_.functions.size() ? m_.functions[definedIndex] : UINT32_MAX;
        const uint64_t params = typeIndex < m_.types.size() ? m_.types[typeIndex].params.size() : 0;
        const uint32_t runs = vectorCount(b, body.locals, UINT32_MAX, 2, "local declarations");
        // Past 2^32 - 1 locals in all, the binary format cannot index them: malformed by the spec.
        // Below that, only faaslet's own limit refuses them, and the module is reported as hitting
        // an implementation limit; the remaining runs are still read (not kept) to tell the two
        // apart, which costs no more than the body's bytes.
        std::optional<size_t> overLimitAt;
        for (uint32_t i = 0; i < runs; ++i) {
            const size_t at = b.position();
            LocalRun run;
            run.count = b.u32();
            body.localCount += run.count;
            if (body.localCount > UINT32_MAX) {
                b.failAt(at, fmt::format("too many locals: {} declared so far, more than 2^32 - 1",
                                         body.localCount));
            }
            if (!overLimitAt && params + body.localCount > limits_.maxLocals) overLimitAt = at;
            run.type = readValType(b, "a local");
            if (!overLimitAt) body.locals.push_back(run);
        }
        if (overLimitAt) {
            b.failAt(*overLimitAt,
                     fmt::format("too many locals: {} parameters and {} locals, the limit is {}", params,
                                 body.localCount, limits_.maxLocals),
                     Error::Kind::ImplementationLimit);
        }
        body.code = ByteRange{b.position(), end};
        r.skip(size);
        return body;
    }

    void dataSection(ByteReader& r) {
        sawData_ = true;
        dataSegmentCountOffset_ = r.position();
        // Compared with the data count once the module is read (finish).
        const uint32_t n = r.count(limits_.maxDataSegments, 1, "data segments");
        // Smallest segment: flags 1 (passive) and an empty byte vector.
        m_.data.reserve(std::min<size_t>(n, r.remaining() / 2));
        for (uint32_t i = 0; i < n; ++i) {
            DataSegment seg;
            seg.byteOffset = r.position();
            const uint32_t flags = r.u32();
            switch (flags) {
                case 0:
                    seg.mode = DataSegment::Mode::Active;
                    seg.offset = constExpr(r);
                    break;
                case 1: seg.mode = DataSegment::Mode::Passive; break;
                case 2:
                    seg.mode = DataSegment::Mode::Active;
                    seg.memory = r.u32();
                    seg.offset = constExpr(r);
                    break;
                default:
                    r.failAt(seg.byteOffset,
                             fmt::format("malformed data segment kind: expected flags 0, 1 or 2, found {}",
                                         flags));
            }
            const size_t lengthAt = r.position();
            const uint32_t length = r.u32();
            if (length > r.remaining()) {
                r.failAt(lengthAt, fmt::format("unexpected end of section or function: data segment of {} "
                                               "bytes but only {} remain (length out of bounds)",
                                               length, r.remaining()));
            }
            seg.bytes = ByteRange{r.position(), r.position() + length};
            r.skip(length);
            m_.data.push_back(std::move(seg));
        }
    }

    Module& m_;
    std::span<const uint8_t> bytes_;
    const DecodeLimits& limits_;
    bool sawCode_ = false;
    bool sawData_ = false;
    bool sawNameSection_ = false;
    std::optional<size_t> unsupportedSectionAt_;  // the first section of a proposal faaslet lacks
    size_t functionCountOffset_ = 0;
    size_t codeCountOffset_ = 0;
    size_t dataCountOffset_ = 0;
    size_t dataSegmentCountOffset_ = 0;
};

}  // namespace

Result<Module> decode(std::vector<uint8_t> bytes, const DecodeLimits& limits) {
    Module module;
    module.bytes = std::move(bytes);
    try {
        Decoder(module, limits).run();
    } catch (const ModuleError& e) {
        return e.error();
    } catch (const std::bad_alloc&) {
        return Error{Error::Kind::Malformed, "", std::nullopt, 0, "out of memory while decoding the module"};
    }
    return module;
}

}  // namespace faaslet::wasm
