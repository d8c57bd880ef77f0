// Instructions, plain and folded, encoded from the instruction table (opcodes.def).

#include <unordered_map>

#include "fmt/format.h"
#include "text/module_parser.h"
#include "text/numbers.h"

namespace faaslet::text {

using wasm::Opcode;

namespace {

// Mnemonic to opcode, from the same table the decoder reads. `select` names two rows: the plain
// one is found here, the typed one chosen by its `(result ...)`.
const std::unordered_map<std::string_view, Opcode>& opcodesByName() {
    static const std::unordered_map<std::string_view, Opcode> table = [] {
        std::unordered_map<std::string_view, Opcode> m;
#define WASM_OP(name, prefix, code, text, imm, n, p1, p2, p3, result) m.emplace(text, Opcode::name);
#include "wasm/module/opcodes.def"
#undef WASM_OP
        return m;
    }();
    return table;
}

std::optional<Opcode> lookup(const Token& t) {
    if (t.kind != TokenKind::Keyword) return std::nullopt;
    auto it = opcodesByName().find(t.text);
    if (it == opcodesByName().end()) return std::nullopt;
    return it->second;
}

bool isBlock(Opcode op) {
    return op == Opcode::Block || op == Opcode::Loop || op == Opcode::If;
}

}  // namespace

class ModuleParser::Nest {
public:
    Nest(ModuleParser& p, const Token& at) : p_(p) {
        if (++p_.nesting_ > kMaxNesting)
            p_.in_.fail(at, fmt::format("instructions nested more than {} deep", kMaxNesting));
    }
    ~Nest() { --p_.nesting_; }
    Nest(const Nest&) = delete;
    Nest& operator=(const Nest&) = delete;

private:
    ModuleParser& p_;
};

void ModuleParser::writeOpcode(ByteWriter& out, Opcode op) {
    const wasm::OpcodeInfo& i = wasm::info(op);
    if (i.prefix == 0) {
        out.byte(uint8_t(i.code));
    } else {
        out.byte(i.prefix);
        out.u32(i.code);
    }
}

void ModuleParser::instructions(ByteWriter& out) {
    for (;;) {
        if (in_.is(TokenKind::LParen)) {
            foldedInstruction(out);
        } else if (in_.is(TokenKind::Keyword) && !in_.isKeyword("end") && !in_.isKeyword("else")) {
            plainInstruction(out);
        } else {
            return;
        }
    }
}

void ModuleParser::constExpr(ByteWriter& out) {
    Function scope;  // labels of any block in the expression; no locals
    Function* outer = function_;
    function_ = &scope;
    instructions(out);
    function_ = outer;
    out.byte(0x0b);
}

void ModuleParser::plainInstruction(ByteWriter& out) {
    const Token& t = in_.next();
    auto op = lookup(t);
    if (!op) in_.fail(t, fmt::format("unknown operator {}", describe(t)));
    if (isBlock(*op)) {
        blockInstruction(out, *op);
        return;
    }
    if (*op == Opcode::Select && in_.atForm("result")) op = Opcode::SelectT;
    writeOpcode(out, *op);
    immediates(out, *op, t);
}

void ModuleParser::blockInstruction(ByteWriter& out, Opcode op) {
    Nest nest(*this, in_.peek());
    std::optional<std::string> label;
    if (const Token* id = in_.takeId()) label = std::string(id->text);
    writeOpcode(out, op);
    blockType(out);
    function_->labels.push_back(label);
    instructions(out);
    if (op == Opcode::If && in_.takeKeyword("else")) {
        endLabel(label);
        out.byte(0x05);
        instructions(out);
    }
    in_.expectKeyword("end");
    endLabel(label);
    function_->labels.pop_back();
    out.byte(0x0b);
}

void ModuleParser::endLabel(const std::optional<std::string>& label) {
    const Token* id = in_.takeId();
    if (id && (!label || *label != id->text))
        in_.fail(*id, fmt::format("mismatching label {}, the block is labelled {}", id->text, label.value_or("(none)")));
}

void ModuleParser::foldedInstruction(ByteWriter& out) {
    Nest nest(*this, in_.peek());
    in_.expectLParen();
    const Token& t = in_.next();
    auto op = lookup(t);
    if (!op) in_.fail(t, fmt::format("unknown operator {}", describe(t)));
    if (isBlock(*op)) {
        foldedBlock(out, *op);
    } else {
        if (*op == Opcode::Select && in_.atForm("result")) op = Opcode::SelectT;
        ByteWriter self;
        writeOpcode(self, *op);
        immediates(self, *op, t);
        // Folded operands are evaluated first.
        while (in_.is(TokenKind::LParen)) foldedInstruction(out);
        out.append(self);
    }
    in_.expectRParen();
}

void ModuleParser::foldedBlock(ByteWriter& out, Opcode op) {
    std::optional<std::string> label;
    if (const Token* id = in_.takeId()) label = std::string(id->text);
    ByteWriter type;
    blockType(type);
    if (op == Opcode::If) {
        while (in_.is(TokenKind::LParen) && !in_.atForm("then")) foldedInstruction(out);
    }
    writeOpcode(out, op);
    out.append(type);
    function_->labels.push_back(label);
    if (op == Opcode::If) {
        in_.expectForm("then");
        instructions(out);
        in_.expectRParen();
        if (in_.atForm("else")) {
            in_.next();
            in_.next();
            out.byte(0x05);
            instructions(out);
            in_.expectRParen();
        }
    } else {
        instructions(out);
    }
    function_->labels.pop_back();
    out.byte(0x0b);
}

void ModuleParser::blockType(ByteWriter& out) {
    if (in_.atForm("type")) {
        out.s64(typeUse(false).index);
        return;
    }
    wasm::FuncType type;
    std::vector<std::optional<std::string>> names;
    const Token& at = in_.peek();
    params(type, &names);
    for (const auto& name : names)
        if (name) in_.fail(at, fmt::format("unexpected token: a block's parameter {} cannot be named", *name));
    results(type);
    if (type.params.empty() && type.results.empty()) {
        out.byte(0x40);
    } else if (type.params.empty() && type.results.size() == 1) {
        writeValType(out, type.results[0]);
    } else {
        out.s64(internType(type));
    }
}

void ModuleParser::memArg(ByteWriter& out, uint32_t naturalWidth) {
    uint32_t offset = 0;
    uint32_t align = naturalWidth;
    auto field = [&](std::string_view prefix) -> std::optional<uint64_t> {
        const Token& t = in_.peek();
        if (t.kind != TokenKind::Keyword || t.text.substr(0, prefix.size()) != prefix) return std::nullopt;
        auto v = parseUnsigned(t.text.substr(prefix.size()), 32);
        if (!v) in_.fail(t, fmt::format("{} needs a u32, found {}", prefix, describe(t)));
        in_.next();
        return v;
    };
    if (auto v = field("offset=")) offset = uint32_t(*v);
    const Token& alignToken = in_.peek();
    if (auto v = field("align=")) {
        if (*v == 0 || (*v & (*v - 1)) != 0) in_.fail(alignToken, "alignment must be a power of two");
        align = uint32_t(*v);
    }
    uint32_t log2 = 0;
    while ((1u << log2) < align) ++log2;
    out.u32(log2);
    out.u32(offset);
}

void ModuleParser::v128Const(ByteWriter& out) {
    const Token& shapeToken = in_.peek();
    std::string_view shape = in_.expectKeywordToken("a vector shape (i8x16, i16x8, i32x4, i64x2, f32x4, f64x2)");
    unsigned bits = shape == "i8x16" ? 8 : shape == "i16x8" ? 16 : shape == "i32x4" || shape == "f32x4" ? 32
                  : shape == "i64x2" || shape == "f64x2" ? 64 : 0;
    if (bits == 0) in_.fail(shapeToken, fmt::format("unknown vector shape `{}`", shape));
    bool isFloat = shape[0] == 'f';
    for (unsigned lane = 0; lane < 128 / bits; ++lane) {
        const Token& t = in_.peek();
        if (t.kind != TokenKind::Number && !(isFloat && t.kind == TokenKind::Keyword))
            in_.expected(fmt::format("lane {} of the {} constant", lane, shape));
        std::optional<uint64_t> v;
        if (!isFloat) v = parseInteger(t.text, bits);
        else if (bits == 32) v = parseF32(t.text);
        else v = parseF64(t.text);
        if (!v) in_.fail(t, fmt::format("{} is not a valid {} lane", describe(t), shape));
        in_.next();
        for (unsigned b = 0; b < bits / 8; ++b) out.byte(uint8_t(*v >> (8 * b)));
    }
}

void ModuleParser::immediates(ByteWriter& out, Opcode op, const Token& at) {
    const wasm::OpcodeInfo& i = wasm::info(op);
    auto laneIndex = [&] {
        const Token& t = in_.peek();
        if (t.kind != TokenKind::Number) in_.expected("a lane index");
        auto v = parseUnsigned(t.text, 8);
        if (!v) in_.fail(t, fmt::format("malformed lane index {}", describe(t)));
        in_.next();
        out.byte(uint8_t(*v));
    };
    switch (i.immediate) {
        case wasm::Immediate::None: return;
        case wasm::Immediate::Block: in_.fail(at, "internal: block instruction outside blockInstruction");
        case wasm::Immediate::Label: out.u32(labelIndex()); return;
        case wasm::Immediate::BrTable: {
            std::vector<uint32_t> labels;
            while (atIndex()) labels.push_back(labelIndex());
            if (labels.empty()) in_.expected("a label index");
            out.u32(uint32_t(labels.size() - 1));
            for (uint32_t l : labels) out.u32(l);
            return;
        }
        case wasm::Immediate::Func: out.u32(index(funcs_)); return;
        case wasm::Immediate::CallIndirect: {
            uint32_t table = atIndex() ? index(tables_) : 0;
            TypeUse use = typeUse(false);
            out.u32(use.index);
            out.u32(table);
            return;
        }
        case wasm::Immediate::Local: out.u32(index(function_->locals)); return;
        case wasm::Immediate::Global: out.u32(index(globals_)); return;
        case wasm::Immediate::Table: out.u32(atIndex() ? index(tables_) : 0); return;
        case wasm::Immediate::MemoryIndex: out.byte(0x00); return;
        case wasm::Immediate::MemArg: memArg(out, i.width); return;
        case wasm::Immediate::MemArgLane:
            memArg(out, i.width);
            laneIndex();
            return;
        case wasm::Immediate::I32:
        case wasm::Immediate::I64: {
            const Token& t = in_.peek();
            unsigned bits = i.immediate == wasm::Immediate::I32 ? 32 : 64;
            if (t.kind != TokenKind::Number) in_.expected(fmt::format("an i{} constant", bits));
            auto v = parseInteger(t.text, bits);
            if (!v) in_.fail(t, fmt::format("{} is not a valid i{} constant", describe(t), bits));
            in_.next();
            if (bits == 32) out.s32(int32_t(uint32_t(*v)));
            else out.s64(int64_t(*v));
            return;
        }
        case wasm::Immediate::F32:
        case wasm::Immediate::F64: {
            const Token& t = in_.peek();
            bool f32 = i.immediate == wasm::Immediate::F32;
            if (t.kind != TokenKind::Number && t.kind != TokenKind::Keyword)
                in_.expected(f32 ? "an f32 constant" : "an f64 constant");
            if (f32) {
                auto v = parseF32(t.text);
                if (!v) in_.fail(t, fmt::format("{} is not a valid f32 constant", describe(t)));
                out.fixed32(*v);
            } else {
                auto v = parseF64(t.text);
                if (!v) in_.fail(t, fmt::format("{} is not a valid f64 constant", describe(t)));
                out.fixed64(*v);
            }
            in_.next();
            return;
        }
        case wasm::Immediate::V128: v128Const(out); return;
        case wasm::Immediate::Shuffle:
            for (int lane = 0; lane < 16; ++lane) laneIndex();
            return;
        case wasm::Immediate::Lane: laneIndex(); return;
        case wasm::Immediate::RefType: writeValType(out, heapType()); return;
        case wasm::Immediate::SelectTypes: {
            wasm::FuncType types;
            results(types);
            out.u32(uint32_t(types.results.size()));
            for (auto t : types.results) writeValType(out, t);
            return;
        }
        case wasm::Immediate::MemoryInit:
            usesDataIndex_ = true;
            out.u32(index(datas_));
            out.byte(0x00);
            return;
        case wasm::Immediate::MemoryCopy:
            out.byte(0x00);
            out.byte(0x00);
            return;
        case wasm::Immediate::Data:
            usesDataIndex_ = true;
            out.u32(index(datas_));
            return;
        case wasm::Immediate::Elem: out.u32(index(elems_)); return;
        case wasm::Immediate::TableInit: {
            // `table.init t e`, or `table.init e` for table 0.
            bool both = in_.is(TokenKind::Number, 1) || in_.is(TokenKind::Id, 1);
            uint32_t table = both ? index(tables_) : 0;
            out.u32(index(elems_));
            out.u32(table);
            return;
        }
        case wasm::Immediate::TableCopy: {
            uint32_t dst = atIndex() ? index(tables_) : 0;
            uint32_t src = atIndex() ? index(tables_) : 0;
            out.u32(dst);
            out.u32(src);
            return;
        }
    }
}

}  // namespace faaslet::text
