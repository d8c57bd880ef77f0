#include "wasm/decoder/features.h"

#include "wasm/decoder/byte_reader.h"
#include "wasm/decoder/instruction_reader.h"

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

}  // namespace

TargetFeatures readTargetFeatures(std::span<const uint8_t> bytes) {
    TargetFeatures out;
    size_t pos = 8;
    while (pos < bytes.size()) {
        try {
            ByteReader header(bytes, pos + 1, bytes.size(), "custom");
            const uint8_t id = bytes[pos];
            const uint32_t size = header.u32();
            if (size > header.remaining()) return out;
            const size_t end = header.position() + size;
            if (id == 0) {
                ByteReader name(bytes, header.position(), end, "custom");
                if (name.name() == "target_features") {
                    out.present = true;
                    try {
                        parseClaims(bytes, name.position(), end, out);
                    } catch (const ModuleError&) {
                        out.valid = false;
                    }
                    return out;
                }
            }
            pos = end;
        } catch (const ModuleError&) {
            return out;  // the section headers themselves are broken: the decoder reports that
        }
    }
    return out;
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
    for (size_t i = 0; i < m.code.size(); ++i) {
        const FunctionBody& body = m.code[i];
        for (const LocalRun& run : body.locals) addTypeFeatures(run.type, used);
        InstructionReader in(m.bytes, body.code.begin, body.code.end, "code",
                             m.importedFunctions + uint32_t(i));
        while (!in.atEnd()) {
            const Instruction ins = in.next();
            if (const char* feature = featureOf(ins, info(ins.op))) used.insert(feature);
        }
    }
    return used;
}

}  // namespace faaslet::wasm
