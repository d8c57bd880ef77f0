// Pass 2: each module field to its section entries, then the sections in the binary's order.

#include "fmt/format.h"
#include "text/module_parser.h"

namespace faaslet::text {

using wasm::ExternKind;
using wasm::ValType;

std::vector<uint8_t> ModuleParser::parse() {
    size_t start = in_.mark();
    while (in_.is(TokenKind::LParen)) scanField();
    if (!in_.is(TokenKind::RParen) && !in_.is(TokenKind::End)) in_.expected("a module field or `)`");
    in_.reset(start);
    while (in_.is(TokenKind::LParen)) parseField();
    return encodeSections();
}

void ModuleParser::parseField() {
    in_.expectLParen();
    std::string_view kw = in_.next().text;  // pass 1 checked it
    if (kw == "type") in_.skipToFormEnd();  // read in pass 1
    else if (kw == "import") importField();
    else if (kw == "func") funcField();
    else if (kw == "table") tableField();
    else if (kw == "memory") memoryField();
    else if (kw == "global") globalField();
    else if (kw == "export") exportField();
    else if (kw == "start") startField();
    else if (kw == "elem") elemField();
    else dataField();
}

void ModuleParser::inlineExports(ExternKind kind, uint32_t index) {
    while (in_.atForm("export")) {
        in_.next();
        in_.next();
        exportSec_.bytes.name(in_.expectString("the export's name"));
        exportSec_.bytes.byte(uint8_t(kind));
        exportSec_.bytes.u32(index);
        ++exportSec_.count;
        in_.expectRParen();
    }
}

uint32_t ModuleParser::beginField(ExternKind kind, uint32_t& next) {
    in_.takeId();
    const uint32_t index = next++;
    inlineExports(kind, index);
    return index;
}

bool ModuleParser::importedField(ExternKind kind, const std::function<void(ByteWriter&)>& writeType) {
    ByteWriter& imports = importSec_.bytes;
    if (!inlineImport(imports)) return false;
    imports.byte(uint8_t(kind));
    writeType(imports);
    in_.expectRParen();
    return true;
}

bool ModuleParser::inlineImport(ByteWriter& entry) {
    if (!in_.atForm("import")) return false;
    in_.next();
    in_.next();
    entry.name(in_.expectString("the module name of the import"));
    entry.name(in_.expectString("the field name of the import"));
    in_.expectRParen();
    ++importSec_.count;
    return true;
}

void ModuleParser::importField() {
    ByteWriter& e = importSec_.bytes;
    e.name(in_.expectString("the module name of the import"));
    e.name(in_.expectString("the field name of the import"));
    ++importSec_.count;
    in_.expectLParen();
    std::string_view kind = in_.next().text;  // pass 1 checked it
    in_.takeId();
    if (kind == "func") {
        ++nextFunc_;
        e.byte(uint8_t(ExternKind::Func));
        e.u32(typeUse().index);
    } else if (kind == "table") {
        ++nextTable_;
        e.byte(uint8_t(ExternKind::Table));
        tableType(e);
    } else if (kind == "memory") {
        ++nextMemory_;
        e.byte(uint8_t(ExternKind::Memory));
        limits(e, "the memory's minimum size");
    } else {
        ++nextGlobal_;
        e.byte(uint8_t(ExternKind::Global));
        globalType(e);
    }
    in_.expectRParen();
    in_.expectRParen();
}

void ModuleParser::funcField() {
    const Token& at = in_.peek();
    const uint32_t index = beginField(ExternKind::Func, nextFunc_);
    if (importedField(ExternKind::Func, [&](ByteWriter& entry) { entry.u32(typeUse().index); })) return;
    TypeUse use = typeUse();
    funcSec_.bytes.u32(use.index);
    ++funcSec_.count;
    functionBody(use, at);
    in_.expectRParen();
}

void ModuleParser::functionBody(const TypeUse& use, const Token& at) {
    Function fn;
    auto bind = [&](const std::optional<std::string>& name, const Token& where) {
        uint32_t index = fn.locals.count++;
        if (name && !fn.locals.names.emplace(*name, index).second)
            in_.fail(where, fmt::format("duplicate local {}", *name));
    };
    for (const auto& name : use.paramNames) bind(name, at);
    std::vector<ValType> locals;
    while (in_.atForm("local")) {
        in_.next();
        in_.next();
        if (const Token* id = in_.takeId()) {
            bind(std::string(id->text), *id);
            locals.push_back(valType());
        } else {
            while (!in_.is(TokenKind::RParen)) {
                bind(std::nullopt, in_.peek());
                locals.push_back(valType());
            }
        }
        in_.expectRParen();
    }
    ByteWriter body;
    std::vector<std::pair<uint32_t, ValType>> runs;
    for (ValType t : locals) {
        if (!runs.empty() && runs.back().second == t) ++runs.back().first;
        else runs.push_back({1, t});
    }
    body.u32(uint32_t(runs.size()));
    for (auto [n, t] : runs) {
        body.u32(n);
        writeValType(body, t);
    }
    function_ = &fn;
    instructions(body);
    function_ = nullptr;
    if (!in_.is(TokenKind::RParen)) in_.expected("an instruction or `)`");
    body.byte(0x0b);
    codeSec_.bytes.sized(body);
    ++codeSec_.count;
}

void ModuleParser::tableField() {
    const uint32_t self = beginField(ExternKind::Table, nextTable_);
    if (importedField(ExternKind::Table, [&](ByteWriter& entry) { tableType(entry); })) return;
    ++tableSec_.count;
    if ((in_.isKeyword("funcref") || in_.isKeyword("externref")) && in_.atForm("elem", 1)) {
        // (table t (elem ...)): a table exactly as large as its elements, filled from 0.
        ValType type = refType();
        in_.next();
        in_.next();
        ElemItems items;
        if (atIndex() || in_.is(TokenKind::RParen)) {
            while (atIndex()) {
                items.bytes.u32(index(funcs_));
                ++items.count;
            }
        } else {
            items.exprs = true;
            while (in_.is(TokenKind::LParen)) {
                elemExpr(items.bytes);
                ++items.count;
            }
        }
        items.type = type;
        if (type != ValType::FuncRef) items.exprs = true;
        in_.expectRParen();
        writeValType(tableSec_.bytes, type);
        tableSec_.bytes.byte(0x01);
        tableSec_.bytes.u32(items.count);
        tableSec_.bytes.u32(items.count);
        ByteWriter offset;
        offset.byte(0x41);  // i32.const 0
        offset.byte(0x00);
        offset.byte(0x0b);
        writeElem(ElemMode::Active, self, offset, items);
    } else {
        tableType(tableSec_.bytes);
    }
    in_.expectRParen();
}

void ModuleParser::memoryField() {
    const uint32_t index = beginField(ExternKind::Memory, nextMemory_);
    if (importedField(ExternKind::Memory, [&](ByteWriter& entry) { limits(entry, "the memory's minimum size"); })) return;
    ++memorySec_.count;
    if (in_.atForm("data")) {
        // (memory (data ...)): a memory exactly as large as its data, in whole pages.
        in_.next();
        in_.next();
        std::string data;
        while (in_.is(TokenKind::String)) data += in_.next().value;
        in_.expectRParen();
        uint32_t pages = uint32_t((data.size() + wasm::kPageSize - 1) / wasm::kPageSize);
        memorySec_.bytes.byte(0x01);
        memorySec_.bytes.u32(pages);
        memorySec_.bytes.u32(pages);
        ByteWriter& d = dataSec_.bytes;
        if (index == 0) {
            d.byte(0x00);
        } else {
            d.byte(0x02);
            d.u32(index);
        }
        d.byte(0x41);
        d.byte(0x00);
        d.byte(0x0b);
        d.name(data);
        ++dataSec_.count;
    } else {
        limits(memorySec_.bytes, "the memory's minimum size");
    }
    in_.expectRParen();
}

void ModuleParser::globalField() {
    const uint32_t index = beginField(ExternKind::Global, nextGlobal_);
    if (importedField(ExternKind::Global, [&](ByteWriter& entry) { globalType(entry); })) return;
    globalType(globalSec_.bytes);
    constExpr(globalSec_.bytes);
    ++globalSec_.count;
    in_.expectRParen();
}

void ModuleParser::exportField() {
    exportSec_.bytes.name(in_.expectString("the export's name"));
    in_.expectLParen();
    const Token& kindToken = in_.peek();
    std::string_view kind = in_.expectKeywordToken("an export kind (func, table, memory, global)");
    ExternKind k;
    const IndexSpace* space;
    if (kind == "func") k = ExternKind::Func, space = &funcs_;
    else if (kind == "table") k = ExternKind::Table, space = &tables_;
    else if (kind == "memory") k = ExternKind::Memory, space = &memories_;
    else if (kind == "global") k = ExternKind::Global, space = &globals_;
    else in_.fail(kindToken, fmt::format("unknown export kind `{}`", kind));
    exportSec_.bytes.byte(uint8_t(k));
    exportSec_.bytes.u32(index(*space));
    ++exportSec_.count;
    in_.expectRParen();
    in_.expectRParen();
}

void ModuleParser::startField() {
    const Token& at = in_.peek();
    if (sawStart_) in_.fail(at, "multiple start sections");
    sawStart_ = true;
    start_.u32(index(funcs_));
    in_.expectRParen();
}

void ModuleParser::foldedConstExpr(ByteWriter& out) {
    Function scope;
    Function* outer = function_;
    function_ = &scope;
    foldedInstruction(out);
    function_ = outer;
    out.byte(0x0b);
}

void ModuleParser::offsetExpr(ByteWriter& out) {
    if (in_.atForm("offset")) {
        in_.next();
        in_.next();
        constExpr(out);
        in_.expectRParen();
    } else {
        foldedConstExpr(out);
    }
}

void ModuleParser::elemExpr(ByteWriter& out) {
    if (in_.atForm("item")) {
        in_.next();
        in_.next();
        constExpr(out);
        in_.expectRParen();
    } else {
        foldedConstExpr(out);
    }
}

ModuleParser::ElemItems ModuleParser::elemList(bool allowBareIndices) {
    ElemItems items;
    if (in_.takeKeyword("func") || (allowBareIndices && (atIndex() || in_.is(TokenKind::RParen)))) {
        while (atIndex()) {
            items.bytes.u32(index(funcs_));
            ++items.count;
        }
        return items;
    }
    items.type = refType();
    items.exprs = true;
    while (in_.is(TokenKind::LParen)) {
        elemExpr(items.bytes);
        ++items.count;
    }
    return items;
}

void ModuleParser::writeElem(ElemMode mode, uint32_t table, const ByteWriter& offset, const ElemItems& items) {
    ByteWriter& out = elemSec_.bytes;
    ++elemSec_.count;
    uint32_t flags;
    bool implicitTable = table == 0 && items.type == ValType::FuncRef;
    switch (mode) {
        case ElemMode::Active: flags = implicitTable ? 0 : 2; break;
        case ElemMode::Passive: flags = 1; break;
        case ElemMode::Declarative: flags = 3; break;
    }
    if (items.exprs) flags |= 4;
    out.u32(flags);
    if (flags == 2 || flags == 6) out.u32(table);
    if (mode == ElemMode::Active) out.append(offset);
    if (flags == 1 || flags == 2 || flags == 3) out.byte(0x00);  // elemkind funcref
    if (flags == 5 || flags == 6 || flags == 7) writeValType(out, items.type);
    out.u32(items.count);
    out.append(items.bytes);
}

void ModuleParser::elemField() {
    in_.takeId();
    ElemMode mode = ElemMode::Passive;
    uint32_t table = 0;
    ByteWriter offset;
    if (in_.takeKeyword("declare")) {
        mode = ElemMode::Declarative;
    } else {
        if (in_.atForm("table")) {
            in_.next();
            in_.next();
            table = index(tables_);
            in_.expectRParen();
            mode = ElemMode::Active;
        } else if (in_.is(TokenKind::Number) && in_.is(TokenKind::LParen, 1)) {
            table = index(tables_);  // the older form: a bare table index before the offset
            mode = ElemMode::Active;
        }
        if (in_.is(TokenKind::LParen)) {
            offsetExpr(offset);
            mode = ElemMode::Active;
        } else if (mode == ElemMode::Active) {
            in_.expected("an offset expression");
        }
    }
    ElemItems items = elemList(mode == ElemMode::Active);
    in_.expectRParen();
    writeElem(mode, table, offset, items);
}

void ModuleParser::dataField() {
    in_.takeId();
    bool active = false;
    uint32_t memory = 0;
    if (in_.atForm("memory")) {
        in_.next();
        in_.next();
        memory = index(memories_);
        in_.expectRParen();
        active = true;
    } else if (in_.is(TokenKind::Number) && in_.is(TokenKind::LParen, 1)) {
        memory = index(memories_);
        active = true;
    }
    ByteWriter& d = dataSec_.bytes;
    ++dataSec_.count;
    if (in_.is(TokenKind::LParen)) {
        if (memory == 0) {
            d.byte(0x00);
        } else {
            d.byte(0x02);
            d.u32(memory);
        }
        offsetExpr(d);
    } else if (active) {
        in_.expected("an offset expression");
    } else {
        d.byte(0x01);
    }
    std::string data;
    while (in_.is(TokenKind::String)) data += in_.next().value;
    d.name(data);
    in_.expectRParen();
}

std::vector<uint8_t> ModuleParser::encodeSections() {
    ByteWriter m;
    for (uint8_t b : {0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00}) m.byte(b);
    auto section = [&](uint8_t id, const SectionEntries& entries) {
        if (entries.count == 0) return;
        ByteWriter contents;
        contents.u32(entries.count);
        contents.append(entries.bytes);
        m.byte(id);
        m.sized(contents);
    };
    SectionEntries types;
    for (const auto& t : typeList_) writeFuncType(types.bytes, t);
    types.count = uint32_t(typeList_.size());
    section(1, types);
    section(2, importSec_);
    section(3, funcSec_);
    section(4, tableSec_);
    section(5, memorySec_);
    section(6, globalSec_);
    section(7, exportSec_);
    if (sawStart_) {
        m.byte(8);
        m.sized(start_);
    }
    section(9, elemSec_);
    if (usesDataIndex_) {
        ByteWriter count;
        count.u32(dataSec_.count);
        m.byte(12);
        m.sized(count);
    }
    section(10, codeSec_);
    section(11, dataSec_);
    return m.take();
}

}  // namespace faaslet::text
