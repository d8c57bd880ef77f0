// Value, function, table and global types, type uses and indices.

#include "fmt/format.h"
#include "text/module_parser.h"
#include "text/numbers.h"

namespace faaslet::text {

using wasm::ValType;

std::optional<ValType> ModuleParser::maybeValType() const {
    if (!in_.is(TokenKind::Keyword)) return std::nullopt;
    std::string_view t = in_.peek().text;
    if (t == "i32") return ValType::I32;
    if (t == "i64") return ValType::I64;
    if (t == "f32") return ValType::F32;
    if (t == "f64") return ValType::F64;
    if (t == "v128") return ValType::V128;
    if (t == "funcref") return ValType::FuncRef;
    if (t == "externref") return ValType::ExternRef;
    return std::nullopt;
}

ValType ModuleParser::valType() {
    auto t = maybeValType();
    if (!t) in_.expected("a value type (i32, i64, f32, f64, v128, funcref, externref)");
    in_.next();
    return *t;
}

ValType ModuleParser::refType() {
    if (in_.takeKeyword("funcref")) return ValType::FuncRef;
    if (in_.takeKeyword("externref")) return ValType::ExternRef;
    in_.expected("a reference type (funcref, externref)");
}

ValType ModuleParser::heapType() {
    if (in_.takeKeyword("func")) return ValType::FuncRef;
    if (in_.takeKeyword("extern")) return ValType::ExternRef;
    in_.expected("a heap type (func, extern)");
}

void ModuleParser::params(wasm::FuncType& type, std::vector<std::optional<std::string>>* names) {
    while (in_.atForm("param")) {
        in_.next();
        in_.next();
        if (const Token* id = in_.takeId()) {
            type.params.push_back(valType());
            if (names) names->push_back(std::string(id->text));
        } else {
            while (!in_.is(TokenKind::RParen)) {
                type.params.push_back(valType());
                if (names) names->push_back(std::nullopt);
            }
        }
        in_.expectRParen();
    }
}

void ModuleParser::results(wasm::FuncType& type) {
    while (in_.atForm("result")) {
        in_.next();
        in_.next();
        while (!in_.is(TokenKind::RParen)) type.results.push_back(valType());
        in_.expectRParen();
    }
}

wasm::FuncType ModuleParser::funcType() {
    in_.expectForm("func");
    wasm::FuncType type;
    params(type, nullptr);
    results(type);
    in_.expectRParen();
    return type;
}

uint32_t ModuleParser::internType(const wasm::FuncType& type) {
    for (size_t i = 0; i < typeList_.size(); ++i)
        if (typeList_[i] == type) return uint32_t(i);
    typeList_.push_back(type);
    return uint32_t(typeList_.size() - 1);
}

ModuleParser::TypeUse ModuleParser::typeUse(bool allowNames) {
    TypeUse use{0, {}, {}};
    std::optional<uint32_t> explicitIndex;
    const Token& at = in_.peek();
    if (in_.atForm("type")) {
        in_.next();
        in_.next();
        explicitIndex = index(types_);
        in_.expectRParen();
    }
    const Token& paramsAt = in_.peek();
    params(use.type, &use.paramNames);
    results(use.type);
    if (!allowNames)
        for (const auto& name : use.paramNames)
            if (name) in_.fail(paramsAt, fmt::format("unexpected token: parameter {} cannot be named here", *name));
    if (!explicitIndex) {
        use.index = internType(use.type);
        return use;
    }
    use.index = *explicitIndex;
    bool inline_ = !use.type.params.empty() || !use.type.results.empty();
    // With inline params or results the type must be one of the explicit definitions, to be
    // compared; without, an index past the type section is left for the validator to reject.
    if (inline_ && use.index >= types_.count) in_.fail(at, fmt::format("unknown type {}", use.index));
    if (use.index >= typeList_.size()) return use;
    const wasm::FuncType& declared = typeList_[use.index];
    if (inline_ && !(declared == use.type))
        in_.fail(at, fmt::format("inconsistent type: the type use names type {} {} but declares {}", use.index,
                                 wasm::toString(declared), wasm::toString(use.type)));
    if (!inline_) {
        use.type = declared;
        use.paramNames.assign(declared.params.size(), std::nullopt);
    }
    return use;
}

void ModuleParser::writeFuncType(ByteWriter& out, const wasm::FuncType& t) {
    out.byte(0x60);
    out.u32(uint32_t(t.params.size()));
    for (ValType v : t.params) writeValType(out, v);
    out.u32(uint32_t(t.results.size()));
    for (ValType v : t.results) writeValType(out, v);
}

void ModuleParser::limits(ByteWriter& out, const char* what) {
    uint32_t min = u32(what);
    if (in_.is(TokenKind::Number)) {
        uint32_t max = u32("a maximum");
        out.byte(0x01);
        out.u32(min);
        out.u32(max);
    } else {
        out.byte(0x00);
        out.u32(min);
    }
}

void ModuleParser::tableType(ByteWriter& out) {
    ByteWriter lim;
    limits(lim, "the table's minimum size");
    writeValType(out, refType());
    out.append(lim);
}

void ModuleParser::globalType(ByteWriter& out) {
    if (in_.atForm("mut")) {
        in_.next();
        in_.next();
        writeValType(out, valType());
        in_.expectRParen();
        out.byte(0x01);
    } else {
        writeValType(out, valType());
        out.byte(0x00);
    }
}

uint32_t ModuleParser::u32(const char* what) {
    const Token& t = in_.peek();
    if (t.kind != TokenKind::Number) in_.expected(what);
    auto v = parseUnsigned(t.text, 32);
    if (!v) in_.fail(t, fmt::format("{} must be a u32, found {}", what, describe(t)));
    in_.next();
    return uint32_t(*v);
}

uint32_t ModuleParser::index(const IndexSpace& space) {
    const Token& t = in_.peek();
    if (t.kind == TokenKind::Id) {
        auto it = space.names.find(t.text);
        if (it == space.names.end()) in_.fail(t, fmt::format("unknown {} {}", space.what, t.text));
        in_.next();
        return it->second;
    }
    if (t.kind == TokenKind::Number) return u32(fmt::format("a {} index", space.what).c_str());
    in_.expected(fmt::format("a {} index", space.what));
}

uint32_t ModuleParser::labelIndex() {
    const Token& t = in_.peek();
    if (t.kind == TokenKind::Id && function_) {
        const auto& labels = function_->labels;
        for (size_t i = labels.size(); i-- > 0;) {
            if (labels[i] && *labels[i] == t.text) {
                in_.next();
                return uint32_t(labels.size() - 1 - i);
            }
        }
        in_.fail(t, fmt::format("unknown label {}", t.text));
    }
    if (t.kind == TokenKind::Number) return u32("a label index");
    in_.expected("a label index");
}

}  // namespace faaslet::text
