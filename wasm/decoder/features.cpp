#include "wasm/decoder/features.h"

#include <optional>

#include "wasm/decoder/byte_reader.h"
#include "wasm/decoder/instruction_reader.h"
#include "wasm/module/proposals.h"

namespace faaslet::wasm {

namespace {

constexpr const char* kSignExt = "sign-ext";
constexpr const char* kNontrapping = "nontrapping-fptoint";
constexpr const char* kBulkMemory = "bulk-memory";
constexpr const char* kReferenceTypes = "reference-types";
constexpr const char* kMultivalue = "multivalue";
constexpr const char* kSimd = "simd128";
constexpr const char* kExtendedConst = "extended-const";
constexpr const char* kMutableGlobals = "mutable-globals";

void parseClaims(std::span<const uint8_t> bytes, size_t begin, size_t end, TargetFeatures& out) {
    ByteReader r(bytes, begin, end, "custom");
    const uint32_t n = r.count(UINT32_MAX, 2, "target features");
    for (uint32_t i = 0; i < n; ++i) {
        FeatureClaim claim;
        claim.prefix = char(r.u8());
        claim.name = r.name();
        out.claims.push_back(std::move(claim));
    }
    if (!r.atEnd()) r.fail("bytes after the last target feature");
}

// The feature an instruction belongs to, or nullptr for the MVP's own.
const char* featureOf(const Instruction& ins, const OpcodeInfo& facts) {
    switch (ins.op) {
        case Opcode::I32Extend8S:
        case Opcode::I32Extend16S:
        case Opcode::I64Extend8S:
        case Opcode::I64Extend16S:
        case Opcode::I64Extend32S: return kSignExt;
        case Opcode::RefNull:
        case Opcode::RefIsNull:
        case Opcode::RefFunc:
        case Opcode::TableGet:
        case Opcode::TableSet:
        case Opcode::TableGrow:
        case Opcode::TableSize:
        case Opcode::TableFill:
        case Opcode::SelectT: return kReferenceTypes;
        case Opcode::CallIndirect: return ins.b != 0 ? kReferenceTypes : nullptr;
        case Opcode::Block:
        case Opcode::Loop:
        case Opcode::If: return ins.block.kind == BlockType::Kind::TypeIndex ? kMultivalue : nullptr;
        default: break;
    }
    if (facts.prefix == 0xfd) return kSimd;
    // 0xFC 0..7 are the saturating conversions; the rest of the prefix is bulk memory.
    if (facts.prefix == 0xfc) return facts.code <= 7 ? kNontrapping : kBulkMemory;
    return nullptr;
}

void addTypeFeatures(ValType type, std::set<std::string>& used) {
    if (type == ValType::V128) used.insert(kSimd);
    if (type == ValType::ExternRef) used.insert(kReferenceTypes);
}

void scanConstExpr(const ConstExpr& expr, std::set<std::string>& used) {
    for (const Instruction& ins : expr.code) {
        switch (ins.op) {
            case Opcode::I32Add:
            case Opcode::I32Sub:
            case Opcode::I32Mul:
            case Opcode::I64Add:
            case Opcode::I64Sub:
            case Opcode::I64Mul: used.insert(kExtendedConst); break;
            case Opcode::V128Const: used.insert(kSimd); break;
            default: break;
        }
    }
}

// Calls visit(id, begin, end) for each section of the binary `bytes` until it returns false, the
// headers stop making sense (the decoder reports that) or the bytes end. Never throws.
template <class Visit>
void forEachSection(std::span<const uint8_t> bytes, Visit visit) {
    size_t pos = 8;
    while (pos < bytes.size()) {
        try {
            ByteReader header(bytes, pos + 1, bytes.size(), "module");
            const uint8_t id = bytes[pos];
            const uint32_t size = header.u32();
            if (size > header.remaining()) return;
            const size_t end = header.position() + size;
            if (!visit(id, header.position(), end)) return;
            pos = end;
        } catch (const ModuleError&) {
            return;
        }
    }
}

// Steps over an instruction of a proposal faaslet does not run whose immediates are simple
// (exception handling in both forms, tail calls), so that a scan goes on after it; nullopt for the
// others, and for block types it cannot read (typed references). May throw ModuleError when the
// bytes end.
std::optional<size_t> stepOverProposalInstruction(std::span<const uint8_t> bytes, size_t at, size_t end) {
    ByteReader r(bytes, at, end, "code");
    auto blockType = [&] {
        const uint8_t first = r.peek();
        if (first == 0x63 || first == 0x64) return false;
        r.s33();
        return true;
    };
    switch (r.u8()) {
        case 0x06:  // try bt
            if (!blockType()) return std::nullopt;
            break;
        case 0x1f: {  // try_table bt vec(catch)
            if (!blockType()) return std::nullopt;
            const uint32_t clauses = r.count(UINT32_MAX, 2, "catch clauses");
            for (uint32_t i = 0; i < clauses; ++i) {
                if (r.u8() <= 1) r.u32();  // catch and catch_ref name a tag; catch_all(_ref) do not
                r.u32();                   // the label
            }
            break;
        }
        case 0x07:  // catch tag
        case 0x08:  // throw tag
        case 0x09:  // rethrow label
        case 0x18:  // delegate label
        case 0x12:  // return_call func
            r.u32();
            break;
        case 0x13:  // return_call_indirect type table
            r.u32();
            r.u32();
            break;
        case 0x19:  // catch_all
        case 0x0a:  // throw_ref
            break;
        default: return std::nullopt;
    }
    return r.position();
}

// The proposal of the instruction at `at`, read from its encoding.
const Proposal* proposalAt(std::span<const uint8_t> bytes, size_t at, size_t end) {
    ByteReader r(bytes, at, end, "code");
    const uint8_t byte = r.u8();
    if (byte != 0xfc && byte != 0xfd) return proposalOfOpcode(0, byte);
    return proposalOfOpcode(byte, r.u32());
}

// The instructions of one body's code [begin, end): their features, the proposals' included. A
// proposal instruction the scan cannot step over, or malformed code, ends the body's scan.
void scanInstructions(std::span<const uint8_t> bytes, size_t begin, size_t end, std::set<std::string>& used) {
    size_t pos = begin;
    while (pos < end) {
        InstructionReader in(bytes, pos, end, "code");
        try {
            while (!in.atEnd()) {
                pos = in.position();
                const Instruction ins = in.next();
                if (const char* feature = featureOf(ins, info(ins.op))) used.insert(feature);
            }
            return;
        } catch (const ModuleError& e) {
            if (e.error().kind != Error::Kind::Unsupported) return;
            try {
                if (const Proposal* proposal = proposalAt(bytes, pos, end)) used.insert(proposal->feature);
                const auto next = stepOverProposalInstruction(bytes, pos, end);
                if (!next) return;
                pos = *next;
            } catch (const ModuleError&) {
                return;
            }
        }
    }
}

// The local declarations' types, then the instructions, of each body of a code section.
void scanCodeSection(std::span<const uint8_t> bytes, size_t begin, size_t end, std::set<std::string>& used) {
    try {
        ByteReader r(bytes, begin, end, "code");
        const uint32_t bodies = r.count(UINT32_MAX, 2, "function bodies");
        for (uint32_t i = 0; i < bodies; ++i) {
            const uint32_t size = r.u32();
            if (size > r.remaining()) return;
            const size_t bodyEnd = r.position() + size;
            ByteReader locals(bytes, r.position(), bodyEnd, "code");
            const uint32_t runs = locals.count(UINT32_MAX, 2, "local declarations");
            bool typesRead = true;
            for (uint32_t j = 0; j < runs && typesRead; ++j) {
                locals.u32();
                const uint8_t type = locals.u8();
                if (isValTypeCode(type)) {
                    addTypeFeatures(ValType(type), used);
                } else if (const Proposal* proposal = proposalOfValType(type)) {
                    used.insert(proposal->feature);
                    // (ref null ht) and (ref ht) carry a heap type; the other proposal types are one byte.
                    if (type == 0x63 || type == 0x64) locals.s33();
                } else {
                    typesRead = false;
                }
            }
            if (typesRead) scanInstructions(bytes, locals.position(), bodyEnd, used);
            r.skip(size);
        }
    } catch (const ModuleError&) {
        // A malformed code section: what was found so far is the answer.
    }
}

}  // namespace

TargetFeatures readTargetFeatures(std::span<const uint8_t> bytes) {
    TargetFeatures out;
    forEachSection(bytes, [&](uint8_t id, size_t begin, size_t end) {
        if (id != 0) return true;
        ByteReader name(bytes, begin, end, "custom");
        if (name.name() != "target_features") return true;
        out.present = true;
        try {
            parseClaims(bytes, name.position(), end, out);
        } catch (const ModuleError&) {
            out.valid = false;
        }
        return false;
    });
    return out;
}

std::set<std::string> codeFeatures(std::span<const uint8_t> bytes) {
    std::set<std::string> used;
    forEachSection(bytes, [&](uint8_t id, size_t begin, size_t end) {
        if (const Proposal* proposal = proposalOfSection(id)) used.insert(proposal->feature);
        if (id == 10) scanCodeSection(bytes, begin, end, used);
        return true;
    });
    return used;
}

std::set<std::string> usedFeatures(const Module& m) {
    std::set<std::string> used;
    for (const FuncType& type : m.types) {
        if (type.results.size() > 1) used.insert(kMultivalue);
        for (ValType t : type.params) addTypeFeatures(t, used);
        for (ValType t : type.results) addTypeFeatures(t, used);
    }
    for (const Import& import : m.imports) {
        if (import.kind == ExternKind::Global) {
            if (import.global.isMutable) used.insert(kMutableGlobals);
            addTypeFeatures(import.global.type, used);
        }
        if (import.kind == ExternKind::Table) addTypeFeatures(import.table.elemType, used);
    }
    for (const Export& exp : m.exports) {
        if (exp.kind == ExternKind::Global && m.globalType(exp.index).isMutable) used.insert(kMutableGlobals);
    }
    if (m.tableCount() > 1) used.insert(kReferenceTypes);
    for (const TableType& table : m.tables) addTypeFeatures(table.elemType, used);
    for (const Global& global : m.globals) {
        addTypeFeatures(global.type.type, used);
        scanConstExpr(global.init, used);
    }
    if (m.dataCount) used.insert(kBulkMemory);
    for (const DataSegment& seg : m.data) {
        if (seg.mode == DataSegment::Mode::Passive) used.insert(kBulkMemory);
        if (seg.offset) scanConstExpr(*seg.offset, used);
    }
    for (const ElemSegment& seg : m.elems) {
        if (seg.mode != ElemSegment::Mode::Active) used.insert(kBulkMemory);
        if (seg.type != ValType::FuncRef || seg.table != 0) used.insert(kReferenceTypes);
        if (seg.offset) scanConstExpr(*seg.offset, used);
        for (const ConstExpr& item : seg.items) {
            // A plain function index is stored as ref.func too; anything else needs expressions.
            if (item.code.front().op != Opcode::RefFunc) used.insert(kReferenceTypes);
            scanConstExpr(item, used);
        }
    }
    used.merge(codeFeatures(m.bytes));
    return used;
}

}  // namespace faaslet::wasm
