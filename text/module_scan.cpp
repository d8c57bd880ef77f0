// Pass 1: the index of every module-level identifier, and the explicit type definitions.

#include "fmt/format.h"
#include "text/module_parser.h"

namespace faaslet::text {

void ModuleParser::declare(IndexSpace& space, const Token* id) {
    uint32_t index = space.count++;
    if (!id) return;
    if (!space.names.emplace(std::string(id->text), index).second)
        in_.fail(*id, fmt::format("duplicate {} {}", space.what, id->text));
}

void ModuleParser::noteImport(const Token& at) {
    if (sawDefinition_) in_.fail(at, "import after a function, table, memory or global definition");
}

void ModuleParser::skipExports() {
    while (in_.atForm("export")) {
        in_.next();
        in_.skipToFormEnd();
    }
}

void ModuleParser::scanField() {
    size_t start = in_.mark();
    in_.expectLParen();
    const Token& keyword = in_.peek();
    if (keyword.kind != TokenKind::Keyword) in_.expected("a module field");
    std::string_view kw = keyword.text;
    in_.next();
    if (kw == "type") {
        const Token* id = in_.takeId();
        declare(types_, id);
        typeList_.push_back(funcType());
        in_.expectRParen();
        return;
    }
    if (kw == "func" || kw == "table" || kw == "memory" || kw == "global") {
        IndexSpace& space = kw == "func" ? funcs_ : kw == "table" ? tables_ : kw == "memory" ? memories_ : globals_;
        declare(space, in_.takeId());
        skipExports();
        if (in_.atForm("import")) {
            noteImport(in_.peek(1));
        } else {
            noteDefinition();
            // An inline (elem ...) or (data ...) defines a segment too.
            bool refType = in_.isKeyword("funcref") || in_.isKeyword("externref");
            if (kw == "table" && refType && in_.atForm("elem", 1)) declare(elems_, nullptr);
            if (kw == "memory" && in_.atForm("data")) declare(datas_, nullptr);
        }
    } else if (kw == "import") {
        noteImport(keyword);
        in_.expectString("the module name of the import");
        in_.expectString("the field name of the import");
        in_.expectLParen();
        const Token& whatToken = in_.peek();
        std::string_view what = in_.expectKeywordToken("an import description (func, table, memory, global)");
        IndexSpace* space = what == "func" ? &funcs_ : what == "table" ? &tables_ : what == "memory" ? &memories_
                          : what == "global" ? &globals_ : nullptr;
        if (!space) in_.fail(whatToken, fmt::format("unknown import kind `{}`", what));
        declare(*space, in_.takeId());
    } else if (kw == "elem") {
        declare(elems_, in_.takeId());
    } else if (kw == "data") {
        declare(datas_, in_.takeId());
    } else if (kw != "export" && kw != "start") {
        in_.fail(keyword, fmt::format("unknown module field `{}`", kw));
    }
    in_.reset(start);
    in_.next();
    in_.skipToFormEnd();
}

}  // namespace faaslet::text
